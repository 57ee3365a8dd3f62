// The credit decision, at every sale and on demand: the customer's status, the bureau's
// answer, the scores, affordability (the installment against declared income: the
// responsible-credit duty of CDC art. 54-D) and the shop's rules give approve, a
// counter-offer (a lower amount or fewer installments) or refuse, each with reasons. Pure:
// the credit service gathers the inputs and stores the decision with them.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"
#include "credit/behaviour.h"
#include "customers/customer.h"

namespace fiado::credit {

struct DecisionRules {
  int min_score = 300;           // behavioural score below this: refuse
  bool bureau_required = false;  // true: a lookup within bureau_valid_days is needed
  int bureau_valid_days = 30;
  bool refuse_on_restriction = true;     // a restriction found at the bureau: refuse
  int max_commitment_income_bps = 3000;  // all monthly installments ≤ 30 % of income
  bool income_required = false;          // no declared income: refuse (else: not checked)
  // Most installments per band A..E (fewer for riskier customers).
  std::array<int, 5> max_installments_by_band = {24, 18, 12, 6, 3};
  friend bool operator==(const DecisionRules&, const DecisionRules&) = default;
};

// Field errors under "rules.<field>".
core::Status CheckDecisionRules(const DecisionRules& rules);

// The latest bureau consultation of the customer, as the decision sees it.
struct BureauFinding {
  std::string bureau;  // "SPC", "Serasa", "Boa Vista", ...
  core::Date consulted_on{};
  bool restricted = false;
  int restrictions = 0;
  core::Money restricted_amount{};
};

struct DecisionInputs {
  core::Date today{};
  customers::CustomerStatus customer_status = customers::CustomerStatus::kActive;
  core::Money credit_limit{};
  core::Money open_principal{};
  core::Money monthly_commitment{};  // installments of open sales falling due per month
  std::optional<core::Money> monthly_income{};
  BehaviourScore behaviour{};
  std::optional<int> application_score{};  // the shop's scorecard, when one is active
  std::optional<BureauFinding> bureau{};
  // The request: a sale (amount financed, its installment and count) or, on demand, the
  // amount the customer wants to be able to buy (installment_count 0: not a sale).
  core::Money requested{};
  core::Money installment_amount{};
  int installment_count = 0;
};

enum class Outcome { kApproved, kCounterOffer, kRefused, kOverridden };
std::string_view OutcomeName(
    Outcome outcome);  // "approved", "counter_offer", "refused", "overridden"
std::optional<Outcome> ParseOutcome(std::string_view name);

struct DecisionReason {
  std::string code;  // "blocked", "limit", "score", "bureau_missing", "bureau_restricted",
                     // "affordability", "income_missing", "installments"
  std::string text_pt;
};

struct Decision {
  Outcome outcome = Outcome::kRefused;
  std::vector<DecisionReason> reasons{};    // why not a plain approval (empty when approved)
  std::optional<core::Money> max_amount{};  // counter-offer: the most that can be financed
  std::optional<int> max_installments{};    // counter-offer: the most installments
  std::string override_reason{};            // set exactly when overridden
};

// Refused when blocked, below min_score, restricted (with refuse_on_restriction), without
// a valid bureau lookup (bureau_required), or income missing (income_required) — or when
// nothing at all fits. Counter-offer when only the amount (limit − open, or what the
// income affords) or the installment count (the band's maximum) is too high. An owner
// (`may_override`) turns anything but a blocked customer into kOverridden with a reason.
Decision Decide(const DecisionRules& rules, const DecisionInputs& inputs,
                std::string_view override_reason, bool may_override);

// A decision as stored: at a sale or on demand (the clerk's "analisar crédito"), with
// every input it was made from.
enum class DecisionKind { kSale, kOnDemand };
std::string_view KindName(DecisionKind kind);  // "sale", "on_demand"
std::optional<DecisionKind> ParseKind(std::string_view name);

struct Analysis {
  DecisionKind kind = DecisionKind::kSale;
  DecisionInputs inputs{};
  Decision decision{};
};

}  // namespace fiado::credit
