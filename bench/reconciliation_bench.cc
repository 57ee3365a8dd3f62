// Importing a CNAB 240 return of 100,000 matched liquidations into SQLite (target ≤ 5 s):
// the file is read and checked whole, then each title's payment is posted through the
// ledger in batches of one transaction. The portfolio (40,000 generated customers) and the
// file are made once, outside the timing; each iteration imports into a fresh copy.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>

#include "support/bank_portfolio.h"
#include "support/temp_dir.h"

namespace fiado::testing {
namespace {

constexpr std::int64_t kTitles = 100'000;

void BM_ImportCnab100kIntoSqlite(benchmark::State& state) {
  TempDir dir;
  const core::SystemClock clock;
  const core::Date today =
      core::TimeZone::Named("America/Sao_Paulo").value().LocalDate(clock.Now());
  const std::string seed_db = dir.File("seed.db");
  std::optional<BankPortfolio> bank;
  {
    app::Wiring wiring("sqlite:" + seed_db, 2, clock);
    bank = MakeBankPortfolio(wiring, 40'000, kTitles, today, dir.File("retorno.ret"));
  }
  std::int64_t posted = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string copy = dir.File("run.db");
    std::filesystem::copy_file(seed_db, copy, std::filesystem::copy_options::overwrite_existing);
    app::Wiring wiring("sqlite:" + copy, 2, clock);
    state.ResumeTiming();
    auto report = wiring.reconciliation().ImportCnab(core::Actor{bank->store.id, "bench"},
                                                     dir.File("retorno.ret"), "retorno.ret");
    posted = report ? report->posted : -1;
    if (!report || report->refused) {
      state.SkipWithError(report ? report->problems.front().message.c_str()
                                 : report.error().message_pt.c_str());
      return;
    }
  }
  state.counters["titles"] = static_cast<double>(bank->file.titles);
  state.counters["posted"] = static_cast<double>(posted);
  state.counters["payments_per_s"] = benchmark::Counter(
      static_cast<double>(posted), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ImportCnab100kIntoSqlite)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace fiado::testing
