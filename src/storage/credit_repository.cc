#include "storage/credit_repository.h"

#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "json/credit_json.h"
#include "json/scorecard_json.h"
#include "storage/audit_log.h"
#include "storage/columns.h"
#include "storage/ledger_repository.h"

namespace fiado::storage {
namespace {

using nlohmann::json;

constexpr const char* kWhere = "na análise de crédito";

[[noreturn]] void BadRow(const std::string& what) {
  throw StorageError(std::string("dado inválido ") + kWhere + ": " + what);
}

json Parsed(const std::string& text, const char* what) {
  try {
    return json::parse(text);
  } catch (const json::exception& error) {
    BadRow(std::string(what) + ": " + error.what());
  }
}

credit::CreditSettings SettingsFrom(const std::string& text, int version) {
  const json value = Parsed(text, "credit_settings");
  std::vector<core::FieldError> errors;
  fiado::json::ObjectReader reader(value, "", errors);
  credit::CreditSettings settings = fiado::json::ReadCreditSettings(reader);
  if (!errors.empty()) BadRow("credit_settings: " + errors.front().field);
  settings.version = version;
  return settings;
}

credit::BureauLookup LookupFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  credit::BureauLookup lookup;
  lookup.id = credit::BureauLookupId::FromTrusted(c.Text());
  lookup.store_id = core::StoreId::FromTrusted(c.Text());
  lookup.customer_id = c.Text();
  lookup.bureau = c.Text();
  lookup.source = c.Text();
  const std::string purpose = c.Text();
  const auto parsed = credit::ParsePurpose(purpose);
  if (!parsed) BadRow("finalidade desconhecida: " + purpose);
  lookup.purpose = *parsed;
  lookup.consulted_on = c.IsoDate();
  auto answer = fiado::json::BureauAnswerFrom(Parsed(c.Text(), "bureau_lookups.answer"));
  if (!answer) BadRow("bureau_lookups.answer");
  lookup.answer = std::move(*answer);
  lookup.provider_reference = c.Text();
  lookup.requested_by = c.Text();
  lookup.recorded_at = c.Rfc3339();
  return lookup;
}

credit::StoredScorecard ScorecardFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  credit::StoredScorecard stored;
  stored.id = c.Text();
  stored.store_id = core::StoreId::FromTrusted(c.Text());
  stored.name = c.Text();
  auto model = fiado::json::ModelFromJson(c.Text());
  if (!model) BadRow("scorecards.model: " + model.error().message_pt);
  stored.model = std::move(*model);
  auto report = fiado::json::ScorecardReportFrom(Parsed(c.Text(), "scorecards.report"));
  if (!report) BadRow("scorecards.report: " + report.error().message_pt);
  stored.report = std::move(*report);
  stored.created_at = c.Rfc3339();
  stored.created_by = c.Text();
  return stored;
}

constexpr const char* kScorecardColumns =
    "SELECT id, store_id, name, model, report, created_at, created_by FROM scorecards ";

}  // namespace

void InsertAnalysis(soci::session& session, const sales::CreditDecision& decision) {
  if (!decision.analysis) return;
  const std::string kind(credit::KindName(decision.analysis->kind));
  const std::string outcome(credit::OutcomeName(decision.analysis->decision.outcome));
  const std::string text = fiado::json::AnalysisJson(*decision.analysis).dump();
  session << "INSERT INTO credit_analyses (decision_id, store_id, kind, outcome, analysis) "
             "VALUES (:id, :store, :kind, :outcome, :analysis)",
      soci::use(decision.id.str()), soci::use(decision.store_id.str()), soci::use(kind),
      soci::use(outcome), soci::use(text);
}

void AttachAnalyses(soci::session& session, const core::StoreId& store_id,
                    std::vector<sales::CreditDecision>& decisions) {
  for (auto& decision : decisions) {
    std::string text;
    soci::indicator indicator = soci::i_null;
    session << "SELECT analysis FROM credit_analyses WHERE store_id = :store AND decision_id = "
               ":id",
        soci::use(store_id.str()), soci::use(decision.id.str()), soci::into(text, indicator);
    if (!session.got_data() || indicator != soci::i_ok) continue;
    auto analysis = fiado::json::AnalysisFrom(Parsed(text, "credit_analyses"));
    if (!analysis) BadRow("credit_analyses: " + analysis.error().message_pt);
    decision.analysis = std::move(*analysis);
  }
}

std::unique_lock<std::mutex> SqlCreditRepository::LockWrites() {
  if (db_.engine() != Engine::kSqlite) return {};
  return std::unique_lock<std::mutex>(sqlite_writes_);
}

