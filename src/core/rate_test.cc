#include "core/rate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fiado::core {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

std::int64_t ParsedUnits(std::string_view text) {
  const Result<Rate> rate = Rate::ParsePercent(text);
  EXPECT_TRUE(rate.has_value()) << "'" << text << "': " << rate.error().Describe();
  return rate ? rate->units() : -1;
}

static_assert(Rate::FromBps(200).units() == 2'000'000);          // 2% = 0.02
static_assert(Rate::FromBps(1).units() * 10'000 == kRateScale);  // 10000 bp = 100%
static_assert(Rate::FromUnits(5) == Rate::FromUnits(5));
static_assert(Rate() < Rate::FromBps(1));

TEST(Rate, ParsesPercentPoints) {
  const std::vector<std::pair<std::string, std::int64_t>> cases = {
      {"2", 2'000'000},     {"2%", 2'000'000},   {"1,99", 1'990'000},         {"1.99 %", 1'990'000},
      {"0,0082%", 8'200},   {"4,99", 4'990'000}, {" 1 % ", 1'000'000},        {"0", 0},
      {"0,000001", 1},      {"100", kRateScale}, {"1000%", 10 * kRateScale},  {"1.000", 1'000'000},
      {"12,5", 12'500'000}, {"007", 7'000'000},  {"999,999999", 999'999'999},
  };
  for (const auto& [text, units] : cases) {
    EXPECT_EQ(ParsedUnits(text), units) << "'" << text << "'";
  }
}

TEST(Rate, RefusesWithFieldAndMessage) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "campo vazio"},
      {" % ", "campo vazio"},
      {"-1", "não pode ser negativa"},
      {"-0,5%", "não pode ser negativa"},
      {"abc", "contém caracteres inválidos"},
      {"2 a.m.", "contém caracteres inválidos"},
      {"%2", "contém caracteres inválidos"},
      {"2%%", "contém caracteres inválidos"},
      {"+2", "contém caracteres inválidos"},
      {"1e2", "contém caracteres inválidos"},
      {"1,2,3", "separador decimal mal posicionado"},
      {"1.000,5", "separador decimal mal posicionado"},
      {",5", "separador decimal mal posicionado"},
      {"5,", "separador decimal mal posicionado"},
      {"0,0000001", "mais de seis casas decimais"},
      {"1,1234567%", "mais de seis casas decimais"},
      {"1000,000001", "acima do máximo de 1000%"},
      {"1001", "acima do máximo de 1000%"},
      {"99999999999999999999999", "acima do máximo de 1000%"},
  };
  for (const auto& [text, message] : cases) {
    const Result<Rate> rate = Rate::ParsePercent(text, "politica.juros");
    ASSERT_FALSE(rate.has_value()) << "'" << text << "' parsed as " << *rate;
    EXPECT_EQ(rate.error().code, ErrorCode::kInvalidArgument) << "'" << text << "'";
    EXPECT_EQ(rate.error().field, "politica.juros") << "'" << text << "'";
    EXPECT_EQ(rate.error().message_pt, message) << "'" << text << "'";
  }
  EXPECT_EQ(Rate::ParsePercent("2,1234567").error().Describe(),
            "taxa: mais de seis casas decimais");
}

