#include "credit/scorecard/binning.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "credit/scorecard/table.h"

namespace fiado::credit::scorecard {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Bin Counts(std::int64_t events, std::int64_t non_events) {
  Bin bin;
  bin.events = events;
  bin.non_events = non_events;
  return bin;
}

// Rows of value v: `events` events and `non_events` non-events.
void AddRows(std::vector<double>& values, std::vector<std::uint8_t>& is_event, double v, int events,
             int non_events) {
  for (int i = 0; i < events; ++i) {
    values.push_back(v);
    is_event.push_back(1);
  }
  for (int i = 0; i < non_events; ++i) {
    values.push_back(v);
    is_event.push_back(0);
  }
}

TEST(Woe, MatchesTheHandComputedCase) {
  // Bin A: 3 non-events, 1 event; bin B: 1 non-event, 3 events. N = 4, E = 4, s = 0.5.
  // WoE_A = ln(((3 + .5)/4) / ((1 + .5)/4)) = ln(3.5/1.5) = 0.8472978603872037
  // WoE_B = ln(1.5/3.5) = -0.8472978603872037; the empty bin C has WoE 0.
  // IV = (3/4 - 1/4) × 0.8473 + (1/4 - 3/4) × (-0.8473) = 0.8472978603872037
  std::vector<Bin> bins = {Counts(1, 3), Counts(3, 1), Counts(0, 0)};
  AssignWoe(bins, 0.5);
  EXPECT_NEAR(bins[0].woe, 0.8472978603872037, 1e-15);
  EXPECT_NEAR(bins[1].woe, -0.8472978603872037, 1e-15);
  EXPECT_EQ(bins[2].woe, 0.0);
  EXPECT_NEAR(InformationValue(bins), 0.8472978603872037, 1e-15);
}

TEST(Woe, UnevenTotals) {
  // A: 2 events, 8 non-events; B: 6 events, 4 non-events. N = 12, E = 8, s = 0.5.
  // WoE_A = ln((8.5/12) / (2.5/8)) = ln(0.708333 / 0.3125) = ln(2.266667) = 0.8183103235139513
  // WoE_B = ln((4.5/12) / (6.5/8)) = ln(0.375 / 0.8125) = ln(0.461538) = -0.7731898882334817
  // IV = (8/12 - 2/8) × 0.81831 + (4/12 - 6/8) × (-0.77319)
  //    = 0.416667 × 0.81831 + 0.416667 × 0.77319 = 0.6631251 (exactly 5/12 × 1.591500...)
  std::vector<Bin> bins = {Counts(2, 8), Counts(6, 4)};
  AssignWoe(bins, 0.5);
  EXPECT_NEAR(bins[0].woe, 0.8183103235139513, 1e-15);
  EXPECT_NEAR(bins[1].woe, -0.7731898882334817, 1e-15);
  EXPECT_NEAR(InformationValue(bins), 5.0 / 12.0 * (0.8183103235139513 + 0.7731898882334817),
              1e-15);
}

TEST(BinNumeric, MergesUntilTheEventRateIsMonotonic) {
  // Twenty rows per value; event rates 0.1, 0.3, 0.2, 0.5, 0.6, 0.8. The rise is broken by
  // value 3 (0.2 after 0.3): values 2 and 3 pool to 10/40 = 0.25, and the rest rises.
  std::vector<double> values;
  std::vector<std::uint8_t> is_event;
  AddRows(values, is_event, 1, 2, 18);
  AddRows(values, is_event, 2, 6, 14);
  AddRows(values, is_event, 3, 4, 16);
  AddRows(values, is_event, 4, 10, 10);
  AddRows(values, is_event, 5, 12, 8);
  AddRows(values, is_event, 6, 16, 4);
  const std::vector<Bin> bins = BinNumeric(values, is_event, BinningOptions{});
  ASSERT_EQ(bins.size(), 6U);  // five ranges and the missing bin
  const std::vector<std::int64_t> events = {2, 10, 10, 12, 16, 0};
  const std::vector<double> lower = {-std::numeric_limits<double>::infinity(), 2, 4, 5, 6};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(bins[i].kind, BinKind::kRange);
    EXPECT_EQ(bins[i].events, events[i]) << i;
    EXPECT_EQ(bins[i].lower, lower[i]) << i;
    if (i > 0) {
      EXPECT_LT(bins[i].woe, bins[i - 1].woe) << "WoE falls as the event rate rises";
    }
  }
  EXPECT_EQ(bins[1].Count(), 40);
  EXPECT_EQ(BinLabel(bins[0]), "< 2");
  EXPECT_EQ(BinLabel(bins[1]), "2 a 4");
  EXPECT_EQ(BinLabel(bins[4]), "≥ 6");
  EXPECT_EQ(bins[5].kind, BinKind::kMissing);
  EXPECT_EQ(bins[5].woe, 0.0) << "no missing value in training: neutral";
}

