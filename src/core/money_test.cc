#include "core/money.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fiado::core {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

std::int64_t ParsedCents(std::string_view text) {
  const Result<Money> money = Money::Parse(text);
  EXPECT_TRUE(money.has_value()) << "'" << text << "': " << money.error().Describe();
  return money ? money->cents() : -1;
}

// The error Parse gives for `text`, which must be refused.
Error ParseError(std::string_view text, std::string_view field = "valor") {
  const Result<Money> money = Money::Parse(text, field);
  EXPECT_FALSE(money.has_value()) << "'" << text << "' parsed as " << *money;
  return money ? Error{} : money.error();
}

static_assert(Money().cents() == 0);
static_assert(Money::FromCents(123).cents() == 123);
static_assert(Money::FromCents(1) > Money());
static_assert(Money::FromCents(-1) < Money());

TEST(Money, DefaultIsZeroAndComparesByCents) {
  EXPECT_TRUE(Money().IsZero());
  EXPECT_EQ(Money(), Cents(0));
  EXPECT_LT(Cents(-5), Cents(3));
  EXPECT_NE(Cents(100), Cents(101));
  EXPECT_TRUE(Cents(-1).IsNegative());
  EXPECT_TRUE(Cents(1).IsPositive());
  EXPECT_FALSE(Cents(0).IsPositive());
}

TEST(Money, ParsesBrazilianAndPlainForms) {
  const std::vector<std::pair<std::string, std::int64_t>> cases = {
      {"1.234,56", 123456},
      {"1234,56", 123456},
      {"1234.56", 123456},
      {"1234", 123400},
      {"R$ 1.234,56", 123456},
      {"R$1.234,56", 123456},
      {"-10,00", -1000},
      {"-R$ 10,00", -1000},
      {"R$ -10,00", -1000},
      {"0,5", 50},
      {"0,05", 5},
      {"  12,30  ", 1230},
      {"\t94,56\n", 9456},
      {"0", 0},
      {"-0,00", 0},
      {"1.234.567,89", 123456789},
      {"1.234.567", 123456700},
      {"1,234.56", 123456},
      {"1,234,567", 123456700},
      {"R$ 0,01", 1},
      {"007", 700},
      {"12.5", 1250},
      {"0.50", 50},
      {"- R$ 1,5", -150},
      {"R$\xC2\xA0"
       "1.234,56",
       123456},  // no-break space, as browsers format BRL
  };
  for (const auto& [text, cents] : cases) {
    EXPECT_EQ(ParsedCents(text), cents) << "'" << text << "'";
  }
}

TEST(Money, SingleDotWithThreeDigitsGroupsThousands) {
  EXPECT_EQ(ParsedCents("1.234"), 123400);
  EXPECT_EQ(ParsedCents("12.345"), 1234500);
  EXPECT_EQ(ParsedCents("999.000"), 99900000);
  // Not a valid thousands group, so the dot is decimal and three decimals are refused.
  EXPECT_EQ(ParseError("1234.567").message_pt, "mais de duas casas decimais");
  EXPECT_EQ(ParseError("0.123").message_pt, "mais de duas casas decimais");
}

