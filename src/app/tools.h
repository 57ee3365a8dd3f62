// `fiado tools …`: small checks a clerk or an integrator can run from a shell. Each prints
// JSON to `out` and returns the exit code: 0 valid, 1 invalid (the reason also goes to
// `err`, in Portuguese). Usage errors (exit 2) are the command line's business.
#pragma once

#include <ostream>
#include <string>

namespace fiado::app {

int CheckCpfTool(const std::string& text, std::ostream& out, std::ostream& err);
int CheckCnpjTool(const std::string& text, std::ostream& out, std::ostream& err);
int HolidaysTool(const std::string& year_text, std::ostream& out, std::ostream& err);

}  // namespace fiado::app
