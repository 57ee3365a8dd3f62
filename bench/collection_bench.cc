// The régua's daily run over a generated portfolio on SQLite (target: 1,000,000
// customers with 10,000,000 installments in ≤ 60 s and ≤ 4 GB peak) and the preview of
// a 10,000-customer shop (target ≤ 0.5 s).
//
// The portfolio comes from the generator (app/generator.h, about 10 installments per
// customer). FIADO_BENCH_CUSTOMERS sets the size of the daily-run portfolio (default
// 100,000; 1,000,000 for the target) and FIADO_BENCH_DB keeps it in a file between runs
// (generating 1,000,000 customers takes minutes). Peak memory is the process's VmHWM,
// reset just before the timed run (/proc/self/clear_refs), so generation does not count.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "app/generator.h"
#include "app/wiring.h"

#include <soci/soci.h>
#include "support/temp_dir.h"

namespace fiado::testing {
namespace {

const core::Date kToday{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{23}};

std::int64_t EnvInteger(const char* name, std::int64_t fallback) {
  const char* text = std::getenv(name);
  return text == nullptr ? fallback : std::atoll(text);
}

// VmHWM of this process in MiB, or -1.
double PeakMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  }
  return -1;
}

void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

std::int64_t CustomersOf(app::Wiring& wiring, const stores::Store& store) {
  soci::session session(wiring.db().pool());
  long long count = 0;
  const std::string id = store.id.str();
  session << "SELECT COUNT(*) FROM customers WHERE store_id = :s", soci::use(id), soci::into(count);
  return count;
}

// A store with `customers` generated customers (generated only when a kept database does
// not have them yet).
stores::Store Portfolio(app::Wiring& wiring, std::int64_t customers) {
  auto store = app::FindOrCreateSyntheticStore(wiring.stores(), 7, kToday).value();
  if (CustomersOf(wiring, store) < customers) {
    app::GeneratePortfolio(wiring.db(), store, app::PortfolioOptions{customers, 7, kToday});
  }
  return store;
}

void Report(benchmark::State& state, const collection::RunRecord& run) {
  state.counters["customers"] = static_cast<double>(run.customers);
  state.counters["installments"] = static_cast<double>(run.installments);
  state.counters["actions"] = static_cast<double>(run.actions);
  state.counters["deferred"] = static_cast<double>(run.deferred);
  state.counters["peak_MiB"] = PeakMiB();
}

void BM_CollectionDailyRun(benchmark::State& state) {
  TempDir dir;
  const std::int64_t customers = EnvInteger("FIADO_BENCH_CUSTOMERS", 100'000);
  const char* kept = std::getenv("FIADO_BENCH_DB");
  const std::string path = kept != nullptr ? kept : dir.File("portfolio.db");
  const core::SystemClock clock;
  app::Wiring wiring("sqlite:" + path, 2, clock);
  const stores::Store store = Portfolio(wiring, customers);
  wiring.collection().Policies(store.id);  // installs the presets outside the timing
  for (auto _ : state) {
    ResetPeak();
    auto run = wiring.collection().Run(core::Actor{store.id, "bench"},
                                       collection::RunRequest{kToday, state.range(0) == 1, "cli"});
    if (!run) {
      state.SkipWithError(run.error().message_pt.c_str());
      return;
    }
    Report(state, *run);
  }
}
// Arg 1: a dry run (decide and count only); 0: the real run that writes the actions (on a
// kept FIADO_BENCH_DB, a second real run of the same day writes nothing new).
BENCHMARK(BM_CollectionDailyRun)
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

void BM_CollectionPreview10k(benchmark::State& state) {
  TempDir dir;
  const core::SystemClock clock;
  app::Wiring wiring("sqlite:" + dir.File("shop.db"), 2, clock);
  const stores::Store store = Portfolio(wiring, 10'000);
  wiring.collection().Policies(store.id);
  std::size_t actions = 0;
  for (auto _ : state) {
    auto preview = wiring.collection().PreviewDay(store.id, kToday);
    if (!preview) {
      state.SkipWithError(preview.error().message_pt.c_str());
      return;
    }
    actions = preview->actions.size();
    benchmark::DoNotOptimize(preview);
  }
  state.counters["actions"] = static_cast<double>(actions);
  state.counters["peak_MiB"] = PeakMiB();
}
BENCHMARK(BM_CollectionPreview10k)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace fiado::testing
