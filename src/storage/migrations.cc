#include "storage/migrations.h"

#include <soci/soci.h>

#include <algorithm>
#include <map>

namespace fiado::storage {
namespace {

// An arbitrary constant naming Fiado's migration lock among PostgreSQL advisory locks.
constexpr long long kMigrationLockKey = 0x46494144'4f4d4947;  // "FIADOMIG"

struct ParsedName {
  int version = 0;
  std::string name;
  std::string dialect;  // "", "sqlite" or "postgresql"
};

ParsedName ParseFileName(const std::string& file_name) {
  const auto fail = [&] {
    return StorageError("nome de migração inválido: " + file_name +
                        " (use NNNN_nome.sql, NNNN_nome.sqlite.sql ou NNNN_nome.postgresql.sql)");
  };
  if (file_name.size() < 10 || file_name[4] != '_' ||
      !std::all_of(file_name.begin(), file_name.begin() + 4,
                   [](char c) { return c >= '0' && c <= '9'; })) {
    throw fail();
  }
  ParsedName parsed;
  parsed.version = std::stoi(file_name.substr(0, 4));
  std::string rest = file_name.substr(5);
  if (rest.size() <= 4 || rest.substr(rest.size() - 4) != ".sql") throw fail();
  rest.resize(rest.size() - 4);
  for (const char* dialect : {"sqlite", "postgresql"}) {
    const std::string suffix = std::string(".") + dialect;
    if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
      parsed.dialect = dialect;
      rest.resize(rest.size() - suffix.size());
    }
  }
  if (rest.empty() || parsed.version == 0) throw fail();
  parsed.name = rest;
  return parsed;
}

void AddFile(Migration& migration, const ParsedName& parsed, const std::string& sql) {
  if (parsed.dialect != "postgresql") {
    if (parsed.dialect.empty() && !migration.sqlite_sql.empty() && !migration.name.empty()) {
      throw StorageError("migração " + std::to_string(parsed.version) + " aparece duas vezes");
    }
    migration.sqlite_sql += sql;
  }
  if (parsed.dialect != "sqlite") migration.postgresql_sql += sql;
}

}  // namespace

std::vector<Migration> AssembleMigrations(const std::vector<MigrationFile>& files) {
  std::map<int, Migration> by_version;
  for (const auto& file : files) {
    const ParsedName parsed = ParseFileName(file.file_name);
    Migration& migration = by_version[parsed.version];
    if (!migration.name.empty() && migration.name != parsed.name) {
      throw StorageError("migração " + std::to_string(parsed.version) +
                         " tem dois nomes: " + migration.name + " e " + parsed.name);
    }
    AddFile(migration, parsed, file.sql);
    migration.version = parsed.version;
    migration.name = parsed.name;
  }
  std::vector<Migration> ordered;
  for (auto& [version, migration] : by_version) {
    if (version != static_cast<int>(ordered.size()) + 1) {
      throw StorageError("migrações fora de sequência: falta a versão " +
                         std::to_string(ordered.size() + 1));
    }
    if (migration.sqlite_sql.empty() || migration.postgresql_sql.empty()) {
      throw StorageError("migração " + std::to_string(version) +
                         " não tem SQL para os dois bancos");
    }
    ordered.push_back(std::move(migration));
  }
  return ordered;
}

Migrator::Migrator(Database& db, const core::Clock& clock, std::vector<Migration> migrations)
    : db_(db), clock_(clock), migrations_(std::move(migrations)) {}

Migrator::Migrator(Database& db, const core::Clock& clock)
    : Migrator(db, clock, AssembleMigrations(EmbeddedMigrationFiles())) {}

int Migrator::LatestVersion() const { return migrations_.empty() ? 0 : migrations_.back().version; }

// Two processes creating the table at once collide on PostgreSQL's catalog, so the
// creation holds the migration lock.
void Migrator::EnsureTable(soci::session& session) {
  WriteTransaction transaction(session, db_.engine());
  if (db_.engine() == Engine::kPostgresql) {
    session << "SELECT pg_advisory_xact_lock(" << kMigrationLockKey << ")";
  }
  session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
             "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  transaction.Commit();
}

bool Migrator::HasTable(soci::session& session) const {
  int tables = 0;
  if (db_.engine() == Engine::kSqlite) {
    session << "SELECT COUNT(*) FROM sqlite_master "
               "WHERE type = 'table' AND name = 'schema_migrations'",
        soci::into(tables);
  } else {
    session << "SELECT COUNT(*) FROM information_schema.tables "
               "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'",
        soci::into(tables);
  }
  return tables > 0;
}

// A read only: /healthz calls it on every request.
int Migrator::CurrentVersion() {
  soci::session session(db_.pool());
  if (!HasTable(session)) return 0;
  int version = 0;
  soci::indicator null_version = soci::i_ok;
  session << "SELECT MAX(version) FROM schema_migrations", soci::into(version, null_version);
  return null_version == soci::i_null ? 0 : version;
}

// Applies `migration` unless another process did first. True when this call applied it.
bool Migrator::ApplyOne(const Migration& migration) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const bool postgres = db_.engine() == Engine::kPostgresql;
  if (postgres) session << "SELECT pg_advisory_xact_lock(" << kMigrationLockKey << ")";
  int already = 0;
  session << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v",
      soci::use(migration.version), soci::into(already);
  if (already > 0) return false;
  db_.ExecuteScript(session, postgres ? migration.postgresql_sql : migration.sqlite_sql);
  const std::string applied_at = core::FormatRfc3339(clock_.Now());
  session << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
      soci::use(migration.version), soci::use(migration.name), soci::use(applied_at);
  transaction.Commit();
  return true;
}

std::vector<int> Migrator::Migrate() {
  {
    soci::session session(db_.pool());
    if (!HasTable(session)) EnsureTable(session);
  }
  const int current = CurrentVersion();
  if (current > LatestVersion()) {
    throw StorageError("o banco está na versão " + std::to_string(current) +
                       ", mais nova que este programa (" + std::to_string(LatestVersion()) +
                       "): atualize o Fiado");
  }
  std::vector<int> applied;
  for (const auto& migration : migrations_) {
    if (migration.version <= current) continue;
    try {
      if (ApplyOne(migration)) applied.push_back(migration.version);
    } catch (const soci::soci_error& error) {
      throw StorageError("falha na migração " + std::to_string(migration.version) + " (" +
                         migration.name + "): " + error.get_error_message());
    }
  }
  return applied;
}

}  // namespace fiado::storage
