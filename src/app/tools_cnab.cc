#include "app/tools_cnab.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "bankfiles/cnab.h"
#include "core/date.h"

namespace fiado::app {
namespace {

using nlohmann::json;

// Bank files are Latin-1 (or ASCII); JSON wants UTF-8.
std::string Latin1ToUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0U | (byte >> 6U)));
      out.push_back(static_cast<char>(0x80U | (byte & 0x3FU)));
    }
  }
  return out;
}

json DateOrNull(const std::optional<core::Date>& date) {
  return date ? json(core::FormatIso(*date)) : json(nullptr);
}

json DescribeTitle(const bankfiles::ReturnTitle& title) {
  return {
      {"layout", std::string(bankfiles::LayoutName(title.layout))},
      {"bank", Latin1ToUtf8(title.bank_code)},
      {"nosso_numero", Latin1ToUtf8(title.nosso_numero)},
      {"occurrence", Latin1ToUtf8(title.occurrence)},
      {"due_date", DateOrNull(title.due_date)},
      {"face_value_cents", title.face_value.cents()},
      {"paid_cents", title.paid.cents()},
      {"net_credited_cents", title.net_credited.cents()},
      {"charges_cents", title.charges.cents()},
      {"fee_cents", title.fee.cents()},
      {"occurrence_date", DateOrNull(title.occurrence_date)},
      {"credit_date", DateOrNull(title.credit_date)},
      {"line", title.line},
  };
}

void PrintProblem(const bankfiles::CnabProblem& problem, std::ostream& err) {
  if (problem.line > 0) {
    err << "linha " << problem.line;
  } else {
    err << "arquivo";
  }
  err << ", campo " << problem.field << ": " << problem.message << '\n';
}

}  // namespace

int RunCnabParse(const std::string& path, std::ostream& out, std::ostream& err) {
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    err << "não foi possível abrir o arquivo: " << path << '\n';
    return 1;
  }
  const auto summary = bankfiles::ReadReturn(input, [&](const bankfiles::ReturnTitle& title) {
    out << DescribeTitle(title).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  });
  if (!summary) {
    err << "arquivo inválido: " << summary.error().Describe() << '\n';
    return 1;
  }
  for (const auto& problem : summary->problems) PrintProblem(problem, err);
  if (!summary->Ok()) {
    err << summary->problems.size() << " problema(s): o arquivo não deve ser importado\n";
    return 1;
  }
  return 0;
}

}  // namespace fiado::app
