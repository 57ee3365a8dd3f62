#include "credit/scorecard/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/error.h"

namespace fiado::credit::scorecard {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Row indexes ordered by ascending score (ties in row order, for determinism).
std::vector<std::size_t> OrderByScore(std::span<const double> scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  return order;
}

struct ClassCounts {
  std::int64_t events = 0;
  std::int64_t non_events = 0;
};

ClassCounts CountClasses(std::span<const std::uint8_t> is_event) {
  ClassCounts counts;
  for (const std::uint8_t flag : is_event) (flag != 0 ? counts.events : counts.non_events) += 1;
  return counts;
}

}  // namespace

double Auc(std::span<const double> scores, std::span<const std::uint8_t> is_event) {
  FIADO_CHECK(scores.size() == is_event.size());
  const ClassCounts counts = CountClasses(is_event);
  if (counts.events == 0 || counts.non_events == 0) return kNaN;
  const std::vector<std::size_t> order = OrderByScore(scores);
  // Sum of the (1-based, tie-averaged) ranks of the events.
  double event_rank_sum = 0.0;
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    std::int64_t events_in_group = 0;
    while (end < order.size() && scores[order[end]] == scores[order[start]]) {
      events_in_group += is_event[order[end]] != 0 ? 1 : 0;
      ++end;
    }
    const double average_rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    event_rank_sum += average_rank * static_cast<double>(events_in_group);
    start = end;
  }
  const auto events = static_cast<double>(counts.events);
  const auto non_events = static_cast<double>(counts.non_events);
  return (event_rank_sum - events * (events + 1.0) / 2.0) / (events * non_events);
}

double KolmogorovSmirnov(std::span<const double> scores, std::span<const std::uint8_t> is_event) {
  FIADO_CHECK(scores.size() == is_event.size());
  const ClassCounts counts = CountClasses(is_event);
  if (counts.events == 0 || counts.non_events == 0) return kNaN;
  const std::vector<std::size_t> order = OrderByScore(scores);
  std::int64_t events_below = 0;
  std::int64_t non_events_below = 0;
  double ks = 0.0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    (is_event[order[i]] != 0 ? events_below : non_events_below) += 1;
    const bool group_ends = i + 1 == order.size() || scores[order[i + 1]] != scores[order[i]];
    if (!group_ends) continue;
    const double distance =
        static_cast<double>(non_events_below) / static_cast<double>(counts.non_events) -
        static_cast<double>(events_below) / static_cast<double>(counts.events);
    ks = std::max(ks, std::abs(distance));
  }
  return ks;
}

Metrics ComputeMetrics(std::span<const double> scores, std::span<const std::uint8_t> is_event) {
  Metrics metrics;
  const ClassCounts counts = CountClasses(is_event);
  metrics.rows = counts.events + counts.non_events;
  metrics.events = counts.events;
  metrics.auc = Auc(scores, is_event);
  metrics.gini = 2.0 * metrics.auc - 1.0;
  metrics.ks = KolmogorovSmirnov(scores, is_event);
  return metrics;
}

}  // namespace fiado::credit::scorecard
