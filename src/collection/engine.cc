#include "collection/engine.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

#include "payments/pix.h"

namespace fiado::collection {
namespace {

constexpr int kBureauWaitDays = 10;
constexpr int kBureauMaxAgeMonths = 60;  // CDC art. 43 §1: five years
constexpr int kCapWindowDays = 7;

// An open installment as the engine works on it.
struct Candidate {
  const AccountInstallment* source = nullptr;
  payments::Position position{};
  int days_since_due = 0;
  const payments::InstallmentRef& ref() const { return source->terms.ref; }
};

// A due step of one candidate (by index), ready to be acted on.
struct Ready {
  std::size_t candidate = 0;
  std::size_t step_index = 0;  // in the policy
  const Step* step = nullptr;
};

// Everything one Decide call derives once.
struct Run {
  const ShopContext& shop;
  const Account& account;
  std::vector<Candidate> candidates{};
  core::Money open_principal{};
  std::vector<std::optional<Skip>> refusals{};  // by candidate
  std::vector<bool> listed_in_text{};           // by candidate: named in a message or letter
  std::vector<Ready> ready{};
  std::vector<std::string> step_keys{};  // StepKeyOf, by step of the policy
  Decision decision{};
};

std::vector<Candidate> CandidatesOf(const ShopContext& shop, const Account& account) {
  std::vector<Candidate> candidates;
  for (const AccountInstallment& installment : account.installments) {
    payments::Position position = payments::PositionAt(installment.terms, installment.settlements,
                                                       *shop.calendar, shop.today);
    if (!payments::IsOpen(position.status) || !position.principal_open.IsPositive()) continue;
    const int days = core::DaysBetween(installment.terms.due_date, shop.today);
    candidates.push_back(Candidate{&installment, position, days});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    // Oldest due first: the most days since the due date.
    if (a.days_since_due != b.days_since_due) return a.days_since_due > b.days_since_due;
    return a.ref() < b.ref();
  });
  return candidates;
}

core::Money OpenPrincipalOf(const std::vector<Candidate>& candidates) {
  core::Money total;
  for (const Candidate& candidate : candidates) total += candidate.position.principal_open;
  return total;
}

Tenure TenureOf(const Account& account, core::Date today) {
  if (!account.first_sale_on) return Tenure::kNew;
  const int days = core::DaysBetween(*account.first_sale_on, today);
  return days < kNewCustomerDays ? Tenure::kNew : Tenure::kEstablished;
}

bool Matches(const Audience& audience, const Account& account, core::Date today,
             core::Money open_principal) {
  if (audience.tenure != Tenure::kAny && audience.tenure != TenureOf(account, today)) return false;
  if (!audience.states.empty() && std::find(audience.states.begin(), audience.states.end(),
                                            account.state) == audience.states.end()) {
    return false;
  }
  return open_principal >= audience.min_open;
}

const Policy* FirstMatching(const ShopContext& shop, const Account& account,
                            core::Money open_principal) {
  // The lowest priority wins; on a tie, the one listed first.
  const Policy* best = nullptr;
  for (const Policy& policy : shop.policies) {
    if (!policy.active || (best != nullptr && policy.priority >= best->priority)) continue;
    if (Matches(policy.audience, account, shop.today, open_principal)) best = &policy;
  }
  return best;
}

// The greatest day_offset ≤ days: the steps on it (usually one) are due.
std::optional<int> LatestDueOffset(const Policy& policy, int days_since_due) {
  std::optional<int> latest;
  for (const Step& step : policy.steps) {
    if (step.day_offset <= days_since_due && (!latest || step.day_offset > *latest)) {
      latest = step.day_offset;
    }
  }
  return latest;
}

const std::string& StepKeyAt(Run& run, const Policy& policy, std::size_t index) {
  std::string& key = run.step_keys[index];
  if (key.empty()) key = StepKeyOf(policy, policy.steps[index]);
  return key;
}

bool IsDone(const Account& account, const payments::InstallmentRef& ref, const std::string& key) {
  return std::any_of(account.history.begin(), account.history.end(), [&](const PastAction& past) {
    return past.installment && *past.installment == ref && past.step_key == key;
  });
}

std::optional<Reason> PauseReason(const Account& account, core::Date today) {
  std::optional<Reason> reason;
  for (const Pause& pause : account.pauses) {
    if (!pause.IsActiveOn(today)) continue;
    if (pause.kind == PauseKind::kDispute) return Reason::kDispute;
    if (pause.kind == PauseKind::kAgreement) reason = Reason::kAgreement;
    if (!reason) reason = Reason::kPromise;
  }
  return reason;
}

std::optional<Reason> ChannelRefusal(const Account& account, StepAction action) {
  const auto consent = [&account](customers::Channel channel) {
    return account.consent[static_cast<std::size_t>(channel)];
  };
  switch (action) {
    case StepAction::kWhatsapp:
      if (!consent(customers::Channel::kWhatsapp)) return Reason::kNoConsent;
      return account.has_phone ? std::nullopt : std::optional(Reason::kNoContactData);
    case StepAction::kSms:
      if (!consent(customers::Channel::kSms)) return Reason::kNoConsent;
      return account.has_phone ? std::nullopt : std::optional(Reason::kNoContactData);
    case StepAction::kEmail:
      if (!consent(customers::Channel::kEmail)) return Reason::kNoConsent;
      return account.has_email ? std::nullopt : std::optional(Reason::kNoContactData);
    case StepAction::kCallTask:
      return account.has_phone ? std::nullopt : std::optional(Reason::kNoContactData);
    case StepAction::kLetter:
      return account.has_address ? std::nullopt : std::optional(Reason::kNoContactData);
    default:
      return std::nullopt;
  }
}

// A registration needs a notice done ≥ 10 days before today and a due date < 5 years old.
std::optional<Reason> RegistrationRefusal(const Account& account, const Candidate& candidate,
                                          core::Date today) {
  const core::Date latest_notice = core::AddDays(today, -kBureauWaitDays);
  const bool noticed =
      std::any_of(account.history.begin(), account.history.end(), [&](const PastAction& past) {
        return past.action == StepAction::kBureauNotice && past.installment &&
               *past.installment == candidate.ref() &&
               std::chrono::sys_days(past.on) <= std::chrono::sys_days(latest_notice);
      });
  if (!noticed) return Reason::kNoBureauNotice;
  const core::Date oldest_due = core::AddMonthsClamped(today, -kBureauMaxAgeMonths);
  if (std::chrono::sys_days(candidate.source->terms.due_date) <=
      std::chrono::sys_days(oldest_due)) {
    return Reason::kTooOld;
  }
  return std::nullopt;
}

// Why `step` cannot be done today for `candidate`, or nullopt when it can (caps and
// hours aside, which apply to the customer's one contact).
std::optional<Reason> StepRefusal(const Run& run, const Candidate& candidate, const Step& step,
                                  const std::string& step_key) {
  if (IsDone(run.account, candidate.ref(), step_key)) return Reason::kAlreadyDone;
  if (auto paused = PauseReason(run.account, run.shop.today)) return paused;
  if (candidate.position.UpdatedValue() < step.min_open) return Reason::kBelowMinimum;
  if (!Matches(step.audience, run.account, run.shop.today, run.open_principal)) {
    return Reason::kAudience;
  }
  if (auto channel = ChannelRefusal(run.account, step.action)) return channel;
  if (step.action == StepAction::kBureauRegistration) {
    return RegistrationRefusal(run.account, candidate, run.shop.today);
  }
  return std::nullopt;
}

void Refuse(Run& run, std::size_t candidate, const std::string& step_key, Reason reason) {
  std::optional<Skip>& slot = run.refusals[candidate];
  // Any other reason tells more than "already done".
  if (slot && slot->reason != Reason::kAlreadyDone) return;
  if (slot && reason == Reason::kAlreadyDone) return;
  slot = Skip{run.candidates[candidate].ref(), step_key, reason};
}

// The due steps of one candidate, each refused or ready.
void SortStepsOf(Run& run, const Policy& policy, std::size_t c) {
  const Candidate& candidate = run.candidates[c];
  if (candidate.source->exempt) return Refuse(run, c, "", Reason::kExemptInstallment);
  const std::optional<int> latest = LatestDueOffset(policy, candidate.days_since_due);
  if (!latest) return Refuse(run, c, "", Reason::kNothingDue);
  for (std::size_t index = 0; index < policy.steps.size(); ++index) {
    const Step& step = policy.steps[index];
    if (step.day_offset != *latest) continue;
    const std::string& key = StepKeyAt(run, policy, index);
    if (auto reason = StepRefusal(run, candidate, step, key)) {
      Refuse(run, c, key, *reason);
    } else {
      run.ready.push_back(Ready{c, index, &step});
    }
  }
}

// Phase 2: the due steps of every candidate, refused or ready.
void SortDueSteps(Run& run, const Policy& policy) {
  run.step_keys.resize(policy.steps.size());
  for (std::size_t c = 0; c < run.candidates.size(); ++c) SortStepsOf(run, policy, c);
}

// Contacts in history by local day, for the 13 days centred on `day` (index 6 = day):
// the PastActions of one action (same day and channel) are one contact; entries without
// installment are contacts recorded on their own and count one each.
std::array<int, 2 * kCapWindowDays - 1> ContactsAround(const Account& account, core::Date day) {
  constexpr std::size_t kDays = 2 * kCapWindowDays - 1;
  constexpr std::size_t kKinds = std::size(kStepActions);
  std::array<std::array<bool, kKinds>, kDays> grouped{};
  std::array<std::array<int, kKinds>, kDays> loose{};
  for (const PastAction& past : account.history) {
    if (!IsContact(past.action)) continue;
    const int offset = core::DaysBetween(day, past.on) + kCapWindowDays - 1;
    if (offset < 0 || offset >= static_cast<int>(kDays)) continue;
    const auto d = static_cast<std::size_t>(offset);
    const auto kind = static_cast<std::size_t>(past.action);
    if (past.installment) grouped[d][kind] = true;
    if (!past.installment) ++loose[d][kind];
  }
  std::array<int, kDays> counts{};
  for (std::size_t d = 0; d < kDays; ++d) {
    for (std::size_t kind = 0; kind < kKinds; ++kind) {
      counts[d] += std::max(grouped[d][kind] ? 1 : 0, loose[d][kind]);
    }
  }
  return counts;
}

std::optional<Reason> CapRefusal(const ContactRules& rules, const Account& account,
                                 core::Date send_day) {
  const auto counts = ContactsAround(account, send_day);
  if (counts[kCapWindowDays - 1] + 1 > rules.daily_cap) return Reason::kDailyCap;
  for (std::size_t start = 0; start < kCapWindowDays; ++start) {
    int week = 0;
    for (std::size_t day = start; day < start + kCapWindowDays; ++day) week += counts[day];
    if (week + 1 > rules.weekly_cap) return Reason::kWeeklyCap;
  }
  return std::nullopt;
}

ListedInstallment ListedOf(const Candidate& candidate) {
  ListedInstallment listed;
  listed.number = candidate.ref().number;
  listed.count = candidate.source->installment_count;
  listed.description = candidate.source->description;
  listed.due_date = candidate.source->terms.due_date;
  listed.open = candidate.position.UpdatedValue();
  listed.days_late = std::max(0, candidate.days_since_due);
  return listed;
}

// The candidates an action names: those it does, plus (for a text) every one due or late.
std::vector<std::size_t> ListedCandidates(const Run& run, const std::vector<Ready>& group,
                                          bool with_late) {
  std::vector<bool> listed(run.candidates.size(), false);
  for (const Ready& ready : group) listed[ready.candidate] = true;
  for (std::size_t c = 0; with_late && c < run.candidates.size(); ++c) {
    const Candidate& candidate = run.candidates[c];
    if (candidate.days_since_due >= 0 && !candidate.source->exempt) listed[c] = true;
  }
  std::vector<std::size_t> indexes;
  for (std::size_t c = 0; c < listed.size(); ++c) {
    if (listed[c]) indexes.push_back(c);
  }
  return indexes;
}

std::uint64_t Fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

// 16 hex digits of the customer id's hash + yyyymmdd: 24 alphanumerics, stable per day.
std::string TxidOf(const customers::CustomerId& customer_id, core::Date today) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::uint64_t hash = Fnv1a(customer_id.str());
  std::string txid(16, '0');
  for (auto it = txid.rbegin(); it != txid.rend(); ++it, hash >>= 4) *it = kHex[hash & 0xF];
  for (char c : core::FormatIso(today)) {
    if (c != '-') txid += c;
  }
  return txid;
}

