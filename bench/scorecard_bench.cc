// The application scorecard: training on the public credit data sets (../shared/data/credit,
// each must train in ≤ 200 ms) and scoring already-parsed columnar rows (target: ≥ 10
// million rows per second on one core). Without ../shared, scoring falls back to a synthetic
// table and the training benchmarks are skipped.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "credit/scorecard/scorer.h"
#include "credit/scorecard/test_data.h"
#include "credit/scorecard/train.h"

namespace fiado::credit::scorecard {
namespace {

constexpr std::size_t kApplyRows = std::size_t{1} << 21;  // about 2 million rows

// ../shared beside the source tree (this file is bench/scorecard_bench.cc), or the folder
// named by FIADO_SHARED_DIR.
std::filesystem::path SharedPath(const std::string& relative) {
  const char* overridden = std::getenv("FIADO_SHARED_DIR");
  const std::filesystem::path base =
      overridden != nullptr
          ? std::filesystem::path(overridden)
          : std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared";
  return base / relative;
}

std::optional<Table> ReadDataSet(const std::string& file) {
  std::ifstream input(SharedPath("data/credit/" + file), std::ios::binary);
  if (!input) return std::nullopt;
  std::ostringstream text;
  text << input.rdbuf();
  auto table = ParseTable(text.str());
  if (!table) return std::nullopt;
  return std::move(*table);
}

struct DataSet {
  const char* file;
  const char* target;
  const char* event_value;
  std::vector<std::string> exclude;
};

DataSet German() { return {"german_credit.csv", "Class", "Bad", {}}; }
DataSet Hmda() { return {"hmda.csv", "deny", "yes", {"afam"}}; }
DataSet CreditCard() { return {"credit_card_greene.csv", "card", "no", {"expenditure", "share"}}; }

TrainOptions OptionsFor(const DataSet& data) {
  TrainOptions options;
  options.target = data.target;
  options.event_value = data.event_value;
  options.exclude = data.exclude;
  return options;
}

void BM_ScorecardTrain(benchmark::State& state, const DataSet& data) {
  const std::optional<Table> table = ReadDataSet(data.file);
  if (!table) {
    state.SkipWithError("../shared/data/credit is absent");
    return;
  }
  const TrainOptions options = OptionsFor(data);
  for (auto _ : state) {
    auto model = Train(*table, options);
    benchmark::DoNotOptimize(model);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(table->row_count));
}
BENCHMARK_CAPTURE(BM_ScorecardTrain, german_credit, German())->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ScorecardTrain, hmda, Hmda())->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ScorecardTrain, credit_card, CreditCard())->Unit(benchmark::kMillisecond);

// A model and a large columnar table of rows drawn (with replacement) from its data.
struct ApplyFixture {
  Model model;
  Table rows;
};

Column DrawColumn(const Column& source, const std::vector<std::size_t>& picks) {
  Column column;
  column.name = source.name;
  column.kind = source.kind;
  column.levels = source.levels;
  for (const std::size_t row : picks) {
    if (source.kind == ColumnKind::kNumeric) {
      column.numbers.push_back(source.numbers[row]);
    } else {
      column.codes.push_back(source.codes[row]);
    }
  }
  return column;
}

ApplyFixture MakeApplyFixture() {
  std::optional<Table> data = ReadDataSet(German().file);
  TrainOptions options = OptionsFor(German());
  if (!data) {
    data = testing::SyntheticTable(5000);
    options = TrainOptions{};
    options.target = "status";
    options.event_value = "bad";
  }
  ApplyFixture fixture{Train(*data, options).value(), Table{}};
  testing::Lcg random(42);
  std::vector<std::size_t> picks(kApplyRows);
  for (std::size_t& pick : picks) {
    pick = static_cast<std::size_t>(random.Uniform() * static_cast<double>(data->row_count));
  }
  std::vector<Column> columns;
  for (const Feature& feature : fixture.model.features) {
    columns.push_back(DrawColumn(*data->Find(feature.name), picks));
  }
  fixture.rows = MakeTable(std::move(columns)).value();
  return fixture;
}

void BM_ScorecardApply(benchmark::State& state) {
  const ApplyFixture fixture = MakeApplyFixture();
  const Scorer scorer(fixture.model);
  const BoundScorer bound = scorer.Bind(fixture.rows).value();
  std::vector<double> p_event(fixture.rows.row_count);
  std::vector<double> score(fixture.rows.row_count);
  for (auto _ : state) {
    bound.Score(0, p_event, score);
    benchmark::DoNotOptimize(p_event.data());
    benchmark::DoNotOptimize(score.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(fixture.rows.row_count));
  state.counters["features"] = static_cast<double>(fixture.model.features.size());
}
BENCHMARK(BM_ScorecardApply)->Unit(benchmark::kMillisecond);

// Reasons are per row and allocate: a slower path, for the rows a clerk looks at.
void BM_ScorecardReasons(benchmark::State& state) {
  const ApplyFixture fixture = MakeApplyFixture();
  const Scorer scorer(fixture.model);
  const BoundScorer bound = scorer.Bind(fixture.rows).value();
  std::size_t row = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(bound.Reasons(row));
    row = (row + 1) % fixture.rows.row_count;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScorecardReasons);

}  // namespace
}  // namespace fiado::credit::scorecard
