// `fiado score export`: a shop's own history as the CSV `fiado score train` reads (what was
// known at each customer's first sale, and whether an installment ever went 60 days late).
#pragma once

#include <string>

namespace fiado::app {

struct ScoreExportOptions {
  std::string db_url;
  std::string store;  // id or CNPJ/CPF
  std::string out;    // the CSV written
};

// 0 when written; 1 with the reason on stderr in Portuguese.
int RunScoreExport(const ScoreExportOptions& options);

}  // namespace fiado::app
