// Dunning policies (réguas de cobrança): ordered steps keyed by days relative to the due
// date, each with an action, a template and conditions; several policies per shop, the
// first whose rule matches a customer applies to him. A Policy value is checked by
// CheckPolicy before it is stored, so the engine may trust it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "core/money.h"

namespace fiado::collection {

struct PolicyTag {};
using PolicyId = core::Id<PolicyTag>;

// What a step does.
enum class StepAction {
  kWhatsapp,            // message on WhatsApp
  kSms,                 // text message
  kEmail,               // e-mail
  kLetter,              // printed letter to the customer's address
  kCallTask,            // a call for a collector to make (a task, not a message)
  kBureauNotice,        // the installment becomes eligible for the bureau's prior notice
  kBureauRegistration,  // registration (negativação): ≥ 10 days after the notice
  kSuspension,          // the customer's new credit is suspended
  kWebhook,             // the shop's own system is told
};
inline constexpr StepAction kStepActions[] = {StepAction::kWhatsapp,
                                              StepAction::kSms,
                                              StepAction::kEmail,
                                              StepAction::kLetter,
                                              StepAction::kCallTask,
                                              StepAction::kBureauNotice,
                                              StepAction::kBureauRegistration,
                                              StepAction::kSuspension,
                                              StepAction::kWebhook};
// "whatsapp", "sms", "email", "letter", "call_task", "bureau_notice",
// "bureau_registration", "suspension", "webhook".
std::string_view ActionName(StepAction action);
std::optional<StepAction> ParseAction(std::string_view name);
std::string_view ActionLabelPt(StepAction action);  // "WhatsApp", "Ligação", ...

// WhatsApp, SMS and e-mail: need the customer's consent for the channel and count
// against the daily and weekly caps.
bool IsMessage(StepAction action);
// Messages and call tasks: reach the customer, so they happen only inside contact hours
// and count against the caps.
bool IsContact(StepAction action);
// Actions that carry a rendered text (messages and letters).
bool HasText(StepAction action);

// How long the customer has bought on credit at the shop.
enum class Tenure { kAny, kNew, kEstablished };
std::string_view TenureName(Tenure tenure);  // "any", "new", "established"
std::optional<Tenure> ParseTenure(std::string_view name);
// A customer is new for this many days after his first sale.
inline constexpr int kNewCustomerDays = 180;

// Who a policy or a step applies to. Empty lists mean "everyone".
struct Audience {
  Tenure tenure = Tenure::kAny;
  std::vector<std::string> states{};  // UFs of the customer's address
  core::Money min_open{};             // the customer's open principal is at least this
  friend bool operator==(const Audience&, const Audience&) = default;
};

struct Step {
  std::string key{};   // stable within the policy: [a-z0-9+-], 1–40 chars ("d-3", "d+7-ligacao")
  int day_offset = 0;  // days after the due date; negative = before it
  StepAction action = StepAction::kEmail;
  std::string template_key{};  // required when HasText(action)
  // The installment's open amount (updated today) must be at least this.
  core::Money min_open{};
  Audience audience{};  // further conditions on the customer
  friend bool operator==(const Step&, const Step&) = default;
};

inline constexpr int kMinDayOffset = -30;
inline constexpr int kMaxDayOffset = 1825;  // five years (CDC art. 43 §1)

struct Policy {
  PolicyId id{};
  core::StoreId store_id{};
  std::string name{};
  int priority = 100;  // lower first; the first active policy whose audience matches applies
  bool active = true;
  Audience audience{};
  std::vector<Step> steps{};  // sorted by day_offset, then key
  int version = 1;
  core::Instant updated_at{};
  std::string updated_by{};
};

// Refuses, naming the field ("steps[2].day_offset") in Portuguese: an empty name; no
// steps; duplicate step keys; two steps on the same day with the same action (overlap);
// a day offset out of [kMinDayOffset, kMaxDayOffset]; a text action without template or
// with a template not in `template_keys`; a bureau registration with no bureau notice at
// least 10 days earlier in the same policy (contradiction); a step after a suspension or
// registration that is a pre-due reminder (and a registration or suspension on or before
// the due date); an unknown UF; negative amounts; a step key outside [a-z0-9+-]{1,40}.
// Steps need not be stored sorted: the engine orders them itself.
core::Status CheckPolicy(const Policy& policy, const std::vector<std::string>& template_keys);

// The key that makes a step happen once per installment: "<policy id>/<step key>".
std::string StepKeyOf(const Policy& policy, const Step& step);

// The presets a shop starts with (Portuguese names): "Varejo padrão" (D−3 reminder, D0
// reminder, D+1 e-mail, D+7 call, D+15 WhatsApp, D+28 e-mail, D+30 bureau notice) and
// "Cadência semanal" (week 1 e-mail, week 2 call, week 4 e-mail reminders). Ids are left
// empty for the caller to assign; templates are those of PresetTemplates().
std::vector<Policy> PresetPolicies();

}  // namespace fiado::collection