TEST(Money, RefusesWithFieldAndMessage) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "campo vazio"},
      {"   ", "campo vazio"},
      {"R$", "nenhum número informado"},
      {"-", "nenhum número informado"},
      {"abc", "contém caracteres inválidos"},
      {"12a", "contém caracteres inválidos"},
      {"1 234", "contém caracteres inválidos"},
      {"+5", "contém caracteres inválidos"},
      {"--5", "contém caracteres inválidos"},
      {"10 R$", "contém caracteres inválidos"},
      {"1e5", "contém caracteres inválidos"},
      {"10,999", "mais de duas casas decimais"},
      {"1,234", "mais de duas casas decimais"},
      {"1.234,567", "mais de duas casas decimais"},
      {"1.23.4", "separadores de milhar ou decimal mal posicionados"},
      {"12.34.567", "separadores de milhar ou decimal mal posicionados"},
      {"1234.567,00", "separadores de milhar ou decimal mal posicionados"},
      {"1.2345,00", "separadores de milhar ou decimal mal posicionados"},
      {"0.123,00", "separadores de milhar ou decimal mal posicionados"},
      {"1,2.345,67", "separadores de milhar ou decimal mal posicionados"},
      {"1,5.3", "separadores de milhar ou decimal mal posicionados"},
      {",50", "separadores de milhar ou decimal mal posicionados"},
      {"10,", "separadores de milhar ou decimal mal posicionados"},
      {"10.", "separadores de milhar ou decimal mal posicionados"},
      {"1..2", "separadores de milhar ou decimal mal posicionados"},
      {".", "separadores de milhar ou decimal mal posicionados"},
      {"92233720368547758,08", "número muito grande"},
      {"92.233.720.368.547.758,08", "número muito grande"},
      {"99999999999999999999", "número muito grande"},
      {"-92233720368547758,09", "número muito grande"},
  };
  for (const auto& [text, message] : cases) {
    const Error error = ParseError(text, "itens[2].valor");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << "'" << text << "'";
    EXPECT_EQ(error.field, "itens[2].valor") << "'" << text << "'";
    EXPECT_EQ(error.message_pt, message) << "'" << text << "'";
  }
}

TEST(Money, ParseErrorsNameTheDefaultField) {
  EXPECT_EQ(ParseError("10,999").Describe(), "valor: mais de duas casas decimais");
  EXPECT_EQ(ParseError("99999999999999999999").Describe(), "valor: número muito grande");
}

TEST(Money, ParsesTheInt64Extremes) {
  EXPECT_EQ(ParsedCents("92.233.720.368.547.758,07"), kMax);
  EXPECT_EQ(ParsedCents("-R$ 92.233.720.368.547.758,08"), kMin);
}

TEST(Money, Formats) {
  EXPECT_EQ(Money().Format(), "R$ 0,00");
  EXPECT_EQ(Cents(5).Format(), "R$ 0,05");
  EXPECT_EQ(Cents(50).Format(), "R$ 0,50");
  EXPECT_EQ(Cents(99999).Format(), "R$ 999,99");
  EXPECT_EQ(Cents(100000).Format(), "R$ 1.000,00");
  EXPECT_EQ(Cents(123456).Format(), "R$ 1.234,56");
  EXPECT_EQ(Cents(-1000).Format(), "-R$ 10,00");
  EXPECT_EQ(Cents(-5).Format(), "-R$ 0,05");
  EXPECT_EQ(Cents(123456789).Format(), "R$ 1.234.567,89");
  EXPECT_EQ(Cents(kMax).Format(), "R$ 92.233.720.368.547.758,07");
  EXPECT_EQ(Cents(kMin).Format(), "-R$ 92.233.720.368.547.758,08");
}

TEST(Money, FormatsDecimal) {
  EXPECT_EQ(Money().FormatDecimal(), "0.00");
  EXPECT_EQ(Cents(5).FormatDecimal(), "0.05");
  EXPECT_EQ(Cents(123456).FormatDecimal(), "1234.56");
  EXPECT_EQ(Cents(-1000).FormatDecimal(), "-10.00");
  EXPECT_EQ(Cents(kMax).FormatDecimal(), "92233720368547758.07");
  EXPECT_EQ(Cents(kMin).FormatDecimal(), "-92233720368547758.08");
}

TEST(Money, FormatAndFormatDecimalParseBack) {
  const std::vector<std::int64_t> samples = {
      0, 1, -1, 99, 100, -100, 123456, -123456, 100000000, kMax, kMin, 1000, 99999999, 4567, -7};
  for (const std::int64_t cents : samples) {
    EXPECT_EQ(ParsedCents(Cents(cents).Format()), cents);
    EXPECT_EQ(ParsedCents(Cents(cents).FormatDecimal()), cents);
  }
}

TEST(Money, StreamsFormat) {
  std::ostringstream out;
  out << Cents(-123456);
  EXPECT_EQ(out.str(), "-R$ 1.234,56");
}