std::string PixCodeOf(const Run& run, core::Money amount) {
  const ShopContext& shop = run.shop;
  if (shop.pix_key.empty() || !amount.IsPositive()) return {};
  auto encoder =
      payments::PixEncoder::Make(shop.pix_key, shop.pix_merchant_name, shop.pix_merchant_city);
  if (!encoder) return {};
  auto code = encoder->Encode(amount, TxidOf(run.account.customer_id, shop.today));
  return code ? *code : std::string();
}

TemplateValues ValuesOf(const Run& run, std::vector<ListedInstallment> listed,
                        core::Money open_total, core::Money original_total) {
  TemplateValues values = run.shop.shop_values;
  values.full_name = run.account.full_name;
  values.installments = std::move(listed);
  values.open_total = open_total;
  values.original_total = original_total;
  values.pix_code = PixCodeOf(run, open_total);
  return values;
}

void Render(const Run& run, core::Money original_total, Action& action) {
  const auto& templates = run.shop.templates;
  const auto found = std::find_if(templates.begin(), templates.end(),
                                  [&](const auto& t) { return t.key == action.template_key; });
  if (found == templates.end()) return;
  const TemplateValues values = ValuesOf(run, action.listed, action.open_total, original_total);
  action.subject = RenderTemplate(found->subject, values);
  action.body = RenderTemplate(found->body, values);
}

