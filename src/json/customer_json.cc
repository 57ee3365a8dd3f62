#include "json/customer_json.h"

namespace fiado::json {

using nlohmann::json;

namespace {

json OptionalInstant(const std::optional<core::Instant>& instant) {
  return instant ? json(core::FormatRfc3339(*instant)) : json(nullptr);
}

}  // namespace

json ReferencesJson(const std::vector<customers::Reference>& references) {
  json items = json::array();
  for (const auto& reference : references) {
    items.push_back({{"name", reference.name},
                     {"phone", reference.phone_e164},
                     {"relation", reference.relation}});
  }
  return items;
}

json ConsentsJson(const std::array<customers::Consent, 3>& consents) {
  json items = json::array();
  for (const auto& consent : consents) {
    items.push_back({{"channel", std::string(customers::ChannelName(consent.channel))},
                     {"granted", consent.granted},
                     {"recorded_at", OptionalInstant(consent.recorded_at)},
                     {"source", consent.source}});
  }
  return items;
}

json GuarantorJson(const std::optional<customers::Guarantor>& guarantor) {
  if (!guarantor) return nullptr;
  return {{"name", guarantor->name}, {"cpf", guarantor->cpf}, {"phone", guarantor->phone_e164}};
}

json AddressJson(const stores::Address& a) {
  return json{{"street", a.street},          {"number", a.number}, {"complement", a.complement},
              {"district", a.district},      {"city", a.city},     {"state", a.state},
              {"postal_code", a.postal_code}};
}

json CustomerJson(const customers::Customer& c) {
  return json{
      {"id", c.id.str()},
      {"cpf", c.cpf.digits()},
      {"full_name", c.full_name},
      {"birth_date", c.birth_date ? json(core::FormatIso(*c.birth_date)) : json(nullptr)},
      {"phones", c.phones_e164},
      {"email", c.email},
      {"address", AddressJson(c.address)},
      {"monthly_income_cents", c.monthly_income ? json(c.monthly_income->cents()) : json(nullptr)},
      {"occupation", c.occupation},
      {"employer", c.employer},
      {"references", ReferencesJson(c.references)},
      {"guarantor", GuarantorJson(c.guarantor)},
      {"consents", ConsentsJson(c.consents)},
      {"notes", c.notes},
      {"status", std::string(customers::StatusName(c.status))},
      {"blocked_reason", c.blocked_reason},
      {"credit_limit_cents", c.credit_limit.cents()},
      {"credit_limit_reason", c.credit_limit_reason},
      {"version", c.version},
      {"created_at", core::FormatRfc3339(c.created_at)},
      {"updated_at", core::FormatRfc3339(c.updated_at)}};
}

}  // namespace fiado::json
