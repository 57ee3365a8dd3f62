// Discrimination metrics of a score against known outcomes, computed for P(event): a higher
// score should mean the event is likelier. AUC is the Mann–Whitney statistic with ties
// counted half; Gini = 2·AUC − 1; KS is the largest distance between the cumulative
// distributions of the score among events and among non-events. All O(n log n); each is NaN
// when the rows lack one of the two classes.
#pragma once

#include <cstdint>
#include <span>

namespace fiado::credit::scorecard {

double Auc(std::span<const double> scores, std::span<const std::uint8_t> is_event);
double KolmogorovSmirnov(std::span<const double> scores, std::span<const std::uint8_t> is_event);

struct Metrics {
  std::int64_t rows = 0;
  std::int64_t events = 0;
  double auc = 0.0;
  double gini = 0.0;
  double ks = 0.0;
};

Metrics ComputeMetrics(std::span<const double> scores, std::span<const std::uint8_t> is_event);

}  // namespace fiado::credit::scorecard
