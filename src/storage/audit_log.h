// The audit log over SQL. Repositories call InsertAuditEntry inside their own write
// transaction, so a change and its audit entry commit together or not at all.
#pragma once

#include <soci/session.h>

#include "core/audit.h"
#include "storage/database.h"

namespace fiado::storage {

void InsertAuditEntry(soci::session& session, const core::AuditEntry& entry);

class SqlAuditLog final : public core::AuditLog {
 public:
  explicit SqlAuditLog(Database& db) : db_(db) {}
  void Append(const core::AuditEntry& entry) override;
  std::vector<core::AuditEntry> ListForEntity(const core::StoreId& store_id,
                                              const std::string& entity_type,
                                              const std::string& entity_id,
                                              int limit) const override;

 private:
  Database& db_;
};

}  // namespace fiado::storage
