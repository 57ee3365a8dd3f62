#include "credit/scorecard/report.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "credit/scorecard/scorer.h"
#include "credit/scorecard/train.h"

namespace fiado::credit::scorecard {
namespace {

// The bins of one feature with counts over the evaluated rows.
std::vector<BinReport> FeatureBins(const Feature& feature, std::size_t feature_index,
                                   const BoundScorer& bound, const std::vector<std::size_t>& rows,
                                   const std::vector<std::uint8_t>& is_event,
                                   const Metrics& metrics) {
  std::vector<BinReport> bins(feature.bins.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    BinReport& bin = bins[bound.BinOf(feature_index, rows[i])];
    bin.count += 1;
    bin.events += is_event[i];
  }
  const auto events = static_cast<double>(metrics.events);
  const auto non_events = static_cast<double>(metrics.rows - metrics.events);
  for (std::size_t b = 0; b < bins.size(); ++b) {
    BinReport& bin = bins[b];
    bin.feature = feature.name;
    bin.label = BinLabel(feature.bins[b]);
    bin.woe = feature.bins[b].woe;
    bin.points = feature.bins[b].points;
    bin.event_rate = bin.count == 0
                         ? std::numeric_limits<double>::quiet_NaN()
                         : static_cast<double>(bin.events) / static_cast<double>(bin.count);
    if (events > 0 && non_events > 0) {
      const double non_event_share = static_cast<double>(bin.count - bin.events) / non_events;
      bin.iv = (non_event_share - static_cast<double>(bin.events) / events) * bin.woe;
    }
  }
  return bins;
}

}  // namespace

core::Result<Report> Evaluate(const Model& model, const Table& table) {
  const Column* target = table.Find(model.target);
  if (target == nullptr) {
    return core::Invalid(model.target, fmt::format("coluna alvo '{}' não existe", model.target));
  }
  Report report;
  report.test_rows_only = table.Find(kSplitColumn) != nullptr;
  const std::vector<std::size_t> rows = SplitRows(table, "test");
  if (report.test_rows_only && rows.empty()) {
    return core::Invalid(std::string(kSplitColumn), "nenhuma linha de teste (split = test)");
  }
  auto is_event = EventFlags(*target, model.event_value, rows, table);
  if (!is_event) return core::Fail(is_event.error());
  const Scorer scorer(model);
  auto bound = scorer.Bind(table);
  if (!bound) return core::Fail(bound.error());
  std::vector<double> all_p_event(table.row_count);
  std::vector<double> all_scores(table.row_count);
  bound->Score(0, all_p_event, all_scores);
  std::vector<double> p_event;
  p_event.reserve(rows.size());
  for (const std::size_t row : rows) p_event.push_back(all_p_event[row]);
  report.metrics = ComputeMetrics(p_event, *is_event);
  for (std::size_t f = 0; f < model.features.size(); ++f) {
    std::vector<BinReport> bins =
        FeatureBins(model.features[f], f, *bound, rows, *is_event, report.metrics);
    report.bins.insert(report.bins.end(), bins.begin(), bins.end());
  }
  return report;
}

}  // namespace fiado::credit::scorecard