credit::CreditSettings SqlCreditRepository::Settings(const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  std::string text;
  int version = 0;
  session << "SELECT settings, version FROM credit_settings WHERE store_id = :store",
      soci::use(store_id.str()), soci::into(text), soci::into(version);
  if (!session.got_data()) return credit::CreditSettings{};
  return SettingsFrom(text, version);
}

core::Status SqlCreditRepository::SaveSettings(const core::StoreId& store_id,
                                               const credit::CreditSettings& settings,
                                               const std::string& actor,
                                               const core::AuditEntry& audit) {
  const auto conflict = [] {
    return core::Fail(core::Error::Conflict(
        "as configurações de crédito foram alteradas por outra pessoa; recarregue e tente de "
        "novo"));
  };
  if (settings.version < 1) return conflict();
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string& store = store_id.str();
  const std::string text = fiado::json::CreditSettingsJson(settings, true).dump();
  const int version = settings.version;
  const int previous = settings.version - 1;
  const std::string at = core::FormatRfc3339(audit.occurred_at);
  soci::statement write =
      version == 1
          ? (session.prepare << "INSERT INTO credit_settings (store_id, settings, version, "
                                "updated_at, updated_by) VALUES (:store, :settings, :version, "
                                ":at, :by) ON CONFLICT (store_id) DO NOTHING",
             soci::use(store), soci::use(text), soci::use(version), soci::use(at), soci::use(actor))
          : (session.prepare << "UPDATE credit_settings SET settings = :settings, version = "
                                ":version, updated_at = :at, updated_by = :by WHERE store_id = "
                                ":store AND version = :previous",
             soci::use(text), soci::use(version), soci::use(at), soci::use(actor), soci::use(store),
             soci::use(previous));
  write.execute(true);
  if (write.get_affected_rows() != 1) return conflict();
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

core::Status SqlCreditRepository::SaveScores(const core::StoreId& store_id,
                                             std::span<const credit::StoredScore> scores) {
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  for (const auto& stored : scores) {
    const int score = stored.score.score;
    const std::string band(1, credit::BandLetter(stored.score.band));
    const std::string detail = fiado::json::BehaviourScoreJson(stored.score).dump();
    const std::string at = core::FormatRfc3339(stored.computed_at);
    session << "INSERT INTO credit_scores (store_id, customer_id, score, band, detail, "
               "computed_at) VALUES (:store, :customer, :score, :band, :detail, :at) "
               "ON CONFLICT (store_id, customer_id) DO UPDATE SET score = excluded.score, "
               "band = excluded.band, detail = excluded.detail, computed_at = excluded.computed_at",
        soci::use(store_id.str()), soci::use(stored.customer_id.str()), soci::use(score),
        soci::use(band), soci::use(detail), soci::use(at);
  }
  transaction.Commit();
  return {};
}

std::optional<credit::StoredScore> SqlCreditRepository::Score(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) const {
  soci::session session(db_.pool());
  std::string detail;
  std::string at;
  session << "SELECT detail, computed_at FROM credit_scores WHERE store_id = :store AND "
             "customer_id = :customer",
      soci::use(store_id.str()), soci::use(customer_id.str()), soci::into(detail), soci::into(at);
  if (!session.got_data()) return std::nullopt;
  auto score = fiado::json::BehaviourScoreFrom(Parsed(detail, "credit_scores"));
  auto computed_at = core::ParseRfc3339(at);
  if (!score || !computed_at) BadRow("credit_scores");
  return credit::StoredScore{customer_id, std::move(*score), *computed_at};
}

core::Status SqlCreditRepository::RecordLookup(const credit::BureauLookup& lookup,
                                               const core::AuditEntry& audit) {
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string purpose(credit::PurposeName(lookup.purpose));
  const std::string consulted_on = core::FormatIso(lookup.consulted_on);
  const int restricted = lookup.answer.restricted ? 1 : 0;
  const std::string answer = fiado::json::BureauAnswerJson(lookup.answer).dump();
  const std::string at = core::FormatRfc3339(lookup.recorded_at);
  const std::string restricted_sql =
      db_.engine() == Engine::kSqlite ? ":restricted" : "(:restricted <> 0)";
  session << "INSERT INTO bureau_lookups (id, store_id, customer_id, bureau, source, purpose, "
             "consulted_on, restricted, answer, provider_reference, requested_by, recorded_at) "
             "VALUES (:id, :store, :customer, :bureau, :source, :purpose, :consulted, " +
                 restricted_sql + ", :answer, :reference, :by, :at)",
      soci::use(lookup.id.str()), soci::use(lookup.store_id.str()), soci::use(lookup.customer_id),
      soci::use(lookup.bureau), soci::use(lookup.source), soci::use(purpose),
      soci::use(consulted_on), soci::use(restricted), soci::use(answer),
      soci::use(lookup.provider_reference), soci::use(lookup.requested_by), soci::use(at);
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

std::vector<credit::BureauLookup> SqlCreditRepository::Lookups(
    const core::StoreId& store_id, const customers::CustomerId& customer_id, int limit) const {
  soci::session session(db_.pool());
  std::vector<credit::BureauLookup> lookups;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT id, store_id, customer_id, bureau, source, purpose, "
                          "consulted_on, answer, provider_reference, requested_by, recorded_at "
                          "FROM bureau_lookups WHERE store_id = :store AND customer_id = "
                          ":customer ORDER BY recorded_at DESC, id DESC LIMIT :limit",
       soci::use(store_id.str()), soci::use(customer_id.str()), soci::use(limit));
  for (const soci::row& row : rows) lookups.push_back(LookupFromRow(row));
  return lookups;
}

core::Status SqlCreditRepository::RecordDecision(const sales::CreditDecision& decision,
                                                 const core::AuditEntry& audit) {
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  InsertCreditDecision(session, decision);
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

credit::CollectionRecord SqlCreditRepository::CollectionOf(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) const {
  soci::session session(db_.pool());
  credit::CollectionRecord record;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT kind, from_date, until_date FROM collection_pauses WHERE "
                          "store_id = :store AND customer_id = :customer AND kind IN "
                          "('promise', 'agreement') ORDER BY from_date, id",
       soci::use(store_id.str()), soci::use(customer_id.str()));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    const std::string kind = c.Text();
    const core::Date from = c.IsoDate();
    const auto until = c.OptionalText();
    if (kind == "agreement") {
      ++record.agreements;
    } else if (until) {
      auto date = core::ParseIsoDate(*until);
      if (!date) BadRow("collection_pauses.until_date: " + *until);
      record.promises.push_back({from, *date});
    }
  }
  return record;
}

