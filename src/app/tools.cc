#include "app/tools.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/date.h"
#include "core/tax_id.h"

namespace fiado::app {
namespace {

using nlohmann::json;

constexpr int kFirstCalendarYear = 1900;
constexpr int kLastCalendarYear = 2199;

int Invalid(json result, const core::Error& error, std::ostream& out, std::ostream& err) {
  result["valid"] = false;
  result["reason"] = error.message_pt;
  out << result.dump(2) << '\n';
  err << "inválido: " << error.message_pt << '\n';
  return 1;
}

std::string_view KindName(core::HolidayKind kind) {
  switch (kind) {
    case core::HolidayKind::kNational:
      return "national";
    case core::HolidayKind::kBank:
      return "bank";
    case core::HolidayKind::kLocal:
      return "local";
  }
  return "local";
}

}  // namespace

int CheckCpfTool(const std::string& text, std::ostream& out, std::ostream& err) {
  json result = {{"input", text}};
  auto cpf = core::Cpf::Parse(text);
  if (!cpf) return Invalid(std::move(result), cpf.error(), out, err);
  result["valid"] = true;
  result["digits"] = cpf->digits();
  result["formatted"] = cpf->Formatted();
  out << result.dump(2) << '\n';
  return 0;
}

int CheckCnpjTool(const std::string& text, std::ostream& out, std::ostream& err) {
  json result = {{"input", text}};
  auto cnpj = core::Cnpj::Parse(text);
  if (!cnpj) return Invalid(std::move(result), cnpj.error(), out, err);
  result["valid"] = true;
  result["value"] = cnpj->value();
  result["formatted"] = cnpj->Formatted();
  result["alphanumeric"] = cnpj->IsAlphanumeric();
  out << result.dump(2) << '\n';
  return 0;
}

int HolidaysTool(const std::string& year_text, std::ostream& out, std::ostream& err) {
  int year = 0;
  const auto [end, error] =
      std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  if (error != std::errc() || end != year_text.data() + year_text.size() ||
      year < kFirstCalendarYear || year > kLastCalendarYear) {
    json result = {{"input", year_text}};
    return Invalid(std::move(result),
                   core::Error::Invalid("ano", "ano inválido: use um número de 1900 a 2199"), out,
                   err);
  }
  json holidays = json::array();
  for (const auto& holiday : core::NationalHolidays(year)) {
    holidays.push_back({{"date", core::FormatIso(holiday.date)},
                        {"name", holiday.name_pt},
                        {"kind", KindName(holiday.kind)}});
  }
  out << json{{"year", year}, {"holidays", holidays}}.dump(2) << '\n';
  return 0;
}

}  // namespace fiado::app
