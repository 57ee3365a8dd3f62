#include "stores/store.h"

#include <algorithm>
#include <array>

#include "core/email.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/time_zone.h"

namespace fiado::stores {
namespace {

constexpr std::array<std::string_view, 27> kUfs = {
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO"};

constexpr std::size_t kMaxNameChars = 120;

core::Result<Address> CheckAddress(const Address& raw) {
  Address address = raw;
  address.street = core::Trim(raw.street);
  address.number = core::Trim(raw.number);
  address.complement = core::Trim(raw.complement);
  address.district = core::Trim(raw.district);
  address.city = core::Trim(raw.city);
  address.state = core::AsciiUpper(core::Trim(raw.state));
  if (!IsValidUf(address.state)) {
    return core::Invalid("address.state", "UF inválida: use a sigla do estado, como SP ou MG");
  }
  if (address.city.empty()) return core::Invalid("address.city", "informe a cidade");
  const std::string trimmed_cep = core::Trim(raw.postal_code);
  if (!trimmed_cep.empty()) {
    address.postal_code = core::DigitsOnly(trimmed_cep);
    const bool only_cep_chars = std::all_of(trimmed_cep.begin(), trimmed_cep.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ' ';
    });
    if (!only_cep_chars || address.postal_code.size() != 8) {
      return core::Invalid("address.postal_code", "CEP deve ter 8 dígitos, como 01310-100");
    }
  }
  return address;
}

// Optional contact fields: empty stays empty, anything else must be valid.
core::Status CheckContacts(const StoreDraft& draft, Store& store) {
  if (!core::Trim(draft.phone).empty()) {
    auto phone = core::Phone::ParseBrazilian(draft.phone, "phone");
    if (!phone) return core::Fail(phone.error());
    store.phone_e164 = phone->e164();
  }
  if (!core::Trim(draft.email).empty()) {
    auto email = core::Email::Parse(draft.email, "email");
    if (!email) return core::Fail(email.error());
    store.email = email->value();
  }
  store.pix_key = core::Trim(draft.pix_key);
  return {};
}

}  // namespace

core::Status CheckCreditTerms(const CreditTerms& terms) {
  std::vector<core::FieldError> errors;
  const auto check = [&errors](core::Rate rate, core::Rate max, const char* field,
                               const std::string& why) {
    if (rate.units() < 0) {
      errors.push_back({field, "a taxa não pode ser negativa"});
    } else if (rate > max) {
      errors.push_back({field, why});
    }
  };
  check(terms.late_fee_rate, kMaxConsumerLateFee, "settings.credit.late_fee_percent",
        "a multa não pode passar de 2% da parcela (CDC art. 52 §1º)");
  check(terms.moratory_monthly_rate, kMaxMoratoryMonthlyRate,
        "settings.credit.moratory_monthly_rate_percent",
        "os juros de mora não podem passar de 1% ao mês");
  check(terms.max_monthly_rate, kMaxMonthlyRate, "settings.credit.max_monthly_rate_percent",
        "a taxa máxima não pode passar de 20% ao mês");
  check(terms.default_monthly_rate, terms.max_monthly_rate,
        "settings.credit.default_monthly_rate_percent",
        "a taxa padrão não pode passar da taxa máxima da loja");
  if (errors.empty()) return {};
  return core::Fail(core::Error::InvalidFields(std::move(errors)));
}

bool IsValidUf(std::string_view uf) {
  return std::find(kUfs.begin(), kUfs.end(), uf) != kUfs.end();
}

core::Result<Store> MakeStore(const StoreDraft& draft, StoreId id, core::Instant now) {
  const std::string name = core::Trim(draft.name);
  if (name.empty()) return core::Invalid("name", "informe o nome da loja");
  if (name.size() > kMaxNameChars) {
    return core::Invalid("name", "nome da loja muito longo (máximo de 120 caracteres)");
  }
  auto legal_id = core::TaxId::Parse(draft.legal_id, "legal_id");
  if (!legal_id) return core::Fail(legal_id.error());
  Store store{std::move(id), name, *legal_id};
  auto address = CheckAddress(draft.address);
  if (!address) return core::Fail(address.error());
  store.address = *address;
  if (auto contacts = CheckContacts(draft, store); !contacts) return core::Fail(contacts.error());
  const std::string zone_name = core::Trim(draft.time_zone);
  auto zone = core::TimeZone::Named(
      zone_name.empty() ? std::string(core::kDefaultTimeZone) : zone_name, "time_zone");
  if (!zone) return core::Fail(zone.error());
  store.time_zone = zone->name();
  if (auto credit = CheckCreditTerms(draft.settings.credit); !credit) {
    return core::Fail(credit.error());
  }
  store.settings = draft.settings;
  store.created_at = now;
  store.updated_at = now;
  return store;
}

std::string PixMerchantName(const Store& store) {
  return store.settings.pix_merchant_name.empty() ? store.name : store.settings.pix_merchant_name;
}

std::string PixMerchantCity(const Store& store) {
  return store.settings.pix_merchant_city.empty() ? store.address.city
                                                  : store.settings.pix_merchant_city;
}

}  // namespace fiado::stores