// One action doing every step of `group`; the main step (most advanced, ties: earlier in
// the policy) gives the channel and template.
Action ActionOf(Run& run, const Policy& policy, const std::vector<Ready>& group,
                core::Instant send_at) {
  const Ready& main =
      *std::max_element(group.begin(), group.end(), [](const Ready& a, const Ready& b) {
        return std::pair(a.step->day_offset, b.step_index) <
               std::pair(b.step->day_offset, a.step_index);
      });
  Action action;
  action.customer_id = run.account.customer_id;
  action.policy_id = policy.id;
  action.action = main.step->action;
  action.template_key = HasText(action.action) ? main.step->template_key : std::string();
  action.send_at = send_at;
  action.deferred = run.shop.zone->LocalDate(send_at) != run.shop.today;
  for (const Ready& ready : group) {
    action.steps.emplace_back(run.candidates[ready.candidate].ref(),
                              run.step_keys[ready.step_index]);
  }
  core::Money original_total;
  // A message or a letter names everything due or late, and so does a call task, so the
  // collector can talk about all of it.
  const bool names_all = HasText(action.action) || action.action == StepAction::kCallTask;
  for (std::size_t c : ListedCandidates(run, group, names_all)) {
    action.listed.push_back(ListedOf(run.candidates[c]));
    action.open_total += action.listed.back().open;
    original_total += run.candidates[c].position.principal_open;
    if (HasText(action.action)) run.listed_in_text[c] = true;
  }
  if (HasText(action.action)) Render(run, original_total, action);
  return action;
}

