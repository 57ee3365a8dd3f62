// `fiado tools …`: small checks a clerk or an integrator can run from a shell. Each prints
// JSON to `out` and returns the exit code: 0 valid, 1 invalid (the reason also goes to
// `err`, in Portuguese). Usage errors (exit 2) are the command line's business.
#pragma once

#include <ostream>
#include <string>

#include "core/date.h"

namespace fiado::app {

int CheckCpfTool(const std::string& text, std::ostream& out, std::ostream& err);
int CheckCnpjTool(const std::string& text, std::ostream& out, std::ostream& err);
int HolidaysTool(const std::string& year_text, std::ostream& out, std::ostream& err);

// `fiado tools pix encode`: the options as typed (amount in reais, "94.56" or "94,56";
// empty = open amount). Prints the payload and a newline.
struct PixEncodeOptions {
  std::string key;
  std::string name;
  std::string city;
  std::string amount;
  std::string txid;
  std::string info;
};
int PixEncodeTool(const PixEncodeOptions& options, std::ostream& out, std::ostream& err);
// `fiado tools pix decode PAYLOAD`: JSON of the fields, or exit 1 with the reason.
int PixDecodeTool(const std::string& payload, std::ostream& out, std::ostream& err);
// `fiado tools boleto decode LINHA_OR_BARCODE`: JSON (bank, due date, amount in
// centavos, barcode, linha, valid); exit 1 on a wrong check digit. `today` picks the
// due date of an ambiguous factor (the FEBRABAN window).
int BoletoDecodeTool(const std::string& text, core::Date today, std::ostream& out,
                     std::ostream& err);

}  // namespace fiado::app
