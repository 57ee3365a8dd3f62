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

// Prints the fields `describe` adds for a valid document, or the reason it is invalid.
template <typename Document, typename Describe>
int CheckDocument(const core::Result<Document>& document, const std::string& text,
                  Describe describe, std::ostream& out, std::ostream& err) {
  json result = {{"input", text}};
  if (!document) return Invalid(std::move(result), document.error(), out, err);
  result["valid"] = true;
  describe(*document, result);
  out << result.dump(2) << '\n';
  return 0;
}

}  // namespace

int CheckCpfTool(const std::string& text, std::ostream& out, std::ostream& err) {
  const auto describe = [](const core::Cpf& cpf, json& result) {
    result["digits"] = cpf.digits();
    result["formatted"] = cpf.Formatted();
  };
  return CheckDocument(core::Cpf::Parse(text), text, describe, out, err);
}

int CheckCnpjTool(const std::string& text, std::ostream& out, std::ostream& err) {
  const auto describe = [](const core::Cnpj& cnpj, json& result) {
    result["value"] = cnpj.value();
    result["formatted"] = cnpj.Formatted();
    result["alphanumeric"] = cnpj.IsAlphanumeric();
  };
  return CheckDocument(core::Cnpj::Parse(text), text, describe, out, err);
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
