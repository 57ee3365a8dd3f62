// A connection to Fiado's database: SQLite (embedded, the default) or PostgreSQL, behind
// one SOCI connection pool. Open() applies the per-connection settings (SQLite: WAL,
// foreign keys, busy timeout, synchronous=FULL) and fails with a StorageError whose
// message is one clear Portuguese line. Sessions are leased from pool() per unit of work.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <soci/connection-pool.h>
#include <soci/session.h>

#include "core/error.h"

namespace fiado::storage {

enum class Engine { kSqlite, kPostgresql };

std::string_view EngineName(Engine engine);  // "sqlite", "postgresql"

// Where the database is: "sqlite:PATH" or "postgresql://user@host:port/db?...".
struct DatabaseUrl {
  Engine engine = Engine::kSqlite;
  std::string target;  // the SQLite file path, or the PostgreSQL URL as given

  static core::Result<DatabaseUrl> Parse(std::string_view text);
  // The URL without a password, safe for logs and error messages.
  std::string Redacted() const;
};

// An infrastructure failure: unreachable server, unreadable file, broken schema.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Database {
 public:
  static constexpr std::size_t kDefaultPoolSize = 8;

  // Connects `pool_size` sessions. Throws StorageError.
  static std::unique_ptr<Database> Open(const DatabaseUrl& url,
                                        std::size_t pool_size = kDefaultPoolSize);

  Engine engine() const { return url_.engine; }
  const DatabaseUrl& url() const { return url_; }
  soci::connection_pool& pool() { return pool_; }

  // Runs a script of several statements at once (migrations), through the engine's own
  // multi-statement call. Throws StorageError.
  void ExecuteScript(soci::session& session, const std::string& sql) const;

 private:
  Database(DatabaseUrl url, std::size_t pool_size);
  DatabaseUrl url_;
  soci::connection_pool pool_;
};

// A read-write transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE), so two
// writers queue on the busy timeout instead of failing halfway. Rolls back unless committed.
class WriteTransaction {
 public:
  WriteTransaction(soci::session& session, Engine engine);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void Commit();

 private:
  soci::session& session_;
  bool open_ = true;
};

}  // namespace fiado::storage
