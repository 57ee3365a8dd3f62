#include "credit/scorecard/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace fiado::credit::scorecard {

double Scaling::Factor() const { return points_to_double_odds / std::numbers::ln2; }

double Scaling::Offset() const { return base_points - Factor() * std::log(base_odds); }

void AssignPoints(Model& model) {
  if (model.features.empty()) return;
  const double factor = model.scaling.Factor();
  const double count = static_cast<double>(model.features.size());
  const double intercept_share = model.intercept / count;
  const double offset_share = model.scaling.Offset() / count;
  for (Feature& feature : model.features) {
    for (Bin& bin : feature.bins) {
      bin.points = -(feature.coefficient * bin.woe + intercept_share) * factor + offset_share;
    }
  }
}

double ProbabilityOfLogit(double logit) { return 1.0 / (1.0 + std::exp(-logit)); }

double ScoreOfLogit(const Scaling& scaling, double logit) {
  const double score = scaling.Offset() - scaling.Factor() * logit;
  return std::clamp(score, scaling.min_score, scaling.max_score);
}

ParseOptions ParseOptionsFor(const Model& model) {
  ParseOptions options;
  for (const Feature& feature : model.features) options.declared[feature.name] = feature.kind;
  return options;
}

std::string ReasonText(const Reason& reason) {
  return fmt::format("{}: {} (−{:.0f} pontos)", reason.feature, reason.bin_label,
                     reason.points_lost);
}

}  // namespace fiado::credit::scorecard
