// Bureau lookups (consulta ao SPC / Serasa / Boa Vista) behind a connector interface: a
// manual connector (the clerk records the consultation made on the bureau's own site) and
// an HTTP connector configured per bureau (credit/providers). Every lookup is logged with
// its purpose and who asked (LGPD art. 7 X: protection of credit).
#pragma once

#include <memory>
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

namespace fiado::credit {

struct BureauLookupTag {};
using BureauLookupId = core::Id<BureauLookupTag>;

// Why the shop looked the customer up (LGPD: a lookup needs a purpose).
enum class Purpose { kSale, kCreditReview, kRegistration };
std::string_view PurposeName(Purpose purpose);  // "sale", "credit_review", "registration"
std::optional<Purpose> ParsePurpose(std::string_view name);
std::string_view PurposePt(Purpose purpose);  // "análise para venda a prazo", ...

struct Restriction {
  std::string creditor;  // who registered it ("Loja X", "Banco Y")
  core::Money amount{};
  std::optional<core::Date> registered_on{};
  friend bool operator==(const Restriction&, const Restriction&) = default;
};

// What the bureau answered.
struct BureauAnswer {
  bool restricted = false;  // true when any restriction (or a protest, a bad cheque) is found
  std::vector<Restriction> restrictions{};
  std::optional<int> bureau_score{};  // the bureau's own score when it gives one (0..1000)
  std::string summary{};              // free text (the clerk's notes, the provider's message)
};

struct BureauLookup {
  BureauLookupId id{};
  core::StoreId store_id{};
  std::string customer_id{};
  std::string bureau;  // "SPC", "Serasa", "Boa Vista", or a configured name
  std::string source;  // "manual" or "http"
  Purpose purpose = Purpose::kSale;
  core::Date consulted_on{};
  BureauAnswer answer{};
  std::string provider_reference{};  // the provider's protocol number, when any
  std::string requested_by{};        // actor text
  core::Instant recorded_at{};
};

// The clerk's record of a manual consultation, as typed.
struct ManualLookupDraft {
  std::string bureau;
  std::string purpose;       // PurposeName
  std::string consulted_on;  // ISO or DD/MM/YYYY; not after today, not over 90 days ago
  bool restricted = false;
  std::vector<Restriction> restrictions{};  // when restricted; amounts > 0
  std::optional<int> bureau_score{};
  std::string summary{};
};

// Checks a manual record; every faulty field at once ("bureau", "purpose",
// "consulted_on", "restrictions[0].creditor", "bureau_score", "summary").
core::Result<BureauLookup> MakeManualLookup(const ManualLookupDraft& draft, core::Date today);

// A bureau reached over the network. Lookup answers the bureau's findings or an error:
// kUnavailable (network, 5xx, timeout: worth trying again later) or kInvalidArgument /
// kFailedPrecondition (refused request, unreadable answer), with the reason in Portuguese.
class BureauConnector {
 public:
  virtual ~BureauConnector() = default;
  virtual std::string_view Name() const = 0;
  virtual core::Result<BureauAnswer> Lookup(const core::Cpf& cpf, Purpose purpose,
                                            std::string* provider_reference) = 0;
};

// One HTTP bureau, as the owner configures it (Configurações › Crédito).
struct HttpBureauSettings {
  std::string name;         // shown and stored as the lookup's bureau
  std::string url;          // POST target; "{cpf}" in it is replaced by the 11 digits
  std::string auth_header;  // "Authorization: Bearer …" (secret; never shown back)
  std::string
      body_template;  // JSON with {cpf}, {purpose}; empty: {"cpf":"{cpf}","purpose":"{purpose}"}
  // Where the answer's fields are, as JSON pointers ("/resultado/restricao").
  std::string restricted_pointer = "/restricted";
  std::string restrictions_pointer = "/restrictions";  // array of objects
  std::string creditor_field = "creditor";
  std::string amount_cents_field = "amount_cents";
  std::string date_field = "date";
  std::string score_pointer = "/score";
  std::string reference_pointer = "/protocol";
  int timeout_ms = 10000;
  friend bool operator==(const HttpBureauSettings&, const HttpBureauSettings&) = default;
};

// Field errors under "bureaus[i].<field>" (the caller passes the prefix).
core::Status CheckHttpBureauSettings(const HttpBureauSettings& settings, std::string_view prefix);

}  // namespace fiado::credit
