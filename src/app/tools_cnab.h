// `fiado tools cnab parse FILE`: reads a CNAB 240/400 return file (bankfiles/cnab.h) and prints
// one JSON object per title per line (JSON Lines) to `out`; the file's problems go to `err` in
// Portuguese, one per line ("linha 12, campo valor_pago: ..."). Exit code 0 when the file is
// sound, 1 when it has problems or is not a return file at all (the reason goes to `err`).
#pragma once

#include <ostream>
#include <string>

namespace fiado::app {

int RunCnabParse(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace fiado::app
