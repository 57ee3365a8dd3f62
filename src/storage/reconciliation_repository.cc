#include "storage/reconciliation_repository.h"

#include <cmath>
#include <sstream>

#include <soci/soci.h>

#include "core/clock.h"
#include "core/date.h"

namespace fiado::storage {
namespace {

using reconciliation::BankEvent;
using reconciliation::EventRecord;
using reconciliation::ImportReport;
using reconciliation::PixWebhook;
using reconciliation::QueueItem;
using reconciliation::QueueResolution;

constexpr std::size_t kLocateChunk = 500;

constexpr const char* kEventColumns =
    "e.event_key, e.source, e.import_id, e.line, e.reference, e.occurrence, e.occurred_on, "
    "e.paid_cents, e.fee_cents, e.charges_cents, e.face_cents, e.payer_name, e.detail, "
    "e.outcome, e.sale_id, e.installment, e.payment_id, e.note, e.recorded_at";
constexpr int kEventColumnCount = 19;

// An integer of a computed column, whatever type the engine reports for it (PostgreSQL's
// SUM of BIGINT is NUMERIC; SQLite's expressions have no declared type).
long long IntegerOf(const soci::row& row, std::size_t i) {
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(i);
    case soci::dt_long_long:
      return row.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(row.get<unsigned long long>(i));
    case soci::dt_string:
      return std::stoll(row.get<std::string>(i));
    default:
      return std::llround(row.get<double>(i));
  }
}

std::string TextOr(const soci::row& row, std::size_t i) {
  return row.get_indicator(i) == soci::i_null ? std::string() : row.get<std::string>(i);
}

core::Instant InstantOf(const std::string& text) {
  auto instant = core::ParseRfc3339(text);
  return instant ? *instant : core::Instant{};
}

std::optional<core::Date> DateOf(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto date = core::ParseIsoDate(text);
  return date ? std::optional<core::Date>(*date) : std::nullopt;
}

EventRecord EventFromRow(const soci::row& row, std::size_t at = 0) {
  EventRecord record;
  BankEvent& event = record.event;
  event.key = row.get<std::string>(at + 0);
  event.source = reconciliation::ParseSource(row.get<std::string>(at + 1))
                     .value_or(reconciliation::Source::kCnab);
  record.import_id = row.get<std::string>(at + 2);
  event.line = row.get<long long>(at + 3);
  event.reference = row.get<std::string>(at + 4);
  event.occurrence = row.get<std::string>(at + 5);
  event.occurred_on = DateOf(TextOr(row, at + 6));
  event.paid = core::Money::FromCents(row.get<long long>(at + 7));
  event.fee = core::Money::FromCents(row.get<long long>(at + 8));
  event.charges = core::Money::FromCents(row.get<long long>(at + 9));
  event.face = core::Money::FromCents(row.get<long long>(at + 10));
  event.payer_name = row.get<std::string>(at + 11);
  event.detail = row.get<std::string>(at + 12);
  record.outcome = reconciliation::ParseOutcome(row.get<std::string>(at + 13))
                       .value_or(reconciliation::Outcome::kInformational);
  if (row.get_indicator(at + 14) != soci::i_null) {
    record.installment = payments::InstallmentRef{
        sales::SaleId::FromTrusted(row.get<std::string>(at + 14)), row.get<int>(at + 15)};
  }
  if (row.get_indicator(at + 16) != soci::i_null) {
    record.payment_id = payments::PaymentId::FromTrusted(row.get<std::string>(at + 16));
  }
  record.note = row.get<std::string>(at + 17);
  record.recorded_at = InstantOf(row.get<std::string>(at + 18));
  return record;
}

// The columns of one event row as bindable values (NULLs through indicators).
struct EventRow {
  std::string key, source, import_id, reference, occurrence, occurred_on, payer_name, detail,
      outcome, sale_id, payment_id, note, recorded_at;
  long long line = 0, paid = 0, fee = 0, charges = 0, face = 0;
  int installment = 0;
  soci::indicator date_ind = soci::i_null, sale_ind = soci::i_null, payment_ind = soci::i_null;

