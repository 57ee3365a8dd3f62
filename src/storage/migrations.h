// Schema migrations: numbered SQL files in src/storage/migrations, embedded in the program.
// `NNNN_name.sql` is written in the common dialect of both engines; where the dialects must
// differ (triggers), `NNNN_name.sqlite.sql` and `NNNN_name.postgresql.sql` replace it.
// Applied levels are recorded in `schema_migrations`; each level applies in one transaction.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "storage/database.h"

namespace fiado::storage {

struct MigrationFile {
  std::string file_name;  // "0001_stores_and_audit.sql"
  std::string sql;
};

struct Migration {
  int version = 0;
  std::string name;  // "stores_and_audit"
  std::string sqlite_sql;
  std::string postgresql_sql;
};

// The files compiled into the program (generated source).
const std::vector<MigrationFile>& EmbeddedMigrationFiles();

// Groups files by version; throws StorageError on a malformed name, a gap in the numbers or
// a version without SQL for one of the engines.
std::vector<Migration> AssembleMigrations(const std::vector<MigrationFile>& files);

class Migrator {
 public:
  Migrator(Database& db, const core::Clock& clock, std::vector<Migration> migrations);
  Migrator(Database& db, const core::Clock& clock);  // the embedded migrations

  int LatestVersion() const;
  int CurrentVersion();  // 0 for an empty database; reads only
  // Applies every pending level, each in its own transaction; returns those applied.
  // Safe against concurrent runs (PostgreSQL advisory lock, SQLite write lock).
  // Throws StorageError when the database is newer than this program.
  std::vector<int> Migrate();

 private:
  bool HasTable(soci::session& session) const;
  void EnsureTable(soci::session& session);
  bool ApplyOne(const Migration& migration);

  Database& db_;
  const core::Clock& clock_;
  std::vector<Migration> migrations_;
};

}  // namespace fiado::storage
