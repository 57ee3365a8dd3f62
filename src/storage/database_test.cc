#include "storage/database.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <fstream>

#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using fiado::testing::TempDir;

TEST(DatabaseUrl, ParsesBothEngines) {
  auto sqlite = DatabaseUrl::Parse("sqlite:fiado.db");
  ASSERT_TRUE(sqlite.has_value());
  EXPECT_EQ(sqlite->engine, Engine::kSqlite);
  EXPECT_EQ(sqlite->target, "fiado.db");
  EXPECT_EQ(DatabaseUrl::Parse("sqlite:///var/lib/fiado.db")->target, "/var/lib/fiado.db");
  auto pg = DatabaseUrl::Parse("postgresql://fiado:segredo@db.local:5432/fiado");
  ASSERT_TRUE(pg.has_value());
  EXPECT_EQ(pg->engine, Engine::kPostgresql);
  EXPECT_EQ(pg->Redacted(), "postgresql://fiado:***@db.local:5432/fiado");
  EXPECT_EQ(DatabaseUrl::Parse("postgres://h/db")->engine, Engine::kPostgresql);
}

TEST(DatabaseUrl, RejectsUnknownSchemesAndEmptyPaths) {
  for (const char* bad : {"mysql://x/y", "fiado.db", "sqlite:", ""}) {
    auto url = DatabaseUrl::Parse(bad);
    ASSERT_FALSE(url.has_value()) << bad;
    EXPECT_EQ(url.error().field, "db");
  }
}

TEST(Database, CreatesSqliteFileWithWalAndForeignKeys) {
  TempDir dir;
  auto db = Database::Open(DatabaseUrl::Parse("sqlite:" + dir.File("novo banco.db")).value(), 2);
  soci::session session(db->pool());
  std::string journal;
  int foreign_keys = 0;
  int synchronous = 0;
  session << "PRAGMA journal_mode", soci::into(journal);
  session << "PRAGMA foreign_keys", soci::into(foreign_keys);
  session << "PRAGMA synchronous", soci::into(synchronous);
  EXPECT_EQ(journal, "wal");
  EXPECT_EQ(foreign_keys, 1);
  EXPECT_EQ(synchronous, 2);  // FULL
  EXPECT_TRUE(std::filesystem::exists(dir.File("novo banco.db")));
}

TEST(Database, RefusesAFileThatIsNotSqlite) {
  TempDir dir;
  std::ofstream(dir.File("notas.txt")) << "isto não é um banco de dados, são anotações\n";
  try {
    Database::Open(DatabaseUrl::Parse("sqlite:" + dir.File("notas.txt")).value(), 1);
    FAIL() << "opened a text file as a database";
  } catch (const StorageError& error) {
    EXPECT_NE(std::string(error.what()).find("não é um banco de dados SQLite"), std::string::npos)
        << error.what();
  }
}

TEST(Database, RefusesAFolder) {
  TempDir dir;
  EXPECT_THROW(Database::Open(DatabaseUrl::Parse("sqlite:" + dir.path().string()).value(), 1),
               StorageError);
}

TEST(Database, UnreachablePostgresIsOneClearLine) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  try {
    Database::Open(DatabaseUrl::Parse("postgresql://fiado:segredo@127.0.0.1:1/fiado").value(), 1);
    FAIL() << "connected to nothing";
  } catch (const StorageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("não foi possível conectar ao PostgreSQL"), std::string::npos);
    EXPECT_EQ(message.find("segredo"), std::string::npos) << "password leaked: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(WriteTransaction, RollsBackUnlessCommitted) {
  TempDir dir;
  auto db = Database::Open(DatabaseUrl::Parse("sqlite:" + dir.File("t.db")).value(), 1);
  soci::session session(db->pool());
  session << "CREATE TABLE t (x INTEGER)";
  {
    WriteTransaction transaction(session, db->engine());
    session << "INSERT INTO t VALUES (1)";
  }
  {
    WriteTransaction transaction(session, db->engine());
    session << "INSERT INTO t VALUES (2)";
    transaction.Commit();
  }
  int total = 0;
  session << "SELECT SUM(x) FROM t", soci::into(total);
  EXPECT_EQ(total, 2);
}

}  // namespace
}  // namespace fiado::storage