std::optional<core::Instant> SqlCreditRepository::LimitSetAt(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) const {
  soci::session session(db_.pool());
  std::string at;
  soci::indicator indicator = soci::i_null;
  session << "SELECT MAX(occurred_at) FROM audit_log WHERE store_id = :store AND entity_type = "
             "'customer' AND entity_id = :customer AND action = 'credit_limit'",
      soci::use(store_id.str()), soci::use(customer_id.str()), soci::into(at, indicator);
  if (!session.got_data() || indicator != soci::i_ok) return std::nullopt;
  auto instant = core::ParseRfc3339(at);
  if (!instant) BadRow("audit_log.occurred_at: " + at);
  return *instant;
}

core::Status SqlCreditRepository::SaveScorecard(const credit::StoredScorecard& scorecard,
                                                const core::AuditEntry& audit) {
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string model = fiado::json::ModelToJson(scorecard.model);
  const std::string report = fiado::json::ScorecardReportJson(scorecard.report).dump();
  const std::string at = core::FormatRfc3339(scorecard.created_at);
  session << "INSERT INTO scorecards (id, store_id, name, model, report, created_at, created_by) "
             "VALUES (:id, :store, :name, :model, :report, :at, :by)",
      soci::use(scorecard.id), soci::use(scorecard.store_id.str()), soci::use(scorecard.name),
      soci::use(model), soci::use(report), soci::use(at), soci::use(scorecard.created_by);
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

std::vector<credit::StoredScorecard> SqlCreditRepository::Scorecards(
    const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  std::vector<credit::StoredScorecard> scorecards;
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kScorecardColumns) +
                              "WHERE store_id = :store ORDER BY created_at DESC, id DESC",
       soci::use(store_id.str()));
  for (const soci::row& row : rows) scorecards.push_back(ScorecardFromRow(row));
  return scorecards;
}

std::optional<credit::StoredScorecard> SqlCreditRepository::FindScorecard(
    const core::StoreId& store_id, const std::string& id) const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kScorecardColumns) + "WHERE store_id = :store AND id = :id",
       soci::use(store_id.str()), soci::use(id));
  for (const soci::row& row : rows) return ScorecardFromRow(row);
  return std::nullopt;
}

std::vector<customers::CustomerId> SqlCreditRepository::CustomersWithSales(
    const core::StoreId& store_id, const std::string& after, int limit) const {
  soci::session session(db_.pool());
  std::vector<customers::CustomerId> ids;
  soci::rowset<std::string> rows =
      (session.prepare << "SELECT DISTINCT customer_id FROM sales WHERE store_id = :store AND "
                          "customer_id > :after ORDER BY customer_id LIMIT :limit",
       soci::use(store_id.str()), soci::use(after), soci::use(limit));
  for (const std::string& id : rows) ids.push_back(customers::CustomerId::FromTrusted(id));
  return ids;
}

}  // namespace fiado::storage
