#include "json/store_json.h"

namespace fiado::json {

using nlohmann::json;

json StoreSettingsJson(const stores::StoreSettings& settings) {
  json holidays = json::array();
  for (const auto& holiday : settings.local_holidays) {
    json item = {{"month", holiday.month}, {"day", holiday.day}, {"name", holiday.name_pt}};
    if (holiday.year) item["year"] = *holiday.year;
    holidays.push_back(std::move(item));
  }
  return json{{"local_holidays", holidays}};
}

json StoreJson(const stores::Store& store) {
  const auto& a = store.address;
  return json{{"id", store.id.str()},
              {"name", store.name},
              {"legal_id", store.legal_id.value()},
              {"legal_id_kind", store.legal_id.KindName()},
              {"address",
               {{"street", a.street},
                {"number", a.number},
                {"complement", a.complement},
                {"district", a.district},
                {"city", a.city},
                {"state", a.state},
                {"postal_code", a.postal_code}}},
              {"phone", store.phone_e164},
              {"email", store.email},
              {"time_zone", store.time_zone},
              {"pix_key", store.pix_key},
              {"settings", StoreSettingsJson(store.settings)},
              {"created_at", core::FormatRfc3339(store.created_at)},
              {"updated_at", core::FormatRfc3339(store.updated_at)}};
}

namespace {

core::Result<stores::StoreSettings> HolidaysFromJson(const json& holidays,
                                                     const std::string& field) {
  stores::StoreSettings settings;
  if (!holidays.is_array()) return core::Invalid(field, "deve ser uma lista");
  for (std::size_t i = 0; i < holidays.size(); ++i) {
    const json& item = holidays[i];
    const std::string item_field = field + "[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("month") || !item.contains("day") ||
        !item.contains("name") || !item["month"].is_number_integer() ||
        !item["day"].is_number_integer() || !item["name"].is_string() ||
        (item.contains("year") && !item["year"].is_number_integer())) {
      return core::Invalid(item_field, "informe month, day e name (e year, opcional)");
    }
    std::optional<int> year;
    if (item.contains("year")) year = item["year"].get<int>();
    auto holiday = core::LocalHoliday::Make(item["month"].get<int>(), item["day"].get<int>(), year,
                                            item["name"].get<std::string>(), item_field);
    if (!holiday) return core::Fail(holiday.error());
    settings.local_holidays.push_back(*holiday);
  }
  return settings;
}

}  // namespace

core::Result<stores::StoreSettings> StoreSettingsFromJson(const json& settings,
                                                          const std::string& field_prefix) {
  if (!settings.is_object()) return core::Invalid(field_prefix, "deve ser um objeto");
  for (const auto& [key, value] : settings.items()) {
    if (key != "local_holidays") {
      return core::Invalid(field_prefix + "." + key, "campo desconhecido");
    }
  }
  if (!settings.contains("local_holidays")) return stores::StoreSettings{};
  return HolidaysFromJson(settings["local_holidays"], field_prefix + ".local_holidays");
}

}  // namespace fiado::json