TEST(BinNumeric, MergesARangeBelowTheMinimumShare) {
  // 100 rows: value 1 (45 rows), value 2 (3 rows: under 5%), value 3 (52 rows). With the
  // monotonic merge off, the small range joins the neighbour with the closer event rate.
  std::vector<double> values;
  std::vector<std::uint8_t> is_event;
  AddRows(values, is_event, 1, 5, 40);   // rate 0.11
  AddRows(values, is_event, 2, 1, 2);    // rate 0.33
  AddRows(values, is_event, 3, 26, 26);  // rate 0.50
  BinningOptions options;
  options.monotonic = false;
  const std::vector<Bin> bins = BinNumeric(values, is_event, options);
  ASSERT_EQ(bins.size(), 3U);
  EXPECT_EQ(bins[0].Count(), 45);
  EXPECT_EQ(bins[1].Count(), 55);
  EXPECT_EQ(bins[1].lower, 2.0);
}

TEST(BinNumeric, MissingValuesGetTheirOwnBin) {
  // 10 missing rows, 8 of them events: WoE = ln(((2 + .5)/N) / ((8 + .5)/E)).
  std::vector<double> values;
  std::vector<std::uint8_t> is_event;
  AddRows(values, is_event, 1, 5, 45);
  AddRows(values, is_event, 2, 15, 35);
  AddRows(values, is_event, kNaN, 8, 2);
  const std::vector<Bin> bins = BinNumeric(values, is_event, BinningOptions{});
  const Bin& missing = bins[MissingBinOf(bins)];
  EXPECT_EQ(missing.events, 8);
  EXPECT_EQ(missing.non_events, 2);
  const double total_non_events = 45 + 35 + 2;
  const double total_events = 5 + 15 + 8;
  EXPECT_NEAR(missing.woe, std::log((2.5 / total_non_events) / (8.5 / total_events)), 1e-12);
  EXPECT_EQ(NumericBinOf(bins, kNaN), MissingBinOf(bins));
  EXPECT_EQ(NumericBinOf(bins, 1.0), 0U);
  EXPECT_EQ(NumericBinOf(bins, 1e9), MissingBinOf(bins) - 1);
}

TEST(BinNumeric, KeepsAPureRangeThatMayBeALeak) {
  // Every event has value 0; the positive values are all non-events. Two ranges stay and
  // the IV is large, so training can warn about the leak.
  std::vector<double> values;
  std::vector<std::uint8_t> is_event;
  AddRows(values, is_event, 0, 30, 10);
  for (int v = 1; v <= 60; ++v) AddRows(values, is_event, v, 0, 1);
  const std::vector<Bin> bins = BinNumeric(values, is_event, BinningOptions{});
  ASSERT_EQ(bins.size(), 3U);
  EXPECT_EQ(bins[1].events, 0);
  EXPECT_GT(InformationValue(bins), 2.0);
}

TEST(BinCategorical, GroupsRareCategoriesInOther) {
  // 100 rows; the minimum share 2% is 2 rows: "c" (1 row) and "d" (1 row) go to "outros".
  const Column column = [] {
    std::vector<std::string> values;
    values.reserve(100);
    for (int i = 0; i < 50; ++i) values.emplace_back("a");
    for (int i = 0; i < 47; ++i) values.emplace_back("b");
    values.emplace_back("d");
    values.emplace_back("c");
    values.emplace_back("");
    return MakeCategoricalColumn("x", values);
  }();
  std::vector<std::uint8_t> is_event(100, 0);
  for (int i = 0; i < 10; ++i) is_event[static_cast<std::size_t>(i)] = 1;   // a: 10 events
  for (int i = 50; i < 70; ++i) is_event[static_cast<std::size_t>(i)] = 1;  // b: 20 events
  is_event[97] = 1;                                                         // d: an event
  const std::vector<Bin> bins =
      BinCategorical(column.codes, column.levels, is_event, BinningOptions{});
  ASSERT_EQ(bins.size(), 4U);
  EXPECT_EQ(bins[0].categories, std::vector<std::string>{"a"});
  EXPECT_EQ(bins[1].categories, std::vector<std::string>{"b"});
  EXPECT_EQ(bins[2].kind, BinKind::kOther);
  EXPECT_EQ(bins[2].categories, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(bins[2].events, 1);
  EXPECT_EQ(bins[2].non_events, 1);
  EXPECT_EQ(bins[3].kind, BinKind::kMissing);
  EXPECT_EQ(bins[3].Count(), 1);
  EXPECT_EQ(CategoryBinOf(bins, "b"), 1U);
  EXPECT_EQ(CategoryBinOf(bins, "c"), 2U);
  EXPECT_EQ(CategoryBinOf(bins, "never seen"), 2U);
  EXPECT_EQ(BinLabel(bins[2]), "outros");
  EXPECT_EQ(BinLabel(bins[3]), "ausente");
}

TEST(BinLabel, FormatsEdges) {
  Bin bin;
  bin.lower = 1.2;
  bin.upper = 2.5;
  EXPECT_EQ(BinLabel(bin), "1.2 a 2.5");
  bin.lower = 0.221000003814697;
  bin.upper = 4500;
  EXPECT_EQ(BinLabel(bin), "0.221 a 4500");
}

}  // namespace
}  // namespace fiado::credit::scorecard