  void Set(const EventRecord& record) {
    const BankEvent& event = record.event;
    key = event.key;
    source = std::string(reconciliation::SourceName(event.source));
    import_id = record.import_id;
    line = event.line;
    reference = event.reference;
    occurrence = event.occurrence;
    occurred_on = event.occurred_on ? core::FormatIso(*event.occurred_on) : std::string();
    date_ind = event.occurred_on ? soci::i_ok : soci::i_null;
    paid = event.paid.cents();
    fee = event.fee.cents();
    charges = event.charges.cents();
    face = event.face.cents();
    payer_name = event.payer_name;
    detail = event.detail;
    outcome = std::string(reconciliation::OutcomeName(record.outcome));
    sale_ind = record.installment ? soci::i_ok : soci::i_null;
    sale_id = record.installment ? record.installment->sale_id.str() : std::string();
    installment = record.installment ? record.installment->number : 0;
    payment_ind = record.payment_id ? soci::i_ok : soci::i_null;
    payment_id = record.payment_id ? record.payment_id->str() : std::string();
    note = record.note;
    recorded_at = core::FormatRfc3339(record.recorded_at);
  }
};

std::string JoinSequences(std::span<const std::int64_t> sequences) {
  std::ostringstream list;
  for (std::size_t i = 0; i < sequences.size(); ++i) list << (i ? "," : "") << sequences[i];
  return list.str();
}

}  // namespace

std::map<std::int64_t, reconciliation::Located> SqlReconciliationRepository::Locate(
    const core::StoreId& store_id, std::span<const std::int64_t> sequences) const {
  std::map<std::int64_t, reconciliation::Located> located;
  soci::session session(db_.pool());
  for (std::size_t start = 0; start < sequences.size(); start += kLocateChunk) {
    const auto chunk = sequences.subspan(start, std::min(kLocateChunk, sequences.size() - start));
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT c.sequence, c.sale_id, c.number, s.customer_id "
                            "FROM payment_codes c JOIN sales s ON s.id = c.sale_id "
                            "WHERE c.store_id = :store AND c.sequence IN (" +
                                JoinSequences(chunk) + ")",
         soci::use(store_id.str()));
    for (const soci::row& row : rows) {
      const std::int64_t sequence = row.get<long long>(0);
      located[sequence] = reconciliation::Located{
          {sales::SaleId::FromTrusted(row.get<std::string>(1)), row.get<int>(2)},
          customers::CustomerId::FromTrusted(row.get<std::string>(3)),
          sequence};
    }
  }
  return located;
}

// Open face = face − principal and discounts of payments not reversed; closed
// installments are left out.
std::vector<bankfiles::OpenInstallment> SqlReconciliationRepository::OpenInstallments(
    const core::StoreId& store_id, core::Date from, core::Date to,
    std::span<const std::int64_t> sequences) const {
  std::vector<bankfiles::OpenInstallment> open;
  soci::session session(db_.pool());
  const std::string from_text = core::FormatIso(from);
  const std::string to_text = core::FormatIso(to);
  const std::string by_code =
      sequences.empty() ? std::string() : " OR c.sequence IN (" + JoinSequences(sequences) + ")";
  soci::rowset<soci::row> rows =
      (session.prepare
           << "SELECT i.sale_id, i.number, i.customer_id, k.full_name, COALESCE(c.txid, ''), "
              "i.due_date, i.amount_cents, i.amount_cents - COALESCE((SELECT SUM(l.principal_cents "
              "+ l.discount_cents) FROM payment_lines l WHERE l.sale_id = i.sale_id AND "
              "l.installment_number = i.number AND NOT EXISTS (SELECT 1 FROM payment_reversals r "
              "WHERE r.payment_id = l.payment_id)), 0) FROM installments i JOIN customers k ON "
              "k.id = i.customer_id LEFT JOIN payment_codes c ON c.sale_id = i.sale_id AND "
              "c.number = i.number WHERE i.store_id = :store AND ((i.due_date >= :from AND "
              "i.due_date <= :to)" +
                  by_code +
                  ") AND NOT EXISTS (SELECT 1 FROM "
                  "installment_closures x WHERE x.sale_id = i.sale_id AND x.installment_number = "
                  "i.number)",
       soci::use(store_id.str()), soci::use(from_text), soci::use(to_text));
  for (const soci::row& row : rows) {
    const auto open_face = core::Money::FromCents(IntegerOf(row, 7));
    if (!open_face.IsPositive()) continue;
    bankfiles::OpenInstallment installment;
    installment.installment = {sales::SaleId::FromTrusted(row.get<std::string>(0)),
                               row.get<int>(1)};
    installment.customer_id = customers::CustomerId::FromTrusted(row.get<std::string>(2));
    installment.customer_name = row.get<std::string>(3);
    installment.txid = row.get<std::string>(4);
    installment.due_date = DateOf(row.get<std::string>(5)).value_or(core::Date{});
    installment.face_value = core::Money::FromCents(row.get<long long>(6));
    installment.updated_value = open_face;
    open.push_back(std::move(installment));
  }
  return open;
}

