// The régua's engine: a pure function of (a customer's open installments and facts, the
// shop's policies and contact rules, what was already done, the calendar, today and the
// run's instant) → the actions to take and, for every installment not acted on, why
// (DESIGN §4). No clock, no storage: a run can be previewed and replayed.
//
// Rules:
//  - an installment is a candidate while its open amount (updated today) is positive and
//    neither it nor its customer is exempt;
//  - its due step is the latest step of the customer's policy with day_offset ≤ days since
//    the due date (negative before it); if that step was already done for the
//    installment, nothing is due: after days without a run only the latest step is
//    caught up, never a burst of old ones; a step is done exactly once per installment;
//  - a step's conditions (min open amount, audience) are checked today;
//  - a pause (promise to pay until its date, open agreement, open dispute) holds every
//    step of the customer (contacts, letters and bureau steps alike: nothing is
//    registered during a promise, an agreement or a dispute); a blocked contact window
//    holds every contact step;
//  - when several steps share the latest day_offset ≤ days since due (a notice and an
//    e-mail on D+30), each of them is due;
//  - messages need consent for their channel and the contact data (phone, e-mail,
//    address for a letter);
//  - all the contact steps due for one customer today become ONE action (the most
//    advanced step's channel and template; ties: the earlier step in the policy), which
//    lists every open installment that is due or late; the other steps it covers are
//    done by it;
//  - contacts happen at the first allowed moment at or after `now` (send_at), deferred
//    to the next allowed day when outside hours, on Sunday or a holiday — never dropped;
//    the daily and weekly caps count contacts by the local day of their send_at (the
//    PastActions of one action, one per step, count as one contact: history contacts are
//    grouped by (on, action); a contact recorded without installment counts alone);
//    letters are mailed: not held by hours or caps, but need an address;
//  - non-contact steps (bureau notice, registration, suspension, webhook) are actions of
//    their own, not held by hours or caps; a registration needs a bureau notice done for
//    the installment at least 10 days earlier and a due date less than 5 years old.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collection/contact.h"
#include "collection/message_template.h"
#include "collection/policy.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "core/time_zone.h"
#include "customers/customer.h"
#include "payments/ledger.h"

