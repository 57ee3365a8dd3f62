#include "app/score_export.h"

#include <fstream>
#include <iostream>

#include "app/wiring.h"

namespace fiado::app {

int RunScoreExport(const ScoreExportOptions& options) {
  core::SystemClock clock;
  Wiring wiring(options.db_url, 2, clock);
  const auto store = FindStore(wiring, options.store);
  if (!store) {
    std::cerr << "erro: loja não encontrada: " << options.store << '\n';
    return 1;
  }
  auto csv = wiring.credit().ExportHistory(store->id);
  if (!csv) {
    std::cerr << "erro: " << csv.error().Describe() << '\n';
    return 1;
  }
  std::ofstream out(options.out, std::ios::binary);
  out << *csv;
  if (!out.flush()) {
    std::cerr << "erro: não foi possível gravar " << options.out << '\n';
    return 1;
  }
  std::cout << "histórico gravado em " << options.out << '\n';
  return 0;
}

}  // namespace fiado::app