std::set<std::string> SqlReconciliationRepository::Known(const core::StoreId& store_id,
                                                         std::span<const std::string> keys) const {
  std::set<std::string> known;
  if (keys.empty()) return known;
  soci::session session(db_.pool());
  std::string key;
  int found = 0;
  soci::statement statement =
      (session.prepare << "SELECT 1 FROM bank_events WHERE store_id = :store AND event_key = :key",
       soci::use(store_id.str()), soci::use(key), soci::into(found));
  for (const std::string& wanted : keys) {
    key = wanted;
    if (statement.execute(true)) known.insert(wanted);
  }
  return known;
}

void SqlReconciliationRepository::Record(const core::StoreId& store_id,
                                         std::span<const EventRecord> events,
                                         std::span<const QueueItem> queue) {
  if (events.empty()) return;
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  EventRow row;
  soci::statement insert =
      (session.prepare
           << "INSERT INTO bank_events (store_id, event_key, source, import_id, line, reference, "
              "occurrence, occurred_on, paid_cents, fee_cents, charges_cents, face_cents, "
              "payer_name, detail, outcome, sale_id, installment, payment_id, note, recorded_at) "
              "VALUES (:store, :key, :source, :import, :line, :reference, :occurrence, :date, "
              ":paid, :fee, :charges, :face, :payer, :detail, :outcome, :sale, :installment, "
              ":payment, :note, :at) ON CONFLICT (store_id, event_key) DO NOTHING",
       soci::use(store_id.str()), soci::use(row.key), soci::use(row.source),
       soci::use(row.import_id), soci::use(row.line), soci::use(row.reference),
       soci::use(row.occurrence), soci::use(row.occurred_on, row.date_ind), soci::use(row.paid),
       soci::use(row.fee), soci::use(row.charges), soci::use(row.face), soci::use(row.payer_name),
       soci::use(row.detail), soci::use(row.outcome), soci::use(row.sale_id, row.sale_ind),
       soci::use(row.installment, row.sale_ind), soci::use(row.payment_id, row.payment_ind),
       soci::use(row.note), soci::use(row.recorded_at));
  std::set<std::string> inserted;
  for (const EventRecord& record : events) {
    row.Set(record);
    insert.execute(true);
    if (insert.get_affected_rows() > 0) inserted.insert(record.event.key);
  }
  for (const QueueItem& item : queue) {
    if (!inserted.contains(item.event.key)) continue;  // the event was already there
    const std::string created_at = core::FormatRfc3339(item.created_at);
    session << "INSERT INTO reconciliation_items (id, store_id, event_key, reason, import_id, "
               "created_at) VALUES (:id, :store, :key, :reason, :import, :at)",
        soci::use(item.id), soci::use(store_id.str()), soci::use(item.event.key),
        soci::use(item.reason), soci::use(item.import_id), soci::use(created_at);
  }
  transaction.Commit();
}

std::vector<EventRecord> SqlReconciliationRepository::PostedFor(
    const core::StoreId& store_id, const std::string& reference) const {
  std::vector<EventRecord> records;
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kEventColumns +
                              " FROM bank_events e WHERE e.store_id = :store AND e.reference = "
                              ":reference AND e.payment_id IS NOT NULL AND e.outcome = 'posted' "
                              "ORDER BY e.recorded_at, e.line",
       soci::use(store_id.str()), soci::use(reference));
  for (const soci::row& row : rows) records.push_back(EventFromRow(row));
  return records;
}

std::vector<EventRecord> SqlReconciliationRepository::EventsOf(const core::StoreId& store_id,
                                                               const std::string& import_id,
                                                               int limit) const {
  std::vector<EventRecord> records;
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kEventColumns +
                              " FROM bank_events e WHERE e.store_id = :store AND e.import_id = "
                              ":import ORDER BY e.line LIMIT :limit",
       soci::use(store_id.str()), soci::use(import_id), soci::use(limit));
  for (const soci::row& row : rows) records.push_back(EventFromRow(row));
  return records;
}

namespace {

constexpr const char* kImportColumns =
    "id, store_id, kind, file_name, file_sha256, bank_code, agreement, duplicate_of, refused, "
    "problems, records, posted, already_imported, queued, registered, registration_rejected, "
    "reversed, informational, posted_cents, already_imported_cents, queued_cents, fee_cents, "
    "started_at, finished_at, started_by";

std::string ProblemsText(const std::vector<reconciliation::FileProblem>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    text += std::to_string(problem.line) + "\t" + problem.field + "\t" + problem.message + "\n";
  }
  return text;
}

