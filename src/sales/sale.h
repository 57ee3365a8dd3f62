// A sale on installments (venda no crediário): its terms, the schedule made from them,
// the consumer-code disclosure (CDC art. 52 and 54-B) and the credit check at the sale.
// A Sale value is always valid: it is built only by MakeSale, which checks every field
// against the shop's credit terms and names the faulty one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "core/id.h"
#include "core/money.h"
#include "core/rate.h"
#include "credit/decision.h"
#include "customers/customer.h"
#include "stores/store.h"

namespace fiado::sales {

struct SaleTag {};
using SaleId = core::Id<SaleTag>;
struct CreditDecisionTag {};
using CreditDecisionId = core::Id<CreditDecisionTag>;

// How a payment arrived.
enum class PaymentMethod { kCash, kDebitCard, kCreditCard, kPix, kBoleto, kTransfer, kCredit };
std::string_view MethodName(PaymentMethod method);  // "cash", "debit_card", ..., "credit"
std::optional<PaymentMethod> ParseMethod(std::string_view name);  // not "credit"

// What the clerk typed, already parsed into values (the API reports unparsable text).
struct SaleDraft {
  customers::CustomerId customer_id{};
  std::string description{};  // the goods
  core::Money price;          // total price in cash (preço à vista)
  core::Money down_payment{};
  int installment_count = 0;
  std::optional<core::Rate> monthly_rate{};  // nullopt = the shop's default
  core::Date sale_date{};
  std::optional<core::Date> first_due_date{};
  std::optional<int> due_day{};  // fixed day of the month, 1–31
  PaymentMethod down_payment_method = PaymentMethod::kCash;
};

struct Installment {
  int number = 0;  // 1..n; the down payment is not an installment row
  core::Date due_date{};
  core::Money amount{};        // face value the customer owes on due_date
  core::Money interest;        // the contract interest inside it (Price)
  core::Money amortization{};  // the price part inside it
};

// The art. 52 / 54-B disclosure of a plan.
struct Disclosure {
  core::Money price{};  // preço à vista
  core::Money down_payment{};
  core::Money financed{};     // price − down payment
  core::Rate monthly_rate{};  // effective monthly
  core::Rate annual_rate;     // (1 + i)^12 − 1
  std::optional<core::Rate> cet_annual{};
  core::Rate late_fee_rate{};
  core::Rate moratory_monthly_rate{};
  int installment_count = 0;
  core::Money installment_amount{};  // the first installment
  core::Money last_installment_amount{};
  core::Money total_with_financing{};     // down payment + Σ installments
  core::Money total_without_financing{};  // = price
  core::Money total_interest{};
};

struct Sale {
  SaleId id{};
  core::StoreId store_id{};
  customers::CustomerId customer_id{};
  std::string description{};
  core::Date sale_date{};
  PaymentMethod down_payment_method = PaymentMethod::kCash;
  std::optional<int> due_day{};
  Disclosure disclosure{};
  std::vector<Installment> installments{};
  CreditDecisionId credit_decision_id{};
  core::Instant created_at{};
  std::string created_by{};  // actor text
};

// Checks the draft against the shop's terms (every mistake at once, by API field name:
// "price_cents", "down_payment_cents", "installment_count", "monthly_rate",
// "first_due_date", "due_day", "description") and builds the schedule and disclosure.
// `today` is the shop's local date: a sale cannot be dated after it.
core::Result<Sale> MakeSale(const SaleDraft& draft, const stores::CreditTerms& terms, SaleId id,
                            core::Date today);

// --- credit check at the sale (the full credit analysis comes with scoring) ---

enum class CreditOutcome { kApproved, kRefused, kOverridden };
std::string_view OutcomeName(CreditOutcome outcome);  // "approved", "refused", "overridden"

struct CreditInputs {
  customers::CustomerStatus customer_status = customers::CustomerStatus::kActive;
  core::Money credit_limit{};  // the customer's limit
  core::Money open_amount{};   // principal still open over all the customer's sales
  core::Money requested{};     // the financed amount of the new sale
};

struct CreditDecision {
  CreditDecisionId id{};
  core::StoreId store_id{};
  customers::CustomerId customer_id{};
  CreditInputs inputs{};
  CreditOutcome outcome = CreditOutcome::kRefused;
  std::vector<std::string> reasons_pt;  // why it was refused (kept on an override too)
  std::string override_reason{};        // set exactly when overridden
  std::string decided_by{};             // actor text
  core::Instant decided_at{};
  // The full analysis (scores, bureau, affordability, counter-offer) when the shop's
  // credit rules were applied; absent on decisions made before them.
  std::optional<credit::Analysis> analysis{};
};

// The rule: the customer is active and open + requested ≤ limit. A refusal becomes
// kOverridden when `override_reason` is non-empty and `may_override` (the owner).
// A blocked customer is refused even with an override.
CreditDecision DecideCredit(const CreditInputs& inputs, std::string_view override_reason,
                            bool may_override);

// The shop's full rules (credit::Decide) over `analysis` (whose status, limit, open and
// requested are taken from `inputs`): a counter-offer does not make the sale, so it is
// stored as kRefused with the analysis telling what would be approved.
CreditDecision DecideCredit(const CreditInputs& inputs, const credit::DecisionRules& rules,
                            credit::DecisionInputs analysis, credit::DecisionKind kind,
                            std::string_view override_reason, bool may_override);

}  // namespace fiado::sales