void RefuseGroup(Run& run, const std::vector<Ready>& group, Reason reason) {
  for (const Ready& ready : group) {
    Refuse(run, ready.candidate, run.step_keys[ready.step_index], reason);
  }
}

// Phase 3a: the customer's one contact, at the first allowed moment, within the caps.
void DecideContact(Run& run, const Policy& policy, const std::vector<Ready>& group) {
  if (group.empty()) return;
  const ShopContext& shop = run.shop;
  const ContactHours hours = HoursFor(shop.rules, run.account.state);
  const std::optional<core::Instant> send_at =
      NextAllowedMoment(hours, *shop.calendar, *shop.zone, shop.now);
  if (!send_at) return RefuseGroup(run, group, Reason::kNoWindow);
  const core::Date send_day = shop.zone->LocalDate(*send_at);
  if (auto capped = CapRefusal(shop.rules, run.account, send_day)) {
    return RefuseGroup(run, group, *capped);
  }
  run.decision.actions.push_back(ActionOf(run, policy, group, *send_at));
}

// Phase 3: contacts become one action; letters one; every other kind one per kind.
void DecideActions(Run& run, const Policy& policy) {
  std::vector<Ready> contacts;
  std::map<StepAction, std::vector<Ready>> others;
  for (const Ready& ready : run.ready) {
    if (IsContact(ready.step->action)) {
      contacts.push_back(ready);
    } else {
      others[ready.step->action].push_back(ready);
    }
  }
  DecideContact(run, policy, contacts);
  for (const auto& [kind, group] : others) {
    run.decision.actions.push_back(ActionOf(run, policy, group, run.shop.now));
  }
}