std::vector<reconciliation::FileProblem> ProblemsOf(const std::string& text) {
  std::vector<reconciliation::FileProblem> problems;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto tab1 = line.find('\t');
    const auto tab2 = line.find('\t', tab1 + 1);
    if (tab1 == std::string::npos || tab2 == std::string::npos) continue;
    problems.push_back({std::stoll(line.substr(0, tab1)), line.substr(tab1 + 1, tab2 - tab1 - 1),
                        line.substr(tab2 + 1)});
  }
  return problems;
}

ImportReport ImportFromRow(const soci::row& row) {
  ImportReport report;
  report.id = row.get<std::string>(0);
  report.store_id = core::StoreId::FromTrusted(row.get<std::string>(1));
  report.kind = row.get<std::string>(2);
  report.file_name = row.get<std::string>(3);
  report.file_sha256 = row.get<std::string>(4);
  report.bank_code = row.get<std::string>(5);
  report.agreement = row.get<std::string>(6);
  report.duplicate_of = TextOr(row, 7);
  report.refused = row.get<int>(8) != 0;
  report.problems = ProblemsOf(row.get<std::string>(9));
  std::int64_t* counts[] = {&report.records,  &report.posted,       &report.already_imported,
                            &report.queued,   &report.registered,   &report.registration_rejected,
                            &report.reversed, &report.informational};
  for (std::size_t i = 0; i < 8; ++i) *counts[i] = row.get<long long>(10 + i);
  report.posted_total = core::Money::FromCents(row.get<long long>(18));
  report.already_imported_total = core::Money::FromCents(row.get<long long>(19));
  report.queued_total = core::Money::FromCents(row.get<long long>(20));
  report.fee_total = core::Money::FromCents(row.get<long long>(21));
  report.started_at = InstantOf(row.get<std::string>(22));
  report.finished_at = InstantOf(row.get<std::string>(23));
  report.started_by = row.get<std::string>(24);
  return report;
}

// Newest first unless `oldest_first`.
std::vector<ImportReport> SelectImports(soci::session& session, const std::string& where,
                                        const std::string& store, const std::string& value,
                                        int limit, bool oldest_first = false) {
  std::vector<ImportReport> reports;
  const std::string order =
      oldest_first ? " ORDER BY started_at, id" : " ORDER BY started_at DESC, id DESC";
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kImportColumns +
                              " FROM bank_imports WHERE store_id = :store AND " + where + order +
                              " LIMIT :limit",
       soci::use(store), soci::use(value), soci::use(limit));
  for (const soci::row& row : rows) reports.push_back(ImportFromRow(row));
  return reports;
}

}  // namespace

void SqlReconciliationRepository::SaveImport(const ImportReport& r) {
  soci::session session(db_.pool());
  soci::indicator duplicate = r.duplicate_of.empty() ? soci::i_null : soci::i_ok;
  const int refused = r.refused ? 1 : 0;
  const std::string problems = ProblemsText(r.problems);
  const std::string started_at = core::FormatRfc3339(r.started_at);
  const std::string finished_at = core::FormatRfc3339(r.finished_at);
  const long long counts[] = {r.records,  r.posted,       r.already_imported,
                              r.queued,   r.registered,   r.registration_rejected,
                              r.reversed, r.informational};
  const long long cents[] = {r.posted_total.cents(), r.already_imported_total.cents(),
                             r.queued_total.cents(), r.fee_total.cents()};
  session << "INSERT INTO bank_imports (" << kImportColumns
          << ") VALUES (:id, :store, :kind, :name, :sha, :bank, :agreement, :duplicate, "
             ":refused, :problems, :c0, :c1, :c2, :c3, :c4, :c5, :c6, :c7, :m0, :m1, :m2, :m3, "
             ":started, :finished, :by)",
      soci::use(r.id), soci::use(r.store_id.str()), soci::use(r.kind), soci::use(r.file_name),
      soci::use(r.file_sha256), soci::use(r.bank_code), soci::use(r.agreement),
      soci::use(r.duplicate_of, duplicate), soci::use(refused), soci::use(problems),
      soci::use(counts[0]), soci::use(counts[1]), soci::use(counts[2]), soci::use(counts[3]),
      soci::use(counts[4]), soci::use(counts[5]), soci::use(counts[6]), soci::use(counts[7]),
      soci::use(cents[0]), soci::use(cents[1]), soci::use(cents[2]), soci::use(cents[3]),
      soci::use(started_at), soci::use(finished_at), soci::use(r.started_by);
}

