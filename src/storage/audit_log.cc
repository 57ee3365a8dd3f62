#include "storage/audit_log.h"

#include <soci/soci.h>

namespace fiado::storage {
namespace {

soci::indicator NullIfAbsent(const std::optional<std::string>& value) {
  return value.has_value() ? soci::i_ok : soci::i_null;
}

std::optional<std::string> OptionalText(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return row.get<std::string>(column);
}

core::AuditEntry AuditEntryFromRow(const soci::row& row) {
  core::AuditEntry entry;
  entry.id = row.get<std::string>(0);
  entry.store_id = core::StoreId::FromTrusted(row.get<std::string>(1));
  entry.occurred_at = core::ParseRfc3339(row.get<std::string>(2)).value();
  entry.actor = row.get<std::string>(3);
  entry.entity_type = row.get<std::string>(4);
  entry.entity_id = row.get<std::string>(5);
  entry.action = row.get<std::string>(6);
  entry.before = OptionalText(row, 7);
  entry.after = OptionalText(row, 8);
  entry.request_id = row.get<std::string>(9);
  return entry;
}

}  // namespace

void InsertAuditEntry(soci::session& session, const core::AuditEntry& entry) {
  const std::string occurred_at = core::FormatRfc3339(entry.occurred_at);
  const std::string empty;
  soci::indicator before_null = NullIfAbsent(entry.before);
  soci::indicator after_null = NullIfAbsent(entry.after);
  session << "INSERT INTO audit_log (id, store_id, occurred_at, actor, entity_type, entity_id, "
             "action, before_state, after_state, request_id) "
             "VALUES (:id, :store, :at, :actor, :type, :entity, :action, :before, :after, :rid)",
      soci::use(entry.id), soci::use(entry.store_id.str()), soci::use(occurred_at),
      soci::use(entry.actor), soci::use(entry.entity_type), soci::use(entry.entity_id),
      soci::use(entry.action), soci::use(entry.before ? *entry.before : empty, before_null),
      soci::use(entry.after ? *entry.after : empty, after_null), soci::use(entry.request_id);
}

void SqlAuditLog::Append(const core::AuditEntry& entry) {
  soci::session session(db_.pool());
  InsertAuditEntry(session, entry);
}

std::vector<core::AuditEntry> SqlAuditLog::ListForEntity(const core::StoreId& store_id,
                                                         const std::string& entity_type,
                                                         const std::string& entity_id,
                                                         int limit) const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT id, store_id, occurred_at, actor, entity_type, entity_id, "
                          "action, before_state, after_state, request_id FROM audit_log "
                          "WHERE store_id = :store AND entity_type = :type AND entity_id = :id "
                          "ORDER BY id LIMIT :limit",
       soci::use(store_id.str()), soci::use(entity_type), soci::use(entity_id), soci::use(limit));
  std::vector<core::AuditEntry> entries;
  for (const soci::row& row : rows) entries.push_back(AuditEntryFromRow(row));
  return entries;
}

}  // namespace fiado::storage