bool IsActedOn(const Decision& decision, const payments::InstallmentRef& ref) {
  return std::any_of(decision.actions.begin(), decision.actions.end(), [&](const Action& action) {
    return std::any_of(action.steps.begin(), action.steps.end(),
                       [&](const auto& step) { return step.first == ref; });
  });
}

// Phase 4: one Skip per candidate not acted on, then one per deferred installment.
void AddSkips(Run& run) {
  run.decision.skips.reserve(run.candidates.size());
  for (std::size_t c = 0; c < run.candidates.size(); ++c) {
    const Candidate& candidate = run.candidates[c];
    if (IsActedOn(run.decision, candidate.ref())) continue;
    std::optional<Skip>& refusal = run.refusals[c];
    Skip& skip =
        refusal ? run.decision.skips.emplace_back(std::move(*refusal))
                : run.decision.skips.emplace_back(Skip{candidate.ref(), "", Reason::kNothingDue});
    if (run.listed_in_text[c]) skip.reason = Reason::kCovered;
  }
  for (const Action& action : run.decision.actions) {
    if (!action.deferred) continue;
    for (const auto& [ref, key] : action.steps) {
      run.decision.skips.push_back(Skip{ref, key, Reason::kDeferred});
    }
  }
}

void SkipAll(Run& run, Reason reason) {
  for (const Candidate& candidate : run.candidates) {
    run.decision.skips.push_back(Skip{candidate.ref(), "", reason});
  }
}

}  // namespace

std::string_view PauseKindName(PauseKind kind) {
  switch (kind) {
    case PauseKind::kPromise:
      return "promise";
    case PauseKind::kAgreement:
      return "agreement";
    case PauseKind::kDispute:
      return "dispute";
  }
  return "promise";
}