TEST(Rate, FormatsPercent) {
  EXPECT_EQ(Rate::FromBps(199).FormatPercent(), "1,99%");
  EXPECT_EQ(Rate::FromBps(200).FormatPercent(), "2%");
  EXPECT_EQ(Rate::FromUnits(8'200).FormatPercent(), "0,0082%");
  EXPECT_EQ(Rate::FromBps(499).FormatPercent(), "4,99%");
  EXPECT_EQ(Rate::FromBps(1250).FormatPercent(), "12,5%");
  EXPECT_EQ(Rate().FormatPercent(), "0%");
  EXPECT_EQ(Rate::FromUnits(1).FormatPercent(), "0,000001%");
  EXPECT_EQ(Rate::FromUnits(-150'000).FormatPercent(), "-0,15%");
  EXPECT_EQ(Rate::FromUnits(kRateScale * 10).FormatPercent(), "1000%");
  std::ostringstream out;
  out << Rate::FromBps(100);
  EXPECT_EQ(out.str(), "1%");
}

TEST(Rate, ParseAndFormatRoundTrip) {
  for (const std::string text : {"1,99%", "2%", "0,0082%", "4,99%", "0%", "1000%", "0,000001%",
                                 "13,456789%", "100%", "0,5%"}) {
    const Result<Rate> rate = Rate::ParsePercent(text);
    ASSERT_TRUE(rate) << text;
    EXPECT_EQ(rate->FormatPercent(), text);
  }
  for (const std::int64_t units :
       {0LL, 1LL, 8'200LL, 1'990'000LL, 123'456'789LL, 1'000'000'000LL}) {
    const Rate rate = Rate::FromUnits(units);
    EXPECT_EQ(Rate::ParsePercent(rate.FormatPercent()), rate) << units;
  }
}

TEST(Rate, ExactBps) {
  EXPECT_EQ(Rate::FromBps(199).ExactBps(), 199);
  EXPECT_EQ(Rate().ExactBps(), 0);
  EXPECT_EQ(Rate::ParsePercent("1,99")->ExactBps(), 199);
  EXPECT_EQ(Rate::ParsePercent("0,0082")->ExactBps(), std::nullopt);  // 0,82 bp
  EXPECT_EQ(Rate::FromUnits(-20'000).ExactBps(), -2);
  EXPECT_EQ(Rate::FromUnits(10'001).ExactBps(), std::nullopt);
}

TEST(Rate, ToLongDouble) {
  EXPECT_EQ(Rate::FromBps(10'000).ToLongDouble(), 1.0L);
  EXPECT_EQ(Rate::FromBps(5'000).ToLongDouble(), 0.5L);
  EXPECT_NEAR(static_cast<double>(Rate::FromBps(199).ToLongDouble()), 0.0199, 1e-15);
}

TEST(Rate, ApplyToRoundsHalfAwayFromZero) {
  EXPECT_EQ(Rate::FromBps(200).ApplyTo(Cents(9456)), Cents(189));
  EXPECT_EQ(Rate::FromBps(200).ApplyTo(Cents(20000)), Cents(400));
  EXPECT_EQ(Rate::FromBps(150).ApplyTo(Cents(33)), Cents(0));              // 0,495 centavo
  EXPECT_EQ(Rate::FromBps(150).ApplyTo(Cents(100)), Cents(2));             // 1,5 centavos → 2
  EXPECT_EQ(Rate::FromBps(150).ApplyTo(Cents(-100)), Cents(-2));           // half away from zero
  EXPECT_EQ(Rate::FromUnits(8'200).ApplyTo(Cents(1'000'000)), Cents(82));  // 0,0082% of 10k
  EXPECT_EQ(Rate::FromUnits(8'200).ApplyTo(Cents(6'098)), Cents(1));       // 0,500036 → 1
  EXPECT_EQ(Rate::FromUnits(8'200).ApplyTo(Cents(6'097)), Cents(0));       // 0,499954 → 0
}

// STANDARDS §7.4: multa = round(installment × 2%); juros = round(installment × 1% × days/30).
TEST(Rate, LateChargeVectors) {
  const Rate late_fee = Rate::FromBps(200);
  const Rate monthly_interest = Rate::ParsePercent("1%").value();
  struct Row {
    std::int64_t installment_cents;
    std::int64_t days_late;
    std::int64_t late_fee_cents;
    std::int64_t interest_cents;
    std::int64_t total_cents;
  };
  for (const Row& row : {Row{20000, 30, 400, 200, 20600}, Row{20000, 3, 400, 20, 20420},
                         Row{9456, 19, 189, 60, 9705}}) {
    const Money installment = Cents(row.installment_cents);
    const Money fee = late_fee.ApplyTo(installment);
    const Money interest = monthly_interest.ApplyProRata(installment, row.days_late, 30);
    EXPECT_EQ(fee, Cents(row.late_fee_cents)) << installment;
    EXPECT_EQ(interest, Cents(row.interest_cents)) << installment << " " << row.days_late;
    EXPECT_EQ(installment + fee + interest, Cents(row.total_cents)) << installment;
  }
}

TEST(Rate, ApplyProRataRoundsOnceAtTheEnd) {
  const Rate one_percent = Rate::FromBps(100);
  // Per-day amount for CNAB code 1: 200,00 × 1% / 30 = 0,0667 → 0,07.
  EXPECT_EQ(one_percent.ApplyProRata(Cents(20000), 1, 30), Cents(7));
  // Rounding per day first would give 0,07 × 30 = 2,10; exact pro rata gives 2,00.
  EXPECT_EQ(one_percent.ApplyProRata(Cents(20000), 30, 30), Cents(200));
  // 150,00 × 1% × 1/2 = 0,75 exactly; 1,50 × 1% × 1/3 = 0,005 → 0,01 (half up).
  EXPECT_EQ(one_percent.ApplyProRata(Cents(15000), 1, 2), Cents(75));
  EXPECT_EQ(one_percent.ApplyProRata(Cents(150), 1, 3), Cents(1));
  EXPECT_EQ(one_percent.ApplyProRata(Cents(-150), 1, 3), Cents(-1));
  EXPECT_EQ(one_percent.ApplyProRata(Cents(20000), 0, 30), Cents(0));
  // Large amounts stay exact: the 128-bit product does not overflow.
  EXPECT_EQ(Rate::FromBps(10'000).ApplyProRata(Cents(kMax), 7, 7), Cents(kMax));
}

TEST(Rate, ArithmeticIsChecked) {
  EXPECT_EQ(Rate::FromBps(100) + Rate::FromBps(99), Rate::FromBps(199));
  EXPECT_EQ(Rate::FromBps(100) * 12, Rate::FromBps(1200));
  EXPECT_EQ(3 * Rate::FromUnits(7), Rate::FromUnits(21));
  EXPECT_THROW(Rate::FromUnits(kMax) + Rate::FromUnits(1), RateOverflow);
  EXPECT_THROW(Rate::FromUnits(kMax / 2 + 1) * 2, RateOverflow);
  EXPECT_LT(Rate::FromBps(199), Rate::FromBps(200));
  EXPECT_GT(Rate::FromUnits(1), Rate());
}

}  // namespace
}  // namespace fiado::core
