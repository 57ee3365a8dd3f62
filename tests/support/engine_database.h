// A database of either engine for the storage suites and the API tests: SQLite in a
// temporary folder, or a fresh database on the shared throwaway PostgreSQL cluster. And a
// store row, which every per-store row needs first.
#pragma once

#include <memory>
#include <string>

#include <soci/soci.h>

#include "json/store_json.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/store_repository.h"
#include "support/postgres_cluster.h"
#include "support/temp_dir.h"

namespace fiado::testing {

inline std::string TestDatabaseUrl(storage::Engine engine, const TempDir& dir) {
  if (engine == storage::Engine::kSqlite) return "sqlite:" + dir.File("fiado.db");
  return PostgresCluster::Shared().CreateDatabase();
}

inline std::unique_ptr<storage::Database> OpenMigrated(const std::string& url,
                                                       const core::Clock& clock) {
  auto db = storage::Database::Open(storage::DatabaseUrl::Parse(url).value(), 4);
  storage::Migrator(*db, clock).Migrate();
  return db;
}

inline int CountRows(storage::Database& db, const std::string& table) {
  soci::session session(db.pool());
  int count = 0;
  session << "SELECT COUNT(*) FROM " + table, soci::into(count);
  return count;
}

// A valid store (in São Paulo) written with its audit entry.
inline stores::Store AddTestStore(storage::Database& db, core::IdGenerator& ids,
                                  const core::Clock& clock, const std::string& legal_id,
                                  const std::string& name) {
  stores::StoreDraft draft;
  draft.name = name;
  draft.legal_id = legal_id;
  draft.address = {"Rua Direita", "10", "", "Centro", "São Paulo", "SP", "01001-000"};
  const stores::Store store =
      stores::MakeStore(draft, ids.Next<core::StoreTag>(), clock.Now()).value();
  const core::AuditEntry audit{ids.NextText(),
                               store.id,
                               clock.Now(),
                               "cli",
                               "store",
                               store.id.str(),
                               "create",
                               std::nullopt,
                               json::StoreJson(store).dump(),
                               ""};
  EXPECT_TRUE(storage::SqlStoreRepository(db).Create(store, audit).has_value());
  return store;
}

}  // namespace fiado::testing