std::optional<ImportReport> SqlReconciliationRepository::FindImport(
    const core::StoreId& store_id, const std::string& import_id) const {
  soci::session session(db_.pool());
  auto reports = SelectImports(session, "id = :id", store_id.str(), import_id, 1);
  if (reports.empty()) return std::nullopt;
  return std::move(reports.front());
}

std::optional<ImportReport> SqlReconciliationRepository::FindImportBySha(
    const core::StoreId& store_id, const std::string& sha256) const {
  soci::session session(db_.pool());
  auto reports =
      SelectImports(session, "file_sha256 = :sha AND refused = 0", store_id.str(), sha256, 1, true);
  if (reports.empty()) return std::nullopt;
  return std::move(reports.front());
}

std::vector<ImportReport> SqlReconciliationRepository::Imports(const core::StoreId& store_id,
                                                               int limit) const {
  soci::session session(db_.pool());
  return SelectImports(session, "'' = :none", store_id.str(), "", limit);
}

namespace {

std::string QueueSelect(const std::string& where) {
  return std::string("SELECT i.id, i.reason, i.import_id, i.created_at, ") + kEventColumns +
         ", r.action, r.sale_id, r.installment, r.payment_id, r.reason, r.resolved_at, "
         "r.resolved_by FROM reconciliation_items i JOIN bank_events e ON e.store_id = "
         "i.store_id AND e.event_key = i.event_key LEFT JOIN reconciliation_resolutions r ON "
         "r.item_id = i.id WHERE i.store_id = :store AND " +
         where + " ORDER BY i.created_at DESC, i.id DESC LIMIT :limit";
}

QueueItem ItemFromRow(const soci::row& row, const core::StoreId& store_id) {
  QueueItem item;
  item.id = row.get<std::string>(0);
  item.store_id = store_id;
  item.reason = row.get<std::string>(1);
  item.import_id = row.get<std::string>(2);
  item.created_at = InstantOf(row.get<std::string>(3));
  item.event = EventFromRow(row, 4).event;
  const std::size_t r = 4 + kEventColumnCount;
  if (row.get_indicator(r) == soci::i_null) return item;
  QueueResolution resolution;
  resolution.action = row.get<std::string>(r) == "assigned"
                          ? reconciliation::Resolution::kAssigned
                          : reconciliation::Resolution::kDismissed;
  if (row.get_indicator(r + 1) != soci::i_null) {
    resolution.installment = payments::InstallmentRef{
        sales::SaleId::FromTrusted(row.get<std::string>(r + 1)), row.get<int>(r + 2)};
  }
  if (row.get_indicator(r + 3) != soci::i_null) {
    resolution.payment_id = payments::PaymentId::FromTrusted(row.get<std::string>(r + 3));
  }
  resolution.reason = row.get<std::string>(r + 4);
  resolution.resolved_at = InstantOf(row.get<std::string>(r + 5));
  resolution.resolved_by = row.get<std::string>(r + 6);
  item.resolution = std::move(resolution);
  return item;
}

std::vector<QueueItem> SelectItems(soci::session& session, const core::StoreId& store_id,
                                   const std::string& where, const std::string& value, int limit) {
  std::vector<QueueItem> items;
  soci::rowset<soci::row> rows = (session.prepare << QueueSelect(where), soci::use(store_id.str()),
                                  soci::use(value), soci::use(limit));
  for (const soci::row& row : rows) items.push_back(ItemFromRow(row, store_id));
  return items;
}

PixWebhook WebhookFromRow(const soci::row& row) {
  PixWebhook webhook;
  webhook.id = row.get<std::string>(0);
  webhook.store_id = core::StoreId::FromTrusted(row.get<std::string>(1));
  webhook.provider = row.get<std::string>(2);
  webhook.auth = reconciliation::ParseWebhookAuth(row.get<std::string>(3))
                     .value_or(reconciliation::WebhookAuth::kHmacSha256);
  webhook.secret = row.get<std::string>(4);
  webhook.created_at = InstantOf(row.get<std::string>(5));
  webhook.created_by = row.get<std::string>(6);
  webhook.revoked = row.get_indicator(7) != soci::i_null;
  return webhook;
}

constexpr const char* kWebhookSelect =
    "SELECT id, store_id, provider, auth, secret, created_at, created_by, revoked_at "
    "FROM pix_webhooks WHERE ";

}  // namespace

