#include "credit/scorecard/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace fiado::credit::scorecard {
namespace {

// Events score 0.8, 0.4, 0.6; non-events 0.2, 0.4, 0.5 (one tie at 0.4).
// Pairs (event, non-event) won: 0.8 beats all 3; 0.4 beats 0.2, ties 0.4 (half), loses
// to 0.5: 1.5; 0.6 beats all 3. AUC = (3 + 1.5 + 3) / 9 = 7.5 / 9 = 0.8333…
// KS: ascending, the cumulative shares (non-events, events) after each distinct score are
// 0.2 → (1/3, 0), 0.4 → (2/3, 1/3), 0.5 → (1, 1/3), 0.6 → (1, 2/3), 0.8 → (1, 1);
// the largest gap is 2/3.
std::vector<double> Scores() { return {0.8, 0.4, 0.6, 0.2, 0.4, 0.5}; }
std::vector<std::uint8_t> IsEvent() { return {1, 1, 1, 0, 0, 0}; }

TEST(Metrics, AucCountsTiesHalf) { EXPECT_NEAR(Auc(Scores(), IsEvent()), 7.5 / 9.0, 1e-15); }

TEST(Metrics, KsIsTheLargestGap) {
  EXPECT_NEAR(KolmogorovSmirnov(Scores(), IsEvent()), 2.0 / 3.0, 1e-15);
}

TEST(Metrics, GiniAndCounts) {
  const Metrics metrics = ComputeMetrics(Scores(), IsEvent());
  EXPECT_EQ(metrics.rows, 6);
  EXPECT_EQ(metrics.events, 3);
  EXPECT_NEAR(metrics.gini, 2.0 * 7.5 / 9.0 - 1.0, 1e-15);
}

TEST(Metrics, PerfectAndReversedOrders) {
  const std::vector<double> scores = {0.9, 0.8, 0.1, 0.2};
  const std::vector<std::uint8_t> is_event = {1, 1, 0, 0};
  EXPECT_EQ(Auc(scores, is_event), 1.0);
  EXPECT_EQ(KolmogorovSmirnov(scores, is_event), 1.0);
  const std::vector<std::uint8_t> reversed = {0, 0, 1, 1};
  EXPECT_EQ(Auc(scores, reversed), 0.0);
}

TEST(Metrics, AllTiedIsAHalf) {
  const std::vector<double> scores(10, 0.3);
  std::vector<std::uint8_t> is_event(10, 0);
  is_event[2] = 1;
  is_event[7] = 1;
  EXPECT_EQ(Auc(scores, is_event), 0.5);
  EXPECT_EQ(KolmogorovSmirnov(scores, is_event), 0.0);
}

TEST(Metrics, OneClassIsUndefined) {
  const std::vector<double> scores = {0.1, 0.2};
  const std::vector<std::uint8_t> is_event = {0, 0};
  EXPECT_TRUE(std::isnan(Auc(scores, is_event)));
  EXPECT_TRUE(std::isnan(KolmogorovSmirnov(scores, is_event)));
}

}  // namespace
}  // namespace fiado::credit::scorecard
