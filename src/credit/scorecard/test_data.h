// Test helper: a small synthetic credit data set, deterministic (its own LCG), with a
// numeric feature that lowers risk (income), a categorical one (region), a noise column,
// a target `status` (bad/good) and a `split` column alternating train and test.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "credit/scorecard/table.h"

namespace fiado::credit::scorecard::testing {

class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  double Uniform() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11U) / 9007199254740992.0;
  }

 private:
  std::uint64_t state_;
};

inline Table SyntheticTable(std::size_t rows, std::uint64_t seed = 7) {
  Lcg random(seed);
  std::vector<double> income;
  std::vector<double> noise;
  std::vector<std::string> region;
  std::vector<std::string> status;
  std::vector<std::string> split;
  const char* regions[] = {"norte", "sul", "leste"};
  const double region_risk[] = {0.8, -0.4, 0.0};
  for (std::size_t i = 0; i < rows; ++i) {
    const double value = std::round(random.Uniform() * 100.0) / 10.0;  // 0.0 to 10.0
    const auto r = static_cast<std::size_t>(random.Uniform() * 3.0) % 3;
    const double logit = 1.0 - 0.45 * value + region_risk[r];
    const bool bad = random.Uniform() < 1.0 / (1.0 + std::exp(-logit));
    income.push_back(value);
    noise.push_back(random.Uniform());
    region.emplace_back(regions[r]);
    status.emplace_back(bad ? "bad" : "good");
    split.emplace_back(i % 3 == 2 ? "test" : "train");
  }
  std::vector<Column> columns;
  columns.push_back(MakeCategoricalColumn("status", status));
  columns.push_back(MakeNumericColumn("income", income));
  columns.push_back(MakeCategoricalColumn("region", region));
  columns.push_back(MakeNumericColumn("noise", noise));
  columns.push_back(MakeCategoricalColumn("split", split));
  return MakeTable(std::move(columns)).value();
}

}  // namespace fiado::credit::scorecard::testing
