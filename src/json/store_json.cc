#include "json/store_json.h"

#include <algorithm>
#include <iterator>

namespace fiado::json {

using nlohmann::json;

namespace {

// The credit terms as API fields: percent points as decimal text ("1.99", "20").
struct CreditField {
  const char* key;
  core::Rate stores::CreditTerms::*rate;
};
constexpr CreditField kCreditFields[] = {
    {"default_monthly_rate_percent", &stores::CreditTerms::default_monthly_rate},
    {"max_monthly_rate_percent", &stores::CreditTerms::max_monthly_rate},
    {"late_fee_percent", &stores::CreditTerms::late_fee_rate},
    {"moratory_monthly_rate_percent", &stores::CreditTerms::moratory_monthly_rate},
};

// "1.99", "20", "0.0082": FormatPercent with a '.' decimal and no '%' sign.
std::string PercentText(core::Rate rate) {
  std::string text = rate.FormatPercent();
  if (!text.empty() && text.back() == '%') text.pop_back();
  std::replace(text.begin(), text.end(), ',', '.');
  return text;
}

json CreditTermsJson(const stores::CreditTerms& terms) {
  json credit = json::object();
  for (const auto& field : kCreditFields) credit[field.key] = PercentText(terms.*field.rate);
  return credit;
}

// The bank agreement's fields, all text as the bank wrote them.
struct AgreementField {
  const char* key;
  std::string stores::BankAgreement::*text;
};
constexpr AgreementField kAgreementFields[] = {
    {"bank_code", &stores::BankAgreement::bank_code},
    {"agency", &stores::BankAgreement::agency},
    {"agency_digit", &stores::BankAgreement::agency_digit},
    {"account", &stores::BankAgreement::account},
    {"account_digit", &stores::BankAgreement::account_digit},
    {"wallet", &stores::BankAgreement::wallet},
    {"agreement", &stores::BankAgreement::agreement},
    {"station", &stores::BankAgreement::station},
    {"wallet_variation", &stores::BankAgreement::wallet_variation},
};

json BankAgreementJson(const std::optional<stores::BankAgreement>& agreement) {
  if (!agreement) return nullptr;
  json result = json::object();
  for (const auto& field : kAgreementFields) result[field.key] = (*agreement).*field.text;
  return result;
}

}  // namespace

json StoreSettingsJson(const stores::StoreSettings& settings) {
  json holidays = json::array();
  for (const auto& holiday : settings.local_holidays) {
    json item = {{"month", holiday.month}, {"day", holiday.day}, {"name", holiday.name_pt}};
    if (holiday.year) item["year"] = *holiday.year;
    holidays.push_back(std::move(item));
  }
  return json{{"local_holidays", holidays},
              {"credit", CreditTermsJson(settings.credit)},
              {"bank_agreement", BankAgreementJson(settings.bank_agreement)},
              {"pix_merchant_name", settings.pix_merchant_name},
              {"pix_merchant_city", settings.pix_merchant_city}};
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

core::Result<std::vector<core::LocalHoliday>> HolidaysFromJson(const json& holidays,
                                                               const std::string& field) {
  std::vector<core::LocalHoliday> result;
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
    result.push_back(*holiday);
  }
  return result;
}

// A missing key keeps its CreditTerms default (stores saved before credit terms existed).
// Limits are checked by stores::CheckCreditTerms, not here.
core::Result<stores::CreditTerms> CreditTermsFromJson(const json& credit,
                                                      const std::string& field) {
  if (!credit.is_object()) return core::Invalid(field, "deve ser um objeto");
  for (const auto& item : credit.items()) {
    const std::string& key = item.key();
    const bool known = std::any_of(std::begin(kCreditFields), std::end(kCreditFields),
                                   [&](const CreditField& each) { return key == each.key; });
    if (!known) return core::Invalid(field + "." + key, "campo desconhecido");
  }
  stores::CreditTerms terms;
  for (const auto& each : kCreditFields) {
    if (!credit.contains(each.key)) continue;
    const std::string key_field = field + "." + each.key;
    const json& value = credit[each.key];
    if (!value.is_string()) {
      return core::Invalid(key_field, "informe o percentual como texto, como \"2\" ou \"1.5\"");
    }
    auto rate = core::Rate::ParsePercent(value.get<std::string>(), key_field);
    if (!rate) return core::Fail(rate.error());
    terms.*each.rate = *rate;
  }
  return terms;
}

// Only the shape: which fields a bank needs is the payments module's business.
core::Result<std::optional<stores::BankAgreement>> BankAgreementFromJson(const json& agreement,
                                                                         const std::string& field) {
  if (agreement.is_null()) return std::nullopt;
  if (!agreement.is_object()) return core::Invalid(field, "deve ser um objeto ou null");
  for (const auto& item : agreement.items()) {
    const bool known =
        std::any_of(std::begin(kAgreementFields), std::end(kAgreementFields),
                    [&](const AgreementField& each) { return item.key() == each.key; });
    if (!known) return core::Invalid(field + "." + item.key(), "campo desconhecido");
    if (!item.value().is_string()) return core::Invalid(field + "." + item.key(), "deve ser texto");
  }
  stores::BankAgreement result;
  for (const auto& each : kAgreementFields) {
    if (agreement.contains(each.key)) result.*each.text = agreement[each.key].get<std::string>();
  }
  return result;
}

}  // namespace

core::Result<stores::StoreSettings> StoreSettingsFromJson(const json& settings,
                                                          const std::string& field_prefix) {
  if (!settings.is_object()) return core::Invalid(field_prefix, "deve ser um objeto");
  for (const auto& [key, value] : settings.items()) {
    static constexpr std::string_view kKeys[] = {"local_holidays", "credit", "bank_agreement",
                                                 "pix_merchant_name", "pix_merchant_city"};
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return core::Invalid(field_prefix + "." + key, "campo desconhecido");
    }
    if ((key == "pix_merchant_name" || key == "pix_merchant_city") && !value.is_string()) {
      return core::Invalid(field_prefix + "." + key, "deve ser texto");
    }
  }
  stores::StoreSettings result;
  if (settings.contains("local_holidays")) {
    auto holidays = HolidaysFromJson(settings["local_holidays"], field_prefix + ".local_holidays");
    if (!holidays) return core::Fail(holidays.error());
    result.local_holidays = std::move(*holidays);
  }
  if (settings.contains("credit")) {
    auto credit = CreditTermsFromJson(settings["credit"], field_prefix + ".credit");
    if (!credit) return core::Fail(credit.error());
    result.credit = *credit;
  }
  result.pix_merchant_name = settings.value("pix_merchant_name", "");
  result.pix_merchant_city = settings.value("pix_merchant_city", "");
  if (settings.contains("bank_agreement")) {
    auto agreement =
        BankAgreementFromJson(settings["bank_agreement"], field_prefix + ".bank_agreement");
    if (!agreement) return core::Fail(agreement.error());
    result.bank_agreement = std::move(*agreement);
  }
  return result;
}

}  // namespace fiado::json
