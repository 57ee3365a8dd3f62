// The storage contract: one suite, run on SQLite and on a real PostgreSQL server that the
// test starts itself (initdb + pg_ctl in a temporary folder). Every repository must behave
// the same on both engines.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <thread>

#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/store_repository.h"
#include "support/engine_database.h"
#include "support/postgres_cluster.h"
#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using namespace std::chrono_literals;
using fiado::testing::PostgresCluster;
using fiado::testing::TempDir;

const core::Instant kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 13h;

class StorageContract : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    url_ = fiado::testing::TestDatabaseUrl(GetParam(), dir_);
    db_ = fiado::testing::OpenMigrated(url_, clock_);
  }

  stores::Store MakeTestStore(const std::string& legal_id, const std::string& name) {
    stores::StoreDraft draft;
    draft.name = name;
    draft.legal_id = legal_id;
    draft.address = {"Rua Direita", "10", "", "Centro", "São João del-Rei", "MG", "36300-000"};
    draft.settings.local_holidays = {
        core::LocalHoliday::Make(12, 8, std::nullopt, "Nossa Senhora da Conceição").value()};
    return stores::MakeStore(draft, ids_.Next<core::StoreTag>(), clock_.Now()).value();
  }

  core::AuditEntry AuditFor(const stores::Store& store, const std::string& action,
                            std::optional<std::string> before) {
    return core::AuditEntry{
        ids_.NextText(), store.id,          clock_.Now(),       "cli",  "store", store.id.str(),
        action,          std::move(before), StoreToJson(store), "req-1"};
  }

  int CountRows(const std::string& table) { return fiado::testing::CountRows(*db_, table); }

  TempDir dir_;
  std::string url_;
  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  std::unique_ptr<Database> db_;
};

TEST_P(StorageContract, MigratesToTheLatestLevelOnce) {
  Migrator migrator(*db_, clock_);
  EXPECT_EQ(migrator.CurrentVersion(), migrator.LatestVersion());
  EXPECT_GE(migrator.LatestVersion(), 2);
  EXPECT_TRUE(migrator.Migrate().empty());
  EXPECT_EQ(CountRows("schema_migrations"), migrator.LatestVersion());
}

TEST_P(StorageContract, ConcurrentMigrationsApplyEachLevelOnce) {
  TempDir other;
  const std::string url = GetParam() == Engine::kSqlite
                              ? "sqlite:" + other.File("race.db")
                              : PostgresCluster::Shared().CreateDatabase();
  auto db = Database::Open(DatabaseUrl::Parse(url).value(), 4);
  std::vector<int> applied_a;
  std::vector<int> applied_b;
  std::thread a([&] { applied_a = Migrator(*db, clock_).Migrate(); });
  std::thread b([&] { applied_b = Migrator(*db, clock_).Migrate(); });
  a.join();
  b.join();
  Migrator migrator(*db, clock_);
  EXPECT_EQ(applied_a.size() + applied_b.size(),
            static_cast<std::size_t>(migrator.LatestVersion()));
  EXPECT_EQ(migrator.CurrentVersion(), migrator.LatestVersion());
}

TEST_P(StorageContract, StoreRoundTripsWithSettings) {
  SqlStoreRepository repository(*db_);
  const stores::Store store = MakeTestStore("11.222.333/0001-81", "Armarinho Central");
  ASSERT_TRUE(repository.Create(store, AuditFor(store, "create", std::nullopt)).has_value());

  auto found = repository.Find(store.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "Armarinho Central");
  EXPECT_EQ(found->legal_id.value(), "11222333000181");
  EXPECT_EQ(found->address.city, "São João del-Rei");
  EXPECT_EQ(found->time_zone, "America/Sao_Paulo");
  EXPECT_EQ(found->created_at, kNow);
  ASSERT_EQ(found->settings.local_holidays.size(), 1u);
  EXPECT_EQ(found->settings.local_holidays[0].name_pt, "Nossa Senhora da Conceição");
  EXPECT_EQ(found->settings.local_holidays[0].day, 8);
  EXPECT_FALSE(repository.Find(ids_.Next<core::StoreTag>()).has_value());
}

