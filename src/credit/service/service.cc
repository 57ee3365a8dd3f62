#include "credit/service/service.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <utility>

#include "core/text.h"
#include "credit/scorecard/report.h"
#include "credit/scorecard/table.h"
#include "payments/credit_history.h"

namespace fiado::credit {
namespace {

using core::Date;
using core::Money;

constexpr int kLookupsShown = 20;
constexpr int kCustomersPerPage = 500;

// A data error names a line or column of the file; for the API it is an error of "csv",
// the body field holding the file (the message keeps the line and column).
core::Error AsCsvError(core::Error error) {
  if (error.code != core::ErrorCode::kInvalidArgument || error.field == "target" ||
      error.field == "event" || !error.fields.empty()) {
    return error;
  }
  return core::Error::Invalid("csv", std::move(error.message_pt));
}

core::Error NotFoundCustomer() { return core::Error::NotFound("cliente não encontrado"); }

Date UtcDateOf(core::Instant instant) {
  return Date{std::chrono::floor<std::chrono::days>(instant)};
}

bool PaidWithin(const payments::Book& book, const PromiseWindow& window) {
  return std::any_of(book.payments.begin(), book.payments.end(), [&](const payments::Payment& p) {
    return !p.reversal && !p.down_payment_of && p.paid_on >= window.from &&
           p.paid_on <= window.until;
  });
}

}  // namespace

BureauFinding FindingOf(const BureauLookup& lookup) {
  BureauFinding finding{lookup.bureau, lookup.consulted_on, lookup.answer.restricted,
                        static_cast<int>(lookup.answer.restrictions.size())};
  for (const auto& restriction : lookup.answer.restrictions) {
    finding.restricted_amount += restriction.amount;
  }
  return finding;
}

CreditService::CreditService(CreditRepository& repository, payments::LedgerService& ledger,
                             const payments::LedgerRepository& books,
                             const customers::CustomerRepository& customers,
                             customers::Registry& registry, ConnectorFactory connectors,
                             core::IdGenerator& ids, const core::Clock& clock)
    : repository_(repository),
      ledger_(ledger),
      books_(books),
      customers_(customers),
      registry_(registry),
      connectors_(std::move(connectors)),
      ids_(ids),
      clock_(clock) {}

core::AuditEntry CreditService::EntryFor(const core::Actor& actor, std::string entity_type,
                                         std::string entity_id, std::string action) {
  return core::AuditEntry{
      ids_.NextText(),      actor.store_id,    clock_.Now(), actor.actor,  std::move(entity_type),
      std::move(entity_id), std::move(action), std::nullopt, std::nullopt, actor.request_id};
}

core::Result<CreditSettings> CreditService::Settings(const core::StoreId& store_id) {
  return repository_.Settings(store_id);
}

core::Result<CreditSettings> CreditService::SaveSettings(const core::Actor& actor,
                                                         CreditSettings settings,
                                                         int expected_version) {
  const CreditSettings stored = repository_.Settings(actor.store_id);
  KeepSecrets(settings, stored);
  if (auto checked = CheckCreditSettings(settings); !checked) {
    return core::Fail(std::move(checked.error()));
  }
  if (stored.version != expected_version) {
    return core::Fail(core::Error::Conflict(
        "as configurações de crédito foram alteradas por outra pessoa; recarregue a página"));
  }
  settings.version = expected_version + 1;
  auto saved =
      repository_.SaveSettings(actor.store_id, settings, actor.actor,
                               EntryFor(actor, "credit_settings", actor.store_id.str(), "update"));
  if (!saved) return core::Fail(std::move(saved.error()));
  return settings;
}

core::Result<CreditService::Snapshot> CreditService::SnapshotOf(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) {
  auto customer = customers_.Find(store_id, customer_id);
  if (!customer) return core::Fail(NotFoundCustomer());
  auto book = books_.LoadBook(store_id, customer_id);
  if (!book) return core::Fail(NotFoundCustomer());
  auto day = ledger_.DayOf(store_id);
  if (!day) return core::Fail(std::move(day.error()));
  Snapshot snapshot{std::move(*customer), std::move(*book), std::move(*day),
                    repository_.Settings(store_id)};
  auto latest = repository_.Lookups(store_id, customer_id, 1);
  if (!latest.empty()) snapshot.latest_lookup = std::move(latest.front());
  snapshot.behaviour = ScoreOf(snapshot);
  return snapshot;
}

BehaviourScore CreditService::ScoreOf(const Snapshot& snapshot) const {
  BehaviourHistory history = payments::BehaviourHistoryOf(snapshot.book, snapshot.day.today);
  history.credit_limit = snapshot.customer.credit_limit;
  const CollectionRecord record =
      repository_.CollectionOf(snapshot.customer.store_id, snapshot.customer.id);
  for (const auto& window : record.promises) {
    if (PaidWithin(snapshot.book, window)) {
      ++history.promises_kept;
    } else if (window.until < snapshot.day.today) {
      ++history.promises_broken;
    }
  }
  history.agreements = record.agreements;
  history.agreements_broken = record.agreements_broken;
  return ScoreBehaviour(history);
}

LadderStep CreditService::LadderOf(const Snapshot& snapshot) const {
  const auto set_at = repository_.LimitSetAt(snapshot.customer.store_id, snapshot.customer.id);
  // Installments paid from the day after the change count (that day's may predate it).
  const Date since =
      set_at ? core::AddDays(UtcDateOf(*set_at), 1) : Date{std::chrono::year{1970} / 1 / 1};
  const int days_late = snapshot.behaviour.features.current_days_late;
  LadderInputs inputs{
      snapshot.customer.credit_limit,
      payments::BehaviourHistoryOf(snapshot.book, snapshot.day.today).open_principal,
      payments::PaidOnTimeSince(snapshot.book, since, snapshot.day.today), days_late};
  // A change made after the current delay began was this delay's cut: not again.
  inputs.lowered_during_delay =
      set_at && days_late > 0 && since > core::AddDays(snapshot.day.today, 1 - days_late);
  return NextStep(snapshot.settings.ladder, inputs);
}

core::Result<CreditProfile> CreditService::ProfileOf(const core::StoreId& store_id,
                                                     const customers::CustomerId& customer_id) {
  auto snapshot = SnapshotOf(store_id, customer_id);
  if (!snapshot) return core::Fail(std::move(snapshot.error()));
  CreditProfile profile;
  profile.behaviour = snapshot->behaviour;
  if (auto stored = repository_.Score(store_id, customer_id)) {
    profile.score_computed_at = stored->computed_at;
  }
  const auto& customer = snapshot->customer;
  profile.credit_limit = customer.credit_limit;
  profile.open_principal =
      payments::BehaviourHistoryOf(snapshot->book, snapshot->day.today).open_principal;
  profile.available = std::max(Money(), customer.credit_limit - profile.open_principal);
  profile.monthly_commitment = payments::MonthlyCommitment(snapshot->book, snapshot->day.today);
  profile.monthly_income = customer.monthly_income;
  profile.ladder = LadderOf(*snapshot);
  const bool restricted = snapshot->latest_lookup && snapshot->latest_lookup->answer.restricted;
  profile.suggested_first_limit =
      FirstLimit(snapshot->settings.ladder, restricted ? Band::kE : snapshot->behaviour.band,
                 customer.monthly_income);
  profile.lookups = repository_.Lookups(store_id, customer_id, kLookupsShown);
  CustomerFigures figures =
      payments::FiguresOf(snapshot->book, *snapshot->day.calendar, snapshot->day.today);
  figures.customer_id = customer.id.str();
  figures.customer_name = customer.full_name;
  profile.profitability = RankProfitability({figures}).front();
  return profile;
}

core::Status CreditService::ApplyLadder(const core::Actor& actor, const Snapshot& snapshot,
                                        RefreshSummary* summary) {
  if (!snapshot.settings.ladder_automatic || !snapshot.customer.credit_limit.IsPositive()) {
    return {};
  }
  const LadderStep step = LadderOf(snapshot);
  const bool moves = step.move == LadderMove::kRaise || step.move == LadderMove::kLower;
  if (!moves || step.new_limit == step.current_limit) return {};
  auto updated = registry_.SetCreditLimit(actor, snapshot.customer.id, step.new_limit,
                                          "escada de limite: " + step.text_pt);
  if (!updated) return core::Fail(std::move(updated.error()));
  if (summary != nullptr) {
    (step.move == LadderMove::kRaise ? summary->raised : summary->lowered) += 1;
  }
  return {};
}

core::Result<StoredScore> CreditService::Refresh(const core::Actor& actor,
                                                 const customers::CustomerId& customer_id,
                                                 RefreshSummary* summary) {
  auto snapshot = SnapshotOf(actor.store_id, customer_id);
  if (!snapshot) return core::Fail(std::move(snapshot.error()));
  StoredScore stored{customer_id, snapshot->behaviour, clock_.Now()};
  if (auto saved = repository_.SaveScores(actor.store_id, {&stored, 1}); !saved) {
    return core::Fail(std::move(saved.error()));
  }
  if (summary != nullptr) ++summary->scored;
  if (auto applied = ApplyLadder(actor, *snapshot, summary); !applied) {
    return core::Fail(std::move(applied.error()));
  }
  return stored;
}

core::Result<RefreshSummary> CreditService::RefreshAll(const core::Actor& actor) {
  RefreshSummary summary;
  std::string after;
  for (;;) {
    const auto ids = repository_.CustomersWithSales(actor.store_id, after, kCustomersPerPage);
    for (const auto& id : ids) {
      auto refreshed = Refresh(actor, id, &summary);
      if (!refreshed) return core::Fail(std::move(refreshed.error()));
    }
    if (static_cast<int>(ids.size()) < kCustomersPerPage) break;
    after = ids.back().str();
  }
  return summary;
}

core::Result<BureauLookup> CreditService::RecordManualLookup(
    const core::Actor& actor, const customers::CustomerId& customer_id,
    const ManualLookupDraft& draft) {
  auto customer = customers_.Find(actor.store_id, customer_id);
  if (!customer) return core::Fail(NotFoundCustomer());
  auto day = ledger_.DayOf(actor.store_id);
  if (!day) return core::Fail(std::move(day.error()));
  auto lookup = MakeManualLookup(draft, day->today);
  if (!lookup) return core::Fail(std::move(lookup.error()));
  lookup->id = ids_.Next<BureauLookupTag>();
  lookup->store_id = actor.store_id;
  lookup->customer_id = customer_id.str();
  lookup->source = "manual";
  lookup->requested_by = actor.actor;
  lookup->recorded_at = clock_.Now();
  auto recorded = repository_.RecordLookup(
      *lookup, EntryFor(actor, "bureau_lookup", lookup->id.str(), "record"));
  if (!recorded) return core::Fail(std::move(recorded.error()));
  return lookup;
}

core::Result<BureauLookup> CreditService::LookupOnline(const core::Actor& actor,
                                                       const customers::CustomerId& customer_id,
                                                       const std::string& bureau_name,
                                                       Purpose purpose) {
  auto customer = customers_.Find(actor.store_id, customer_id);
  if (!customer) return core::Fail(NotFoundCustomer());
  const CreditSettings settings = repository_.Settings(actor.store_id);
  const auto configured =
      std::find_if(settings.bureaus.begin(), settings.bureaus.end(),
                   [&](const HttpBureauSettings& b) { return b.name == bureau_name; });
  if (configured == settings.bureaus.end()) {
    return core::Invalid("bureau", "birô não configurado: " + bureau_name);
  }
  auto day = ledger_.DayOf(actor.store_id);
  if (!day) return core::Fail(std::move(day.error()));
  std::unique_ptr<BureauConnector> connector = connectors_(*configured);
  BureauLookup lookup;
  auto answer = connector->Lookup(customer->cpf, purpose, &lookup.provider_reference);
  if (!answer) return core::Fail(std::move(answer.error()));
  lookup.id = ids_.Next<BureauLookupTag>();
  lookup.store_id = actor.store_id;
  lookup.customer_id = customer_id.str();
  lookup.bureau = configured->name;
  lookup.source = "http";
  lookup.purpose = purpose;
  lookup.consulted_on = day->today;
  lookup.answer = std::move(*answer);
  lookup.requested_by = actor.actor;
  lookup.recorded_at = clock_.Now();
  auto recorded =
      repository_.RecordLookup(lookup, EntryFor(actor, "bureau_lookup", lookup.id.str(), "lookup"));
  if (!recorded) return core::Fail(std::move(recorded.error()));
  return lookup;
}

core::Result<std::vector<BureauLookup>> CreditService::Lookups(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) {
  if (!customers_.Find(store_id, customer_id)) return core::Fail(NotFoundCustomer());
  return repository_.Lookups(store_id, customer_id, 100);
}

core::Result<payments::CreditContext> CreditService::ContextFor(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) {
  auto snapshot = SnapshotOf(store_id, customer_id);
  if (!snapshot) return core::Fail(std::move(snapshot.error()));
  payments::CreditContext context{snapshot->settings.rules, snapshot->behaviour};
  if (snapshot->latest_lookup) context.bureau = FindingOf(*snapshot->latest_lookup);
  return context;
}

core::Result<sales::CreditDecision> CreditService::Analyse(const core::Actor& actor,
                                                           const customers::CustomerId& customer_id,
                                                           const AnalysisRequest& request,
                                                           const std::string& override_reason,
                                                           bool may_override) {
  std::vector<core::FieldError> errors;
  if (request.requested.IsNegative()) {
    errors.push_back({"requested_cents", "o valor não pode ser negativo"});
  }
  if (request.installment_count < 0 || request.installment_count > 48) {
    errors.push_back({"installment_count", "informe de 0 a 48 parcelas"});
  }
  if (request.installment_amount.IsNegative()) {
    errors.push_back({"installment_cents", "o valor da parcela não pode ser negativo"});
  }
  if (!errors.empty()) return core::Fail(core::Error::InvalidFields(std::move(errors)));
  auto snapshot = SnapshotOf(actor.store_id, customer_id);
  if (!snapshot) return core::Fail(std::move(snapshot.error()));
  const auto& book = snapshot->book;
  const auto& today = snapshot->day.today;
  DecisionInputs analysis;
  analysis.today = today;
  analysis.monthly_commitment = payments::MonthlyCommitment(book, today);
  analysis.monthly_income = snapshot->customer.monthly_income;
  analysis.behaviour = snapshot->behaviour;
  if (snapshot->latest_lookup) analysis.bureau = FindingOf(*snapshot->latest_lookup);
  analysis.installment_count = request.installment_count;
  analysis.installment_amount = request.installment_amount;
  const sales::CreditInputs inputs{snapshot->customer.status, snapshot->customer.credit_limit,
                                   payments::OpenPrincipal(book, *snapshot->day.calendar, today),
                                   request.requested};
  sales::CreditDecision decision =
      sales::DecideCredit(inputs, snapshot->settings.rules, std::move(analysis),
                          DecisionKind::kOnDemand, core::Trim(override_reason), may_override);
  decision.id = ids_.Next<sales::CreditDecisionTag>();
  decision.store_id = actor.store_id;
  decision.customer_id = customer_id;
  decision.decided_by = actor.actor;
  decision.decided_at = clock_.Now();
  auto recorded = repository_.RecordDecision(
      decision, EntryFor(actor, "credit_decision", decision.id.str(),
                         std::string(sales::OutcomeName(decision.outcome))));
  if (!recorded) return core::Fail(std::move(recorded.error()));
  return decision;
}

core::Result<std::vector<Profitability>> CreditService::ProfitabilityOf(
    const core::StoreId& store_id, int limit) {
  auto day = ledger_.DayOf(store_id);
  if (!day) return core::Fail(std::move(day.error()));
  std::vector<CustomerFigures> figures;
  std::string after;
  for (;;) {
    const auto ids = repository_.CustomersWithSales(store_id, after, kCustomersPerPage);
    for (const auto& id : ids) {
      auto customer = customers_.Find(store_id, id);
      auto book = books_.LoadBook(store_id, id);
      if (!customer || !book) continue;
      CustomerFigures row = payments::FiguresOf(*book, *day->calendar, day->today);
      row.customer_id = id.str();
      row.customer_name = customer->full_name;
      figures.push_back(std::move(row));
    }
    if (static_cast<int>(ids.size()) < kCustomersPerPage) break;
    after = ids.back().str();
  }
  std::vector<Profitability> ranked = RankProfitability(figures);
  if (static_cast<int>(ranked.size()) > limit) ranked.resize(static_cast<std::size_t>(limit));
  return ranked;
}

core::Result<StoredScorecard> CreditService::TrainScorecard(
    const core::Actor& actor, const std::string& name, const std::string& csv_text,
    const scorecard::TrainOptions& options) {
  const std::string trimmed = core::Trim(name);
  if (trimmed.empty() || trimmed.size() > 80) {
    return core::Invalid("name", "dê um nome ao modelo (até 80 caracteres)");
  }
  auto table = scorecard::ParseTable(csv_text);
  if (!table) return core::Fail(AsCsvError(std::move(table.error())));
  auto model = scorecard::Train(*table, options);
  if (!model) return core::Fail(AsCsvError(std::move(model.error())));
  auto report = scorecard::Evaluate(*model, *table);
  if (!report) return core::Fail(AsCsvError(std::move(report.error())));
  StoredScorecard stored{ids_.NextText(),    actor.store_id, trimmed,    std::move(*model),
                         std::move(*report), clock_.Now(),   actor.actor};
  auto saved = repository_.SaveScorecard(stored, EntryFor(actor, "scorecard", stored.id, "train"));
  if (!saved) return core::Fail(std::move(saved.error()));
  return stored;
}

namespace {

constexpr int kBadDaysLate = 60;

std::string CsvText(std::string text) {
  for (char& c : text) {
    if (c == ',' || c == '\n' || c == '\r' || c == '"') c = ' ';
  }
  return core::Trim(text);
}

// Whole years from `birth` to `on`; empty when unknown.
std::string AgeOn(const std::optional<Date>& birth, Date on) {
  if (!birth) return "";
  int years = static_cast<int>(on.year()) - static_cast<int>(birth->year());
  if (on.month() < birth->month() || (on.month() == birth->month() && on.day() < birth->day())) {
    --years;
  }
  return std::to_string(years);
}

std::string HistoryRow(const customers::Customer& customer, const payments::Book& book,
                       const BehaviourScore& score) {
  const sales::Sale& first = book.sales.front();
  const bool test = std::hash<std::string>{}(customer.id.str()) % 10 < 3;
  return customer.id.str() + ',' + AgeOn(customer.birth_date, first.sale_date) + ',' +
         (customer.monthly_income ? std::to_string(customer.monthly_income->cents() / 100) : "") +
         ',' + CsvText(customer.address.state) + ',' + CsvText(customer.occupation) + ',' +
         (customer.email.empty() ? "no" : "yes") + ',' + (customer.guarantor ? "yes" : "no") + ',' +
         std::to_string(customer.references.size()) + ',' +
         std::to_string(first.disclosure.financed.cents() / 100) + ',' +
         std::to_string(first.installments.size()) + ',' +
         (score.features.max_days_late >= kBadDaysLate ? "yes" : "no") + ',' +
         (test ? "test" : "train") + '\n';
}

}  // namespace

core::Result<std::string> CreditService::ExportHistory(const core::StoreId& store_id) {
  auto day = ledger_.DayOf(store_id);
  if (!day) return core::Fail(std::move(day.error()));
  std::string csv =
      "customer,age,monthly_income,state,occupation,has_email,has_guarantor,references,"
      "first_financed,first_installments,bad,split\n";
  std::string after;
  for (;;) {
    const auto ids = repository_.CustomersWithSales(store_id, after, kCustomersPerPage);
    for (const auto& id : ids) {
      auto customer = customers_.Find(store_id, id);
      auto book = books_.LoadBook(store_id, id);
      if (!customer || !book || book->sales.empty()) continue;
      const BehaviourScore score = ScoreBehaviour(payments::BehaviourHistoryOf(*book, day->today));
      if (score.has_history) csv += HistoryRow(*customer, *book, score);
    }
    if (static_cast<int>(ids.size()) < kCustomersPerPage) break;
    after = ids.back().str();
  }
  return csv;
}

core::Result<std::vector<StoredScorecard>> CreditService::Scorecards(
    const core::StoreId& store_id) {
  return repository_.Scorecards(store_id);
}

core::Result<StoredScorecard> CreditService::FindScorecard(const core::StoreId& store_id,
                                                           const std::string& id) {
  auto found = repository_.FindScorecard(store_id, id);
  if (!found) return core::Fail(core::Error::NotFound("modelo de score não encontrado"));
  return std::move(*found);
}

}  // namespace fiado::credit