std::vector<QueueItem> SqlReconciliationRepository::Queue(const core::StoreId& store_id,
                                                          bool open_only, int limit) const {
  soci::session session(db_.pool());
  return SelectItems(session, store_id,
                     open_only ? "r.item_id IS NULL AND '' = :none" : "'' = :none", "", limit);
}

std::optional<QueueItem> SqlReconciliationRepository::FindItem(const core::StoreId& store_id,
                                                               const std::string& item_id) const {
  soci::session session(db_.pool());
  auto items = SelectItems(session, store_id, "i.id = :id", item_id, 1);
  if (items.empty()) return std::nullopt;
  return std::move(items.front());
}

core::Status SqlReconciliationRepository::Resolve(const core::StoreId& store_id,
                                                  const std::string& item_id,
                                                  const QueueResolution& resolution) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  int taken = 0;
  session << "SELECT COUNT(*) FROM reconciliation_resolutions r JOIN reconciliation_items i ON "
             "i.id = r.item_id WHERE i.store_id = :store AND r.item_id = :id",
      soci::use(store_id.str()), soci::use(item_id), soci::into(taken);
  if (taken > 0) return core::Fail(core::Error::Conflict("esta pendência já foi resolvida"));
  const bool assigned = resolution.action == reconciliation::Resolution::kAssigned;
  soci::indicator has_installment = resolution.installment ? soci::i_ok : soci::i_null;
  soci::indicator has_number = has_installment;
  soci::indicator has_payment = resolution.payment_id ? soci::i_ok : soci::i_null;
  const std::string sale = resolution.installment ? resolution.installment->sale_id.str() : "";
  const int number = resolution.installment ? resolution.installment->number : 0;
  const std::string payment = resolution.payment_id ? resolution.payment_id->str() : "";
  const std::string action = assigned ? "assigned" : "dismissed";
  const std::string resolved_at = core::FormatRfc3339(resolution.resolved_at);
  session << "INSERT INTO reconciliation_resolutions (item_id, action, sale_id, installment, "
             "payment_id, reason, resolved_at, resolved_by) VALUES (:id, :action, :sale, "
             ":number, :payment, :reason, :at, :by)",
      soci::use(item_id), soci::use(action), soci::use(sale, has_installment),
      soci::use(number, has_number), soci::use(payment, has_payment), soci::use(resolution.reason),
      soci::use(resolved_at), soci::use(resolution.resolved_by);
  transaction.Commit();
  return {};
}

void SqlReconciliationRepository::SaveWebhook(const PixWebhook& webhook) {
  soci::session session(db_.pool());
  const std::string auth(reconciliation::WebhookAuthName(webhook.auth));
  const std::string created_at = core::FormatRfc3339(webhook.created_at);
  session << "INSERT INTO pix_webhooks (id, store_id, provider, auth, secret, created_at, "
             "created_by) VALUES (:id, :store, :provider, :auth, :secret, :at, :by)",
      soci::use(webhook.id), soci::use(webhook.store_id.str()), soci::use(webhook.provider),
      soci::use(auth), soci::use(webhook.secret), soci::use(created_at),
      soci::use(webhook.created_by);
}

std::optional<PixWebhook> SqlReconciliationRepository::FindWebhook(
    const std::string& webhook_id) const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kWebhookSelect) + "id = :id", soci::use(webhook_id));
  for (const soci::row& row : rows) return WebhookFromRow(row);
  return std::nullopt;
}

std::vector<PixWebhook> SqlReconciliationRepository::WebhooksOf(
    const core::StoreId& store_id) const {
  std::vector<PixWebhook> webhooks;
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kWebhookSelect) + "store_id = :store ORDER BY created_at, id",
       soci::use(store_id.str()));
  for (const soci::row& row : rows) webhooks.push_back(WebhookFromRow(row));
  return webhooks;
}

void SqlReconciliationRepository::RevokeWebhook(const core::StoreId& store_id,
                                                const std::string& webhook_id,
                                                core::Instant revoked_at) {
  soci::session session(db_.pool());
  const std::string at = core::FormatRfc3339(revoked_at);
  session << "UPDATE pix_webhooks SET revoked_at = :at WHERE store_id = :store AND id = :id AND "
             "revoked_at IS NULL",
      soci::use(at), soci::use(store_id.str()), soci::use(webhook_id);
}

}  // namespace fiado::storage
