#include "storage/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <fstream>

#include "core/text.h"

namespace fiado::storage {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// SQLite creates a missing file, but must not silently adopt a file of another kind.
void CheckSqliteFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return;
  if (std::filesystem::is_directory(path, error)) {
    throw StorageError("o caminho do banco SQLite é uma pasta, não um arquivo: " + path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StorageError("sem permissão para ler o banco SQLite " + path);
  char header[16] = {};
  in.read(header, sizeof header);
  const auto read = in.gcount();
  if (read == 0) return;  // an empty file becomes a new database
  if (read < 16 || std::string(header, 16) != std::string("SQLite format 3\0", 16)) {
    throw StorageError("o arquivo " + path + " não é um banco de dados SQLite");
  }
}

// Per-connection settings. The journal mode belongs to the file: the first connection sets
// it, and reading the schema there proves the file is a database (a corrupt one fails).
void ConfigureSqlite(soci::session& session, bool first_connection) {
  session << "PRAGMA foreign_keys = ON";
  session << "PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs);
  session << "PRAGMA synchronous = FULL";
  if (!first_connection) return;
  std::string mode;
  session << "PRAGMA journal_mode = WAL", soci::into(mode);
  int tables = 0;
  session << "SELECT count(*) FROM sqlite_master", soci::into(tables);
}

std::string SqliteConnectString(const std::string& path) {
  // SOCI's connect string: quote the path so spaces survive.
  return "db=\"" + path + "\" timeout=" + std::to_string(kBusyTimeoutMs / 1000);
}

// SOCI mangles URL-style connection strings, so hand it libpq's keyword form, built by
// libpq's own parser (which also checks the URL).
std::string KeywordConninfo(const DatabaseUrl& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.target.c_str(), &error);
  if (options == nullptr) {
    std::string reason = error != nullptr ? core::FirstLine(error) : "endereço inválido";
    PQfreemem(error);
    throw StorageError("endereço do PostgreSQL inválido (" + url.Redacted() + "): " + reason);
  }
  std::string conninfo;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    std::string quoted;
    for (const char* c = option->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') quoted += '\\';
      quoted += *c;
    }
    conninfo += std::string(option->keyword) + "='" + quoted + "' ";
  }
  PQconninfoFree(options);
  return conninfo;
}

}  // namespace

std::string_view EngineName(Engine engine) {
  return engine == Engine::kSqlite ? "sqlite" : "postgresql";
}

core::Result<DatabaseUrl> DatabaseUrl::Parse(std::string_view text) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (text.substr(0, kSqlite.size()) == kSqlite) {
    std::string path(text.substr(kSqlite.size()));
    if (path.rfind("//", 0) == 0) path.erase(0, 2);  // "sqlite://fiado.db" too
    if (path.empty()) {
      return core::Invalid("db",
                           "informe o arquivo do banco: sqlite:CAMINHO, como sqlite:fiado.db");
    }
    return DatabaseUrl{Engine::kSqlite, path};
  }
  if (text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0) {
    return DatabaseUrl{Engine::kPostgresql, std::string(text)};
  }
  return core::Invalid("db",
                       "endereço de banco não reconhecido: use sqlite:CAMINHO ou "
                       "postgresql://usuario@servidor:porta/banco");
}

std::string DatabaseUrl::Redacted() const {
  if (engine == Engine::kSqlite) return "sqlite:" + target;
  const auto scheme_end = target.find("://") + 3;
  const auto at = target.find('@', scheme_end);
  if (at == std::string::npos) return target;
  const auto colon = target.find(':', scheme_end);
  if (colon == std::string::npos || colon > at) return target;
  return target.substr(0, colon + 1) + "***" + target.substr(at);
}

Database::Database(DatabaseUrl url, std::size_t pool_size)
    : url_(std::move(url)), pool_(pool_size) {}

std::unique_ptr<Database> Database::Open(const DatabaseUrl& url, std::size_t pool_size) {
  if (url.engine == Engine::kSqlite) CheckSqliteFile(url.target);
  const std::string conninfo = url.engine == Engine::kPostgresql ? KeywordConninfo(url) : "";
  std::unique_ptr<Database> db(new Database(url, pool_size));
  for (std::size_t i = 0; i < pool_size; ++i) {
    soci::session& session = db->pool_.at(i);
    try {
      if (url.engine == Engine::kSqlite) {
        session.open(soci::sqlite3, SqliteConnectString(url.target));
        ConfigureSqlite(session, i == 0);
      } else {
        session.open(soci::postgresql, conninfo);
      }
    } catch (const soci::soci_error& error) {
      const std::string reason = core::FirstLine(error.get_error_message());
      if (url.engine == Engine::kSqlite) {
        throw StorageError("não foi possível abrir o banco SQLite " + url.target + ": " + reason);
      }
      throw StorageError("não foi possível conectar ao PostgreSQL em " + url.Redacted() + ": " +
                         reason);
    }
  }
  return db;
}

void Database::ExecuteScript(soci::session& session, const std::string& sql) const {
  if (url_.engine == Engine::kSqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
    char* message = nullptr;
    // SOCI includes sqlite3.h inside namespace sqlite_api.
    if (sqlite_api::sqlite3_exec(backend->conn_, sql.c_str(), nullptr, nullptr, &message) !=
        SQLITE_OK) {
      std::string reason = message != nullptr ? message : "erro desconhecido";
      sqlite_api::sqlite3_free(message);
      throw StorageError("falha ao executar script SQL: " + reason);
    }
    return;
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  PGresult* result = PQexec(backend->conn_, sql.c_str());
  const auto status = PQresultStatus(result);
  std::string reason = PQresultErrorMessage(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw StorageError("falha ao executar script SQL: " + core::FirstLine(reason));
  }
}

WriteTransaction::WriteTransaction(soci::session& session, Engine engine) : session_(session) {
  session_ << (engine == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  try {
    session_ << "ROLLBACK";
  } catch (...) {  // the connection is gone; the server discards the transaction
  }
}

void WriteTransaction::Commit() {
  session_ << "COMMIT";
  open_ = false;
}

}  // namespace fiado::storage