TEST_P(StorageContract, SameLegalIdIsAConflictAndWritesNothing) {
  SqlStoreRepository repository(*db_);
  const stores::Store first = MakeTestStore("11.222.333/0001-81", "Loja A");
  ASSERT_TRUE(repository.Create(first, AuditFor(first, "create", std::nullopt)).has_value());
  const stores::Store second = MakeTestStore("11222333000181", "Loja B");
  auto result = repository.Create(second, AuditFor(second, "create", std::nullopt));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(result.error().field, "legal_id");
  EXPECT_EQ(CountRows("stores"), 1);
  EXPECT_EQ(CountRows("audit_log"), 1);
}

TEST_P(StorageContract, UpdateKeepsAuditHistoryInOrder) {
  SqlStoreRepository repository(*db_);
  SqlAuditLog audit(*db_);
  stores::Store store = MakeTestStore("00.000.000/0001-91", "Loja Antiga");
  ASSERT_TRUE(repository.Create(store, AuditFor(store, "create", std::nullopt)).has_value());
  const std::string before = StoreToJson(store);
  clock_.Advance(60s);
  store.name = "Loja Nova";
  store.updated_at = clock_.Now();
  ASSERT_TRUE(repository.Update(store, AuditFor(store, "update", before)).has_value());

  EXPECT_EQ(repository.Find(store.id)->name, "Loja Nova");
  EXPECT_EQ(repository.Find(store.id)->updated_at, kNow + 60s);
  auto history = audit.ListForEntity(store.id, "store", store.id.str(), 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action, "create");
  EXPECT_FALSE(history[0].before.has_value());
  EXPECT_EQ(history[1].action, "update");
  EXPECT_EQ(history[1].before, before);
  EXPECT_NE(history[1].after->find("Loja Nova"), std::string::npos);
  EXPECT_EQ(history[1].occurred_at, kNow + 60s);
}

TEST_P(StorageContract, UpdateOfAMissingStoreIsNotFoundAndUnaudited) {
  SqlStoreRepository repository(*db_);
  const stores::Store ghost = MakeTestStore("33.000.167/0001-01", "Fantasma");
  auto result = repository.Update(ghost, AuditFor(ghost, "update", std::nullopt));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(CountRows("audit_log"), 0);
}

TEST_P(StorageContract, AuditIsIsolatedPerStore) {
  SqlStoreRepository repository(*db_);
  SqlAuditLog audit(*db_);
  const stores::Store a = MakeTestStore("11.222.333/0001-81", "A");
  const stores::Store b = MakeTestStore("00.000.000/0001-91", "B");
  ASSERT_TRUE(repository.Create(a, AuditFor(a, "create", std::nullopt)).has_value());
  ASSERT_TRUE(repository.Create(b, AuditFor(b, "create", std::nullopt)).has_value());
  // An entry of store B about store A's entity id must not show in A's history.
  core::AuditEntry foreign = AuditFor(a, "peek", std::nullopt);
  foreign.store_id = b.id;
  audit.Append(foreign);
  EXPECT_EQ(audit.ListForEntity(a.id, "store", a.id.str(), 10).size(), 1u);
  EXPECT_EQ(audit.ListForEntity(b.id, "store", a.id.str(), 10).size(), 1u);
  EXPECT_EQ(repository.List().size(), 2u);
}

TEST_P(StorageContract, AuditLogRefusesEditsAndDeletes) {
  SqlStoreRepository repository(*db_);
  const stores::Store store = MakeTestStore("11.222.333/0001-81", "Loja");
  ASSERT_TRUE(repository.Create(store, AuditFor(store, "create", std::nullopt)).has_value());
  soci::session session(db_->pool());
  EXPECT_THROW(session << "UPDATE audit_log SET actor = 'intruso'", soci::soci_error);
  EXPECT_THROW(session << "DELETE FROM audit_log", soci::soci_error);
  EXPECT_EQ(CountRows("audit_log"), 1);
}

TEST_P(StorageContract, AuditNeedsAnExistingStore) {
  SqlAuditLog audit(*db_);
  const stores::Store unsaved = MakeTestStore("11.222.333/0001-81", "Não salva");
  EXPECT_THROW(audit.Append(AuditFor(unsaved, "create", std::nullopt)), soci::soci_error);
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageContract,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& engine) { return std::string(EngineName(engine.param)); });

}  // namespace
}  // namespace fiado::storage
