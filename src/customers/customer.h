// A customer (cliente) of one store: the person who buys on credit, identified by a CPF
// that is unique within the store. A Customer value is always valid: it is built only by
// MakeCustomer from a draft (raw text as typed), which checks every field and reports every
// mistake at once, each under the field path the API uses.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "core/id.h"
#include "core/money.h"
#include "core/tax_id.h"
#include "stores/store.h"

namespace fiado::customers {

struct CustomerTag {};
using CustomerId = core::Id<CustomerTag>;

enum class CustomerStatus { kActive, kBlocked };
std::string_view StatusName(CustomerStatus status);  // "active", "blocked"
std::optional<CustomerStatus> ParseStatus(std::string_view name);

// Channels a customer may be contacted on about what they owe; each needs consent.
enum class Channel { kWhatsapp, kSms, kEmail };
inline constexpr std::array<Channel, 3> kChannels = {Channel::kWhatsapp, Channel::kSms,
                                                     Channel::kEmail};
std::string_view ChannelName(Channel channel);  // "whatsapp", "sms", "email"
std::optional<Channel> ParseChannel(std::string_view name);

// The customer's yes or no for one channel: when it was given and how it was obtained
// ("in_store_form", "signed_contract", "whatsapp_reply", ... free text, at most 80 chars).
struct Consent {
  Channel channel = Channel::kWhatsapp;
  bool granted = false;
  std::optional<core::Instant> recorded_at{};  // set when granted or refused explicitly
  std::string source{};
  friend bool operator==(const Consent&, const Consent&) = default;
};

// A personal reference: someone who knows the customer. Never contacted about a debt
// (CDC art. 42 and the contact rules): the collection module must not read these phones.
struct Reference {
  std::string name;
  std::string phone_e164{};
  std::string relation{};  // "mãe", "vizinho", "colega de trabalho", ...
  friend bool operator==(const Reference&, const Reference&) = default;
};

struct Guarantor {
  std::string name;
  std::string cpf{};  // 11 digits, may be empty
  std::string phone_e164{};
  friend bool operator==(const Guarantor&, const Guarantor&) = default;
};

struct Customer {
  CustomerId id;
  core::StoreId store_id;
  core::Cpf cpf;
  std::string full_name;
  std::optional<core::Date> birth_date{};
  std::vector<std::string> phones_e164{};       // the first is the main phone
  std::string email{};                          // may be empty
  stores::Address address{};                    // state and city may be empty for a customer
  std::optional<core::Money> monthly_income{};  // declared, not verified
  std::string occupation{};
  std::string employer{};
  std::vector<Reference> references{};
  std::optional<Guarantor> guarantor{};
  std::array<Consent, 3> consents{};  // one per channel, in kChannels order
  std::string notes{};
  CustomerStatus status = CustomerStatus::kActive;
  std::string blocked_reason{};  // set exactly when blocked
  // How much principal the customer may owe at once; 0 (the start) means every sale
  // needs an owner's override. Set only by Registry::SetCreditLimit.
  core::Money credit_limit{};
  std::string credit_limit_reason{};  // why the owner set it (shown in the history)
  int version = 1;                    // grows by one on every change (optimistic concurrency)
  core::Instant created_at{};
  core::Instant updated_at{};

  const Consent& ConsentFor(Channel channel) const;
};

// What a person typed. Consents come already structured (checkboxes); the rest is text.
struct ConsentDraft {
  Channel channel = Channel::kWhatsapp;
  bool granted = false;
  std::string source{};
};

struct CustomerDraft {
  std::string cpf;
  std::string full_name;
  std::string birth_date{};  // ISO YYYY-MM-DD or DD/MM/YYYY; may be empty
  std::vector<std::string> phones{};
  std::string email{};
  stores::Address address{};
  std::optional<std::int64_t> monthly_income_cents{};  // >= 0 and < 100 million reais
  std::string occupation{};
  std::string employer{};
  std::vector<Reference> references{};   // phones as typed, checked and normalised
  std::optional<Guarantor> guarantor{};  // cpf and phone as typed
  std::vector<ConsentDraft> consents{};  // channels not listed keep their previous answer
  std::string notes{};
};

// Checks and normalises a draft into a new customer (status active, version 1).
// Errors: kInvalidArgument listing every field at fault (Error::InvalidFields).
core::Result<Customer> MakeCustomer(const CustomerDraft& draft, CustomerId id,
                                    core::StoreId store_id, core::Instant now);

// Applies a draft to an existing customer: the same checks as MakeCustomer; id, store,
// status, created_at are kept, version + 1, updated_at = now. A consent whose answer
// changes gets recorded_at = now; an unchanged one keeps its time.
core::Result<Customer> ReviseCustomer(const Customer& current, const CustomerDraft& draft,
                                      core::Instant now);

// Words and digits a search may start with: each word of the name (SearchKey-folded), the
// CPF digits, and each phone's national digits (DDD + number). Kept by the repository.
std::vector<std::string> SearchTermsOf(const Customer& customer);

// The words a text splits into for search, folded as SearchTermsOf folds a name (SearchKey,
// then split at every character that is not a-z or 0-9; duplicates dropped, first order
// kept): "  José da Silva-Souza " → {"jose", "da", "silva", "souza"}. Queries use it too.
std::vector<std::string> SearchWords(std::string_view text);

}  // namespace fiado::customers
