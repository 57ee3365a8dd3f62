#include "credit/profitability.h"

#include <gtest/gtest.h>

namespace fiado::credit {
namespace {

using core::Money;

CustomerFigures Figures(std::string id, std::string name, std::int64_t financed,
                        std::int64_t interest, std::int64_t charges, std::int64_t discounts,
                        std::int64_t loss) {
  return {std::move(id),
          std::move(name),
          Money::FromCents(financed),
          Money::FromCents(interest),
          Money::FromCents(charges),
          Money::FromCents(discounts),
          Money::FromCents(loss)};
}

TEST(ProfitabilityTest, RanksByResult) {
  const std::vector<Profitability> rows = RankProfitability({
      // income 300,00 − loss 500,00 = −200,00; −20000 × 10000 / 300000 = −666,67 → −666
      Figures("b", "Bruna", 300000, 30000, 0, 0, 50000),
      // income 150,00 + 20,00 − 10,00 = 160,00; 16000 × 10000 / 100000 = 1600
      Figures("a", "Ana", 100000, 15000, 2000, 1000, 0),
      // nothing financed: margin 0
      Figures("c", "Carla", 0, 0, 0, 0, 0),
  });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].customer_id, "a");
  EXPECT_EQ(rows[0].income, Money::FromCents(16000));
  EXPECT_EQ(rows[0].result, Money::FromCents(16000));
  EXPECT_EQ(rows[0].margin_bps, 1600);
  EXPECT_EQ(rows[0].financed, Money::FromCents(100000));
  EXPECT_EQ(rows[1].customer_id, "c");
  EXPECT_EQ(rows[1].margin_bps, 0);
  EXPECT_EQ(rows[2].customer_id, "b");
  EXPECT_EQ(rows[2].income, Money::FromCents(30000));
  EXPECT_EQ(rows[2].loss, Money::FromCents(50000));
  EXPECT_EQ(rows[2].result, Money::FromCents(-20000));
  EXPECT_EQ(rows[2].margin_bps, -666);
}

TEST(ProfitabilityTest, MarginTruncatesTowardZero) {
  // 1 centavo on 3: 3333,3 → 3333; −1 on 3: −3333.
  const std::vector<Profitability> rows =
      RankProfitability({Figures("x", "X", 3, 1, 0, 0, 0), Figures("y", "Y", 3, 0, 0, 0, 1)});
  EXPECT_EQ(rows[0].margin_bps, 3333);
  EXPECT_EQ(rows[1].margin_bps, -3333);
}

TEST(ProfitabilityTest, TiesByNameThenId) {
  const std::vector<Profitability> rows = RankProfitability({
      Figures("2", "Bia", 1000, 100, 0, 0, 0),
      Figures("9", "Ana", 1000, 100, 0, 0, 0),
      Figures("1", "Bia", 1000, 100, 0, 0, 0),
  });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].customer_id, "9");
  EXPECT_EQ(rows[1].customer_id, "1");
  EXPECT_EQ(rows[2].customer_id, "2");
  EXPECT_EQ(rows[0].customer_name, "Ana");
}

TEST(ProfitabilityTest, Empty) { EXPECT_TRUE(RankProfitability({}).empty()); }

}  // namespace
}  // namespace fiado::credit