namespace fiado::collection {

struct PauseTag {};
using PauseId = core::Id<PauseTag>;

enum class PauseKind { kPromise, kAgreement, kDispute };
std::string_view PauseKindName(PauseKind kind);  // "promise", "agreement", "dispute"
std::optional<PauseKind> ParsePauseKind(std::string_view name);

// A promise holds until its date (inclusive) and resumes by itself after it; an agreement
// or a dispute holds until it is ended.
struct Pause {
  PauseId id{};
  customers::CustomerId customer_id{};
  PauseKind kind = PauseKind::kPromise;
  core::Date from{};
  std::optional<core::Date> until{};     // required for a promise
  std::optional<core::Date> ended_on{};  // set when a person ended it
  std::string reason{};
  bool IsActiveOn(core::Date day) const;
};

// A step already done for an installment, or a contact already made with the customer.
struct PastAction {
  std::string step_key{};  // StepKeyOf
  std::optional<payments::InstallmentRef> installment{};
  StepAction action = StepAction::kEmail;
  core::Date on{};  // local date of its send_at
};

struct AccountInstallment {
  payments::InstallmentTerms terms{};
  std::vector<payments::Settlement> settlements{};  // effective today
  int installment_count = 0;                        // of its sale
  std::string description{};                        // the sale's goods
  bool exempt = false;
};

// One customer as the engine sees him.
struct Account {
  customers::CustomerId customer_id{};
  std::string full_name{};
  std::string state{};  // UF of the address; may be empty
  customers::CustomerStatus status = customers::CustomerStatus::kActive;
  std::optional<core::Date> first_sale_on{};
  std::array<bool, 3> consent{};  // by customers::kChannels order (WhatsApp, SMS, e-mail)
  bool has_phone = false;
  bool has_email = false;
  bool has_address = false;
  bool exempt = false;
  std::vector<Pause> pauses{};
  std::vector<AccountInstallment> installments{};
  std::vector<PastAction>
      history{};  // steps done for these installments + contacts of the last 7 days
};

// Why an installment got no action today (or why its action was deferred).
enum class Reason {
  kNothingDue,   // no step is due yet
  kAlreadyDone,  // its latest due step was done before
  kCovered,      // today's message of the customer covers it (listed in it)
  kExemptCustomer,
  kExemptInstallment,
  kPromise,        // paused by a promise to pay
  kAgreement,      // paused by an open agreement
  kDispute,        // paused by a dispute
  kBelowMinimum,   // open amount under the step's minimum
  kAudience,       // the step's audience excludes the customer
  kNoConsent,      // no consent for the step's channel
  kNoContactData,  // no phone / e-mail / address for the channel
  kDailyCap,
  kWeeklyCap,
  kNoWindow,        // no allowed contact moment in the next 14 days
  kNoBureauNotice,  // a registration without a notice ≥ 10 days before
  kTooOld,          // due more than 5 years ago: not registered
  kNoPolicy,        // no active policy applies to the customer
  kDeferred,        // acted on, but outside hours: sent at the next allowed moment
};
std::string_view ReasonName(Reason reason);  // "nothing_due", "already_done", ...
std::string_view ReasonPt(Reason reason);    // "fora do horário", "limite diário atingido", ...
std::optional<Reason> ParseReason(std::string_view name);  // the inverse of ReasonName

struct Skip {
  payments::InstallmentRef installment{};
  std::string step_key{};  // the due step, empty for kNothingDue / kNoPolicy / exemptions
  Reason reason = Reason::kNothingDue;
};

// One action: what the outbox or the task list receives.
struct Action {
  customers::CustomerId customer_id{};
  PolicyId policy_id{};
  StepAction action = StepAction::kEmail;
  std::string template_key{};
  core::Instant send_at{};
  // send_at falls on a later local day than `today` (now was after hours, on a Sunday or
  // a holiday); each installment it does also gets a Skip with Reason::kDeferred.
  bool deferred = false;
  // The (installment, step) pairs this action does, each exactly once.
  std::vector<std::pair<payments::InstallmentRef, std::string>> steps{};
  std::vector<ListedInstallment> listed{};  // what the message names
  core::Money open_total{};                 // updated today
  std::string subject{};                    // rendered; empty without a text
  std::string body{};
};

// What a run knows about the shop.
struct ShopContext {
  core::Date today{};   // local date of the run
  core::Instant now{};  // the run's instant
  const core::TimeZone* zone = nullptr;
  const core::BusinessCalendar* calendar = nullptr;
  ContactRules rules{};
  std::vector<Policy> policies{};  // checked; any order (sorted by priority inside)
  std::vector<MessageTemplate> templates{};
  TemplateValues shop_values{};  // store_* fields and payment_link; the rest per message
  std::string pix_key{};         // empty = no Pix code in messages
  std::string pix_merchant_name{};
  std::string pix_merchant_city{};
};

struct Decision {
  std::vector<Action> actions{};
  std::vector<Skip> skips{};  // one per open installment not acted on (and per deferral)
};

// The policy that applies to `account` (the first active one by priority whose audience
// matches), or nullptr.
const Policy* PolicyFor(const ShopContext& shop, const Account& account);

Decision Decide(const ShopContext& shop, const Account& account);

// What the storage records once an action is taken: one PastAction per (installment,
// step) it does, dated by the local date of its send_at in `zone`. Fed back as
// Account::history, they make the steps done and count as one contact.
std::vector<PastAction> HistoryOf(const Action& action, const core::TimeZone& zone);

// What the template variables become for a message to `account` today listing all its
// open installments: the shop's values plus the
// customer's name, the installments with their amounts updated today, the totals and the
// Pix code. The engine renders its actions with it; the template editor's preview too.
TemplateValues ValuesFor(const ShopContext& shop, const Account& account);

}  // namespace fiado::collection