TEST(Money, Arithmetic) {
  EXPECT_EQ(Cents(150) + Cents(275), Cents(425));
  EXPECT_EQ(Cents(150) - Cents(275), Cents(-125));
  EXPECT_EQ(-Cents(150), Cents(-150));
  EXPECT_EQ(Cents(333) * 3, Cents(999));
  EXPECT_EQ(3 * Cents(-333), Cents(-999));
  Money total;
  total += Cents(1000);
  total -= Cents(1);
  EXPECT_EQ(total, Cents(999));
}

TEST(Money, OverflowThrows) {
  EXPECT_THROW(Cents(kMax) + Cents(1), MoneyOverflow);
  EXPECT_THROW(Cents(kMin) + Cents(-1), MoneyOverflow);
  EXPECT_THROW(Cents(kMin) - Cents(1), MoneyOverflow);
  EXPECT_THROW(Cents(kMax) - Cents(-1), MoneyOverflow);
  EXPECT_THROW(-Cents(kMin), MoneyOverflow);
  EXPECT_THROW(Cents(kMax / 2 + 1) * 2, MoneyOverflow);
  EXPECT_THROW(Cents(-1) * kMin, MoneyOverflow);
  Money total = Cents(kMax);
  EXPECT_THROW(total += Cents(1), MoneyOverflow);
  EXPECT_EQ(total, Cents(kMax));  // unchanged after the failed update
  EXPECT_EQ(Cents(kMax) + Cents(kMin), Cents(-1));
  EXPECT_EQ(-Cents(kMax), Cents(kMin + 1));
  EXPECT_EQ(Cents(kMax / 2) * 2, Cents(kMax - 1));
}

TEST(Money, MoneyOverflowIsAnOverflowError) {
  try {
    (void)(Cents(kMax) + Cents(1));
    FAIL() << "no exception";
  } catch (const std::overflow_error& error) {
    EXPECT_NE(std::string(error.what()), "");
  }
}

