#include "storage/migrations.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using fiado::testing::TempDir;

TEST(AssembleMigrations, CombinesCommonAndDialectFiles) {
  auto migrations = AssembleMigrations({{"0001_base.sql", "CREATE TABLE a (x INTEGER);"},
                                        {"0002_tr.sqlite.sql", "-- lite"},
                                        {"0002_tr.postgresql.sql", "-- pg"}});
  ASSERT_EQ(migrations.size(), 2u);
  EXPECT_EQ(migrations[0].name, "base");
  EXPECT_EQ(migrations[0].sqlite_sql, migrations[0].postgresql_sql);
  EXPECT_EQ(migrations[1].sqlite_sql, "-- lite");
  EXPECT_EQ(migrations[1].postgresql_sql, "-- pg");
}

TEST(AssembleMigrations, RejectsGapsBadNamesAndHalfDialects) {
  EXPECT_THROW(AssembleMigrations({{"0001_a.sql", "x"}, {"0003_c.sql", "x"}}), StorageError);
  EXPECT_THROW(AssembleMigrations({{"1_a.sql", "x"}}), StorageError);
  EXPECT_THROW(AssembleMigrations({{"0001_a.txt", "x"}}), StorageError);
  EXPECT_THROW(AssembleMigrations({{"0001_a.sqlite.sql", "x"}}), StorageError);
  EXPECT_THROW(AssembleMigrations({{"0001_a.sql", "x"}, {"0001_b.sql", "y"}}), StorageError);
}

TEST(AssembleMigrations, TheEmbeddedOnesAreWellFormed) {
  auto migrations = AssembleMigrations(EmbeddedMigrationFiles());
  ASSERT_GE(migrations.size(), 2u);
  EXPECT_EQ(migrations[0].name, "stores_and_audit");
}

TEST(Migrator, AFailingLevelLeavesNoTraceAndStopsTheRun) {
  TempDir dir;
  auto db = Database::Open(DatabaseUrl::Parse("sqlite:" + dir.File("m.db")).value(), 1);
  core::FixedClock clock(std::chrono::sys_days{std::chrono::year{2026} / 1 / 1});
  Migrator migrator(*db, clock,
                    AssembleMigrations({{"0001_ok.sql", "CREATE TABLE a (x INTEGER);"},
                                        {"0002_bad.sql", "CREATE TABLE b (y INTEGER); NONSENSE;"},
                                        {"0003_never.sql", "CREATE TABLE c (z INTEGER);"}}));
  EXPECT_THROW(migrator.Migrate(), StorageError);
  EXPECT_EQ(migrator.CurrentVersion(), 1);
  soci::session session(db->pool());
  int tables = 0;
  session << "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('b', 'c')", soci::into(tables);
  EXPECT_EQ(tables, 0) << "level 2 half-applied";
}

TEST(Migrator, RefusesADatabaseNewerThanTheProgram) {
  TempDir dir;
  auto db = Database::Open(DatabaseUrl::Parse("sqlite:" + dir.File("m.db")).value(), 1);
  core::FixedClock clock(std::chrono::sys_days{std::chrono::year{2026} / 1 / 1});
  Migrator(*db, clock,
           AssembleMigrations({{"0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                               {"0002_b.sql", "CREATE TABLE b (x INTEGER);"}}))
      .Migrate();
  Migrator older(*db, clock, AssembleMigrations({{"0001_a.sql", "CREATE TABLE a (x INTEGER);"}}));
  EXPECT_THROW(older.Migrate(), StorageError);
}

}  // namespace
}  // namespace fiado::storage
