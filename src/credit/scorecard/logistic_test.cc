#include "credit/scorecard/logistic.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fiado::credit::scorecard {
namespace {

// Two groups of 8 rows: x = 0 with 2 events, x = 1 with 6 events. Without penalty the fit
// reproduces each group's rate: α = ln(2/6) = -ln 3 = -1.0986122886681098 and
// α + β = ln(6/2) = ln 3, so β = 2 ln 3 = 2.1972245773362196.
struct TwoGroups {
  std::vector<double> design;
  std::vector<std::uint8_t> is_event;
};

TwoGroups MakeTwoGroups() {
  TwoGroups data;
  for (int group = 0; group < 2; ++group) {
    for (int i = 0; i < 8; ++i) {
      data.design.push_back(group);
      const int events = group == 0 ? 2 : 6;
      data.is_event.push_back(i < events ? 1 : 0);
    }
  }
  return data;
}

TEST(FitLogistic, RecoversGroupRatesWithoutPenalty) {
  const TwoGroups data = MakeTwoGroups();
  LogisticOptions options;
  options.l2 = 0.0;
  const LogisticFit fit = FitLogistic(data.design, 16, data.is_event, options);
  EXPECT_TRUE(fit.converged);
  EXPECT_NEAR(fit.intercept, -1.0986122886681098, 1e-9);
  ASSERT_EQ(fit.coefficients.size(), 1U);
  EXPECT_NEAR(fit.coefficients[0], 2.1972245773362196, 1e-9);
}

TEST(FitLogistic, PenaltyShrinksTheSlopeOnly) {
  const TwoGroups data = MakeTwoGroups();
  LogisticOptions options;
  options.l2 = 4.0;
  const LogisticFit fit = FitLogistic(data.design, 16, data.is_event, options);
  EXPECT_TRUE(fit.converged);
  EXPECT_GT(fit.coefficients[0], 0.0);
  EXPECT_LT(fit.coefficients[0], 2.1972245773362196);
  // At the optimum the unpenalised intercept's gradient is zero: Σ (y − p) = 0.
  double residual = 0.0;
  for (std::size_t i = 0; i < 16; ++i) {
    const double p =
        1.0 / (1.0 + std::exp(-(fit.intercept + fit.coefficients[0] * data.design[i])));
    residual += data.is_event[i] - p;
  }
  EXPECT_NEAR(residual, 0.0, 1e-9);
  // And the slope's gradient equals the penalty: Σ x (y − p) = λ β.
  double slope_gradient = 0.0;
  for (std::size_t i = 8; i < 16; ++i) {
    slope_gradient +=
        data.is_event[i] - 1.0 / (1.0 + std::exp(-(fit.intercept + fit.coefficients[0])));
  }
  EXPECT_NEAR(slope_gradient, 4.0 * fit.coefficients[0], 1e-9);
}

TEST(FitLogistic, IsDeterministic) {
  const TwoGroups data = MakeTwoGroups();
  const LogisticFit first = FitLogistic(data.design, 16, data.is_event, LogisticOptions{});
  const LogisticFit second = FitLogistic(data.design, 16, data.is_event, LogisticOptions{});
  EXPECT_EQ(first.intercept, second.intercept);
  EXPECT_EQ(first.coefficients, second.coefficients);
}

TEST(FitLogistic, SeparableDataStaysFiniteWithPenalty) {
  const std::vector<double> design = {0, 0, 0, 1, 1, 1};
  const std::vector<std::uint8_t> is_event = {0, 0, 0, 1, 1, 1};
  const LogisticFit fit = FitLogistic(design, 6, is_event, LogisticOptions{});
  EXPECT_TRUE(fit.converged);
  EXPECT_TRUE(std::isfinite(fit.coefficients[0]));
  EXPECT_GT(fit.coefficients[0], 0.0);
}

}  // namespace
}  // namespace fiado::credit::scorecard
