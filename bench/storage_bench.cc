// Storage on the embedded engine: how fast audit entries (one per change) can be written
// and read back on SQLite with WAL and synchronous=FULL, the default configuration.
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <stdlib.h>

#include <filesystem>

#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/store_repository.h"

namespace fiado::storage {
namespace {

class SqliteFixture {
 public:
  SqliteFixture() : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}), ids_(clock_) {
    std::string pattern = (std::filesystem::temp_directory_path() / "fiado-bench-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    db_ = Database::Open(DatabaseUrl::Parse("sqlite:" + dir_ + "/bench.db").value(), 2);
    Migrator(*db_, clock_).Migrate();
    stores::StoreDraft draft;
    draft.name = "Loja de Medição";
    draft.legal_id = "11.222.333/0001-81";
    draft.address.city = "Campinas";
    draft.address.state = "SP";
    store_ = stores::MakeStore(draft, ids_.Next<core::StoreTag>(), clock_.Now()).value();
    SqlStoreRepository(*db_).Create(store_, Entry("create"));
  }
  ~SqliteFixture() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  core::AuditEntry Entry(const std::string& action) {
    return {ids_.NextText(), store_.id,    clock_.Now(),        "bench", "store", store_.id.str(),
            action,          std::nullopt, StoreToJson(store_), ""};
  }
  Database& db() { return *db_; }
  const stores::Store& store() const { return store_; }

 private:
  core::FixedClock clock_;
  core::IdGenerator ids_;
  std::string dir_;
  std::unique_ptr<Database> db_;
  stores::Store store_{core::StoreId{}, "", core::TaxId::Parse("52998224725").value()};
};

// Each append is its own durable transaction (fsync per commit): the worst case.
void BM_SqliteAuditAppendDurable(benchmark::State& state) {
  SqliteFixture fixture;
  SqlAuditLog audit(fixture.db());
  for (auto _ : state) audit.Append(fixture.Entry("update"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqliteAuditAppendDurable)->Unit(benchmark::kMicrosecond);

// Appends batched 1000 to a transaction, as an import or the daily run would write.
void BM_SqliteAuditAppendBatched(benchmark::State& state) {
  SqliteFixture fixture;
  soci::session session(fixture.db().pool());
  for (auto _ : state) {
    WriteTransaction transaction(session, fixture.db().engine());
    for (int i = 0; i < 1000; ++i) InsertAuditEntry(session, fixture.Entry("update"));
    transaction.Commit();
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_SqliteAuditAppendBatched)->Unit(benchmark::kMillisecond);

void BM_SqliteStoreFind(benchmark::State& state) {
  SqliteFixture fixture;
  SqlStoreRepository repository(fixture.db());
  for (auto _ : state) benchmark::DoNotOptimize(repository.Find(fixture.store().id));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqliteStoreFind)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace fiado::storage
