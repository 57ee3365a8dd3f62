// A store (loja) is the tenant: one shop with its legal id (CNPJ, or CPF for a sole
// trader), address, time zone and settings. A Store value is always valid: it is built
// only by MakeStore from a draft, which checks every field and names the faulty one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "core/rate.h"
#include "core/tax_id.h"

namespace fiado::stores {

using core::StoreId;

struct Address {
  std::string street;
  std::string number;
  std::string complement;
  std::string district;
  std::string city;
  std::string state;        // UF, two upper-case letters
  std::string postal_code;  // CEP, 8 digits
};

// What the shop has decided about credit and late charges (stored in its settings).
struct CreditTerms {
  core::Rate default_monthly_rate = core::Rate::FromBps(0);
  core::Rate max_monthly_rate = core::Rate::FromBps(2000);      // 20 % a.m.
  core::Rate late_fee_rate = core::Rate::FromBps(200);          // multa, ≤ 2 % (CDC art. 52 §1)
  core::Rate moratory_monthly_rate = core::Rate::FromBps(100);  // juros de mora, simple
  friend bool operator==(const CreditTerms&, const CreditTerms&) = default;
};

inline constexpr core::Rate kMaxConsumerLateFee = core::Rate::FromBps(200);
// 1 % a.m. simple: the safe ceiling for a non-financial creditor (STANDARDS §5.4, §8).
inline constexpr core::Rate kMaxMoratoryMonthlyRate = core::Rate::FromBps(100);
inline constexpr core::Rate kMaxMonthlyRate = core::Rate::FromBps(2000);  // cap of the cap

// Errors name the API fields "settings.credit.late_fee_percent", ...: a late fee above 2 %
// or moratory interest above 1 % a month is refused, and the default rate must not exceed
// the maximum (itself at most 20 % a month).
core::Status CheckCreditTerms(const CreditTerms& terms);

// The shop's boleto agreement (convênio de cobrança) with a bank, as the bank wrote it
// in the contract. Which fields a bank needs, and their lengths, are checked by the
// payments module (boleto_banks.h), which also makes the campo livre and nosso número.
struct BankAgreement {
  std::string bank_code{};     // COMPE, 3 digits: "001", "237", "341", "104", "033", "756", "748"
  std::string agency{};        // agência, digits
  std::string agency_digit{};  // DV of the agency when the bank has one, may be empty
  std::string account{};       // conta corrente, digits
  std::string account_digit{};
  std::string wallet{};            // carteira ("17", "09", "109", "RG", "1", "101", ...)
  std::string agreement{};         // convênio / código do beneficiário / código do cedente
  std::string station{};           // Sicredi posto (2 digits); empty elsewhere
  std::string wallet_variation{};  // Banco do Brasil variação da carteira (3 digits), for
                                   // its CNAB 240 remittance; empty elsewhere
  friend bool operator==(const BankAgreement&, const BankAgreement&) = default;
};

struct StoreSettings {
  std::vector<core::LocalHoliday> local_holidays;  // municipal and state holidays
  CreditTerms credit{};
  std::optional<BankAgreement> bank_agreement{};  // boletos only when set
  // The name (≤ 25) and city (≤ 15) a Pix payment shows, when the shop's own do not fit;
  // empty = the store's name and city.
  std::string pix_merchant_name{};
  std::string pix_merchant_city{};
};

struct Store {
  StoreId id;
  std::string name;
  core::TaxId legal_id;
  Address address{};
  std::string phone_e164{};  // may be empty
  std::string email{};       // may be empty
  std::string time_zone{};   // IANA name, "America/Sao_Paulo" by default
  std::string pix_key{};     // may be empty; checked by the payments module
  StoreSettings settings{};
  core::Instant created_at{};
  core::Instant updated_at{};
};

// The name and city the shop's Pix codes carry.
std::string PixMerchantName(const Store& store);
std::string PixMerchantCity(const Store& store);

// What a person typed; every field is raw text.
struct StoreDraft {
  std::string name;
  std::string legal_id;
  Address address{};
  std::string phone;
  std::string email;
  std::string time_zone;  // empty = default
  std::string pix_key;
  StoreSettings settings{};
};

// True for the 27 Brazilian federative units ("SP", "DF", ...).
bool IsValidUf(std::string_view uf);

// Checks and normalises a draft. Errors name the field ("address.state") in Portuguese.
core::Result<Store> MakeStore(const StoreDraft& draft, StoreId id, core::Instant now);

// Storage of stores, implemented by the storage module. A write and its audit entry
// happen in one transaction.
class StoreRepository {
 public:
  virtual ~StoreRepository() = default;
  // kConflict when another store has the same legal id.
  virtual core::Status Create(const Store& store, const core::AuditEntry& audit) = 0;
  virtual core::Status Update(const Store& store, const core::AuditEntry& audit) = 0;
  virtual std::optional<Store> Find(const StoreId& id) const = 0;
  virtual std::vector<Store> List() const = 0;
};

}  // namespace fiado::stores