std::optional<PauseKind> ParsePauseKind(std::string_view name) {
  for (PauseKind kind : {PauseKind::kPromise, PauseKind::kAgreement, PauseKind::kDispute}) {
    if (PauseKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

bool Pause::IsActiveOn(core::Date day) const {
  const auto at = std::chrono::sys_days(day);
  if (at < std::chrono::sys_days(from)) return false;
  if (ended_on && std::chrono::sys_days(*ended_on) <= at) return false;
  if (kind == PauseKind::kPromise && !until) return false;
  return !until || at <= std::chrono::sys_days(*until);
}

TemplateValues ValuesFor(const ShopContext& shop, const Account& account) {
  Run run{shop, account, CandidatesOf(shop, account)};
  std::vector<ListedInstallment> listed;
  core::Money open_total;
  core::Money original_total;
  for (const Candidate& candidate : run.candidates) {
    listed.push_back(ListedOf(candidate));
    open_total += listed.back().open;
    original_total += candidate.position.principal_open;
  }
  return ValuesOf(run, std::move(listed), open_total, original_total);
}

const Policy* PolicyFor(const ShopContext& shop, const Account& account) {
  return FirstMatching(shop, account, OpenPrincipalOf(CandidatesOf(shop, account)));
}

// Phase 1: candidates and the policy; Phase 2: due steps; Phase 3: actions; Phase 4: skips.
Decision Decide(const ShopContext& shop, const Account& account) {
  FIADO_CHECK(shop.zone != nullptr && shop.calendar != nullptr);
  // Phase 1
  Run run{shop, account};
  run.candidates = CandidatesOf(shop, account);
  run.open_principal = OpenPrincipalOf(run.candidates);
  run.refusals.resize(run.candidates.size());
  run.listed_in_text.resize(run.candidates.size(), false);
  if (account.exempt) {
    SkipAll(run, Reason::kExemptCustomer);
    return std::move(run.decision);
  }
  const Policy* policy = FirstMatching(shop, account, run.open_principal);
  if (policy == nullptr) {
    SkipAll(run, Reason::kNoPolicy);
    return std::move(run.decision);
  }
  SortDueSteps(run, *policy);   // Phase 2
  DecideActions(run, *policy);  // Phase 3
  AddSkips(run);                // Phase 4
  return std::move(run.decision);
}

std::vector<PastAction> HistoryOf(const Action& action, const core::TimeZone& zone) {
  std::vector<PastAction> history;
  const core::Date on = zone.LocalDate(action.send_at);
  for (const auto& [ref, key] : action.steps) {
    history.push_back(PastAction{key, ref, action.action, on});
  }
  return history;
}

std::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kNothingDue:
      return "nothing_due";
    case Reason::kAlreadyDone:
      return "already_done";
    case Reason::kCovered:
      return "covered";
    case Reason::kExemptCustomer:
      return "exempt_customer";
    case Reason::kExemptInstallment:
      return "exempt_installment";
    case Reason::kPromise:
      return "promise";
    case Reason::kAgreement:
      return "agreement";
    case Reason::kDispute:
      return "dispute";
    case Reason::kBelowMinimum:
      return "below_minimum";
    case Reason::kAudience:
      return "audience";
    case Reason::kNoConsent:
      return "no_consent";
    case Reason::kNoContactData:
      return "no_contact_data";
    case Reason::kDailyCap:
      return "daily_cap";
    case Reason::kWeeklyCap:
      return "weekly_cap";
    case Reason::kNoWindow:
      return "no_window";
    case Reason::kNoBureauNotice:
      return "no_bureau_notice";
    case Reason::kTooOld:
      return "too_old";
    case Reason::kNoPolicy:
      return "no_policy";
    case Reason::kDeferred:
      return "deferred";
  }
  return "nothing_due";
}

std::optional<Reason> ParseReason(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Reason::kDeferred); ++i) {
    if (ReasonName(static_cast<Reason>(i)) == name) return static_cast<Reason>(i);
  }
  return std::nullopt;
}

std::string_view ReasonPt(Reason reason) {
  switch (reason) {
    case Reason::kNothingDue:
      return "nenhuma etapa prevista para hoje";
    case Reason::kAlreadyDone:
      return "etapa já realizada";
    case Reason::kCovered:
      return "incluída na mensagem de hoje";
    case Reason::kExemptCustomer:
      return "cliente isento da régua";
    case Reason::kExemptInstallment:
      return "parcela isenta da régua";
    case Reason::kPromise:
      return "promessa de pagamento em vigor";
    case Reason::kAgreement:
      return "acordo em andamento";
    case Reason::kDispute:
      return "contestação em análise";
    case Reason::kBelowMinimum:
      return "valor abaixo do mínimo da etapa";
    case Reason::kAudience:
      return "etapa não se aplica a este cliente";
    case Reason::kNoConsent:
      return "sem consentimento para o canal";
    case Reason::kNoContactData:
      return "sem dados de contato para o canal";
    case Reason::kDailyCap:
      return "limite diário atingido";
    case Reason::kWeeklyCap:
      return "limite semanal atingido";
    case Reason::kNoWindow:
      return "sem horário permitido nos próximos 14 dias";
    case Reason::kNoBureauNotice:
      return "sem comunicado prévio há pelo menos 10 dias";
    case Reason::kTooOld:
      return "vencida há mais de 5 anos";
    case Reason::kNoPolicy:
      return "nenhuma régua se aplica ao cliente";
    case Reason::kDeferred:
      return "fora do horário: enviada no próximo horário permitido";
  }
  return "";
}

}  // namespace fiado::collection
