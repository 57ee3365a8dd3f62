#include "core/rate.h"

#include <algorithm>
#include <limits>
#include <ostream>

namespace fiado::core {
namespace {

__extension__ typedef __int128 Int128;

constexpr int kMaxPercentDecimals = 6;                                  // 1 unit = 0,000001%
constexpr std::int64_t kMaxPercentUnits = 1000 * kRateUnitsPerPercent;  // 1000%

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool AllDigits(std::string_view text) { return std::all_of(text.begin(), text.end(), IsDigit); }

// Units of a non-negative percent "12,345678" already checked to hold only digits and one
// separator; saturates past the 1000% limit instead of overflowing.
std::int64_t PercentUnits(std::string_view whole, std::string_view fraction) {
  std::int64_t percent = 0;
  for (const char c : whole) {
    percent = std::min<std::int64_t>(percent * 10 + (c - '0'), 10'000);
  }
  std::int64_t fraction_units = 0;
  for (int i = 0; i < kMaxPercentDecimals; ++i) {
    const std::size_t at = static_cast<std::size_t>(i);
    fraction_units = fraction_units * 10 + (at < fraction.size() ? fraction[at] - '0' : 0);
  }
  return percent * kRateUnitsPerPercent + fraction_units;
}

// round_half_away_from_zero(numerator / denominator), denominator > 0.
Int128 DivideRoundHalfUp(Int128 numerator, Int128 denominator) {
  Int128 quotient = numerator / denominator;
  const Int128 remainder = numerator % denominator;
  const Int128 twice = remainder < 0 ? -2 * remainder : 2 * remainder;
  if (twice >= denominator) quotient += numerator < 0 ? -1 : 1;
  return quotient;
}

}  // namespace

Result<Rate> Rate::ParsePercent(std::string_view text, std::string_view field) {
  const auto invalid = [&](std::string_view message) {
    return Invalid(std::string(field), std::string(message));
  };
  std::string_view rest = Trim(text);
  if (rest.ends_with('%')) rest = Trim(rest.substr(0, rest.size() - 1));
  if (rest.empty()) return invalid("campo vazio");
  if (rest.front() == '-') return invalid("não pode ser negativa");
  if (!std::all_of(rest.begin(), rest.end(),
                   [](char c) { return IsDigit(c) || c == '.' || c == ','; })) {
    return invalid("contém caracteres inválidos");
  }
  const std::size_t separator = rest.find_first_of(".,");
  const std::string_view whole = rest.substr(0, separator);
  const std::string_view fraction =
      separator == std::string_view::npos ? std::string_view() : rest.substr(separator + 1);
  if (whole.empty() || !AllDigits(fraction) ||
      (separator != std::string_view::npos && fraction.empty())) {
    return invalid("separador decimal mal posicionado");
  }
  if (fraction.size() > static_cast<std::size_t>(kMaxPercentDecimals)) {
    return invalid("mais de seis casas decimais");
  }
  const std::int64_t units = PercentUnits(whole, fraction);
  if (units > kMaxPercentUnits) return invalid("acima do máximo de 1000%");
  return Rate(units);
}

std::optional<std::int64_t> Rate::ExactBps() const {
  if (units_ % kRateUnitsPerBps != 0) return std::nullopt;
  return units_ / kRateUnitsPerBps;
}

long double Rate::ToLongDouble() const {
  return static_cast<long double>(units_) / static_cast<long double>(kRateScale);
}

std::string Rate::FormatPercent() const {
  const auto bits = static_cast<std::uint64_t>(units_);
  const std::uint64_t magnitude = units_ < 0 ? ~bits + 1 : bits;
  const auto per_percent = static_cast<std::uint64_t>(kRateUnitsPerPercent);
  std::string out = units_ < 0 ? "-" : "";
  out += std::to_string(magnitude / per_percent);
  std::string fraction = std::to_string(magnitude % per_percent + per_percent).substr(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) out += ',' + fraction;
  out += '%';
  return out;
}

Money Rate::ApplyTo(Money amount) const {
  return Money::FromCents(MulDivRoundHalfUp(amount.cents(), units_, kRateScale));
}

Money Rate::ApplyProRata(Money amount, std::int64_t numerator, std::int64_t denominator) const {
  FIADO_CHECK(denominator > 0);
  const Int128 amount_times_rate = static_cast<Int128>(amount.cents()) * units_;  // < 2^126
  Int128 product = 0;
  FIADO_CHECK(!__builtin_mul_overflow(amount_times_rate, static_cast<Int128>(numerator), &product));
  const Int128 cents = DivideRoundHalfUp(product, static_cast<Int128>(denominator) * kRateScale);
  FIADO_CHECK(cents >= std::numeric_limits<std::int64_t>::min() &&
              cents <= std::numeric_limits<std::int64_t>::max());
  return Money::FromCents(static_cast<std::int64_t>(cents));
}

Rate operator+(Rate a, Rate b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.units_, b.units_, &sum)) throw RateOverflow("Rate: soma estourou");
  return Rate(sum);
}

Rate operator*(Rate a, std::int64_t factor) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a.units_, factor, &product)) {
    throw RateOverflow("Rate: multiplicação estourou");
  }
  return Rate(product);
}

std::ostream& operator<<(std::ostream& out, Rate rate) { return out << rate.FormatPercent(); }

}  // namespace fiado::core
