// Stores (tenants) over SQL. Settings are kept as a JSON column; every write commits
// together with its audit entry.
#pragma once

#include "storage/database.h"
#include "stores/store.h"

namespace fiado::storage {

class SqlStoreRepository final : public stores::StoreRepository {
 public:
  explicit SqlStoreRepository(Database& db) : db_(db) {}
  core::Status Create(const stores::Store& store, const core::AuditEntry& audit) override;
  core::Status Update(const stores::Store& store, const core::AuditEntry& audit) override;
  std::optional<stores::Store> Find(const core::StoreId& id) const override;
  std::vector<stores::Store> List() const override;

 private:
  Database& db_;
};

// The JSON snapshot of a store that audit entries hold.
std::string StoreToJson(const stores::Store& store);

}  // namespace fiado::storage