TEST(Money, TryOperationsReturnErrors) {
  EXPECT_EQ(Cents(1).TryAdd(Cents(2)), Cents(3));
  EXPECT_EQ(Cents(1).TrySubtract(Cents(2)), Cents(-1));
  EXPECT_EQ(Cents(7).TryMultiply(-3), Cents(-21));

  const Result<Money> sum = Cents(kMax).TryAdd(Cents(1));
  ASSERT_FALSE(sum);
  EXPECT_EQ(sum.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(sum.error().Describe(), "valor: número muito grande");

  const Result<Money> difference = Cents(kMin).TrySubtract(Cents(1), "total");
  ASSERT_FALSE(difference);
  EXPECT_EQ(difference.error().field, "total");
  EXPECT_EQ(difference.error().message_pt, "número muito grande");

  const Result<Money> product = Cents(kMax).TryMultiply(2, "parcelas");
  ASSERT_FALSE(product);
  EXPECT_EQ(product.error().Describe(), "parcelas: número muito grande");
}

TEST(Money, SplitPutsLeftoverOnTheLastOrFirstPart) {
  const Money whole = Cents(100000);
  EXPECT_EQ(whole.Split(3), (std::vector<Money>{Cents(33333), Cents(33333), Cents(33334)}));
  EXPECT_EQ(whole.Split(3, Money::Remainder::kFirst),
            (std::vector<Money>{Cents(33334), Cents(33333), Cents(33333)}));
  EXPECT_EQ(Cents(100).Split(7), (std::vector<Money>{Cents(14), Cents(14), Cents(14), Cents(14),
                                                     Cents(14), Cents(14), Cents(16)}));
  EXPECT_EQ(Cents(-100).Split(3), (std::vector<Money>{Cents(-33), Cents(-33), Cents(-34)}));
  EXPECT_EQ(Cents(5).Split(1), (std::vector<Money>{Cents(5)}));
  EXPECT_EQ(Cents(2).Split(4), (std::vector<Money>{Cents(0), Cents(0), Cents(0), Cents(2)}));
  EXPECT_EQ(Cents(1200).Split(4),
            (std::vector<Money>{Cents(300), Cents(300), Cents(300), Cents(300)}));
}

TEST(Money, SplitPartsAlwaysSumToTheWhole) {
  const std::vector<std::int64_t> amounts = {
      0, 1, -1, 2, 99, 100, -101, 100000, 9456, 12345, -999, 1000003, kMax, kMin, kMin + 1};
  for (const std::int64_t cents : amounts) {
    for (const int parts : {1, 2, 3, 4, 6, 7, 10, 12, 24, 100, 1000}) {
      for (const auto where : {Money::Remainder::kLast, Money::Remainder::kFirst}) {
        const std::vector<Money> split = Cents(cents).Split(parts, where);
        ASSERT_EQ(split.size(), static_cast<std::size_t>(parts));
        // Parts share the sign of the whole, so the running sum never overflows.
        const Money sum = std::accumulate(split.begin(), split.end(), Money());
        EXPECT_EQ(sum, Cents(cents)) << cents << " / " << parts;
        const Money absorber = where == Money::Remainder::kLast ? split.back() : split.front();
        const Money even = where == Money::Remainder::kLast ? split.front() : split.back();
        for (const Money part : split) {
          EXPECT_TRUE(part.IsZero() || part.IsNegative() == (cents < 0)) << cents;
        }
        EXPECT_EQ(std::count(split.begin(), split.end(), even) + (absorber == even ? 0 : 1), parts)
            << cents << " / " << parts;
        const std::int64_t leftover = absorber.cents() - even.cents();
        EXPECT_LT(leftover < 0 ? -leftover : leftover, parts) << cents << " / " << parts;
      }
    }
  }
}

TEST(Money, ApplyBpsRoundsHalfAwayFromZero) {
  EXPECT_EQ(Cents(9456).ApplyBps(200), Cents(189));   // 189,12 centavos
  EXPECT_EQ(Cents(20000).ApplyBps(200), Cents(400));  // exact
  // 1,5% of 0,33 is 0,495 centavo: below the half, so 0 (not 0,01).
  EXPECT_EQ(Cents(33).ApplyBps(150), Cents(0));
  EXPECT_EQ(Cents(34).ApplyBps(150), Cents(1));     // 0,51 centavo → 1
  EXPECT_EQ(Cents(-34).ApplyBps(150), Cents(-1));   // half away from zero
  EXPECT_EQ(Cents(100).ApplyBps(150), Cents(2));    // 1,5 centavos → 2
  EXPECT_EQ(Cents(-100).ApplyBps(150), Cents(-2));  // -1,5 centavos → -2
  EXPECT_EQ(Cents(25).ApplyBps(200), Cents(1));     // 0,5 → 1
  EXPECT_EQ(Cents(24).ApplyBps(200), Cents(0));     // 0,48 → 0
  EXPECT_EQ(Cents(-25).ApplyBps(200), Cents(-1));
  EXPECT_EQ(Cents(12345).ApplyBps(0), Cents(0));
  EXPECT_EQ(Cents(12345).ApplyBps(10'000), Cents(12345));
  EXPECT_EQ(Cents(kMax).ApplyBps(5'000), Cents(kMax / 2 + 1));  // x,5 rounds up
}

TEST(Money, MulDivRoundHalfUpIsExact) {
  EXPECT_EQ(MulDivRoundHalfUp(7, 1, 2), 4);
  EXPECT_EQ(MulDivRoundHalfUp(-7, 1, 2), -4);
  EXPECT_EQ(MulDivRoundHalfUp(5, 1, 3), 2);  // 1,67
  EXPECT_EQ(MulDivRoundHalfUp(4, 1, 3), 1);  // 1,33
  EXPECT_EQ(MulDivRoundHalfUp(-4, 1, 3), -1);
  EXPECT_EQ(MulDivRoundHalfUp(0, 123, 7), 0);
  // The product exceeds int64 but the quotient does not.
  EXPECT_EQ(MulDivRoundHalfUp(kMax, kMax, kMax), kMax);
  EXPECT_EQ(MulDivRoundHalfUp(kMin, 3, 4), kMin / 4 * 3);
  EXPECT_EQ(MulDivRoundHalfUp(kMax, -1, 1), -kMax);
}

}  // namespace
}  // namespace fiado::core
