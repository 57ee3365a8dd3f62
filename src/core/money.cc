#include "core/money.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <ostream>

namespace fiado::core {
namespace {

__extension__ typedef __int128 Int128;

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";  // U+00A0 in UTF-8, as Intl writes it
constexpr std::uint64_t kMaxMagnitude = std::uint64_t{1} << 63;  // |INT64_MIN|

constexpr std::string_view kTooLarge = "número muito grande";
constexpr std::string_view kMisplaced = "separadores de milhar ou decimal mal posicionados";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strips ASCII white space and no-break spaces from the front of `text`.
std::string_view TrimFront(std::string_view text) {
  while (!text.empty()) {
    if (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
        text.front() == '\r') {
      text.remove_prefix(1);
    } else if (text.starts_with(kNoBreakSpace)) {
      text.remove_prefix(kNoBreakSpace.size());
    } else {
      break;
    }
  }
  return text;
}

std::string_view Trim(std::string_view text) {
  text = TrimFront(text);
  while (!text.empty()) {
    if (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r') {
      text.remove_suffix(1);
    } else if (text.ends_with(kNoBreakSpace)) {
      text.remove_suffix(kNoBreakSpace.size());
    } else {
      break;
    }
  }
  return text;
}

bool ConsumePrefix(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text = TrimFront(text.substr(prefix.size()));
  return true;
}

std::uint64_t Magnitude(std::int64_t value) {
  const auto bits = static_cast<std::uint64_t>(value);
  return value < 0 ? ~bits + 1 : bits;
}

bool AllDigits(std::string_view text) { return std::all_of(text.begin(), text.end(), IsDigit); }

// True when `digits` is "1", "12", "123", "1.234", "12.345.678" with `group` as the
// separator: a first group of 1–3 digits not starting with 0, then groups of exactly 3.
bool IsGrouped(std::string_view digits, char group) {
  const std::string_view first = digits.substr(0, digits.find(group));
  if (first.empty() || first.size() > 3 || !AllDigits(first)) return false;
  if (first[0] == '0' && first.size() < digits.size()) return false;
  for (std::size_t at = first.size(); at < digits.size(); at += 4) {
    if (digits.size() - at < 4 || digits[at] != group) return false;
    if (!AllDigits(digits.substr(at + 1, 3))) return false;
  }
  return true;
}

// The separators of one amount: the decimal one ('\0' when absent) and the grouping one
// ('\0' when absent). The rules are documented on Money::Parse.
struct Separators {
  char decimal = '\0';
  char group = '\0';
};

Separators ChooseSeparators(std::string_view body) {
  const std::size_t last_dot = body.rfind('.');
  const std::size_t last_comma = body.rfind(',');
  if (last_dot == std::string_view::npos && last_comma == std::string_view::npos) return {};
  if (last_dot != std::string_view::npos && last_comma != std::string_view::npos) {
    return last_dot > last_comma ? Separators{'.', ','} : Separators{',', '.'};
  }
  const char separator = last_dot != std::string_view::npos ? '.' : ',';
  if (std::count(body.begin(), body.end(), separator) > 1) return {'\0', separator};
  if (separator == ',') return {',', '\0'};
  const bool thousands = body.size() - last_dot == 4 && IsGrouped(body, '.');
  return thousands ? Separators{'\0', '.'} : Separators{'.', '\0'};
}

// An unsigned amount split at its decimal separator, grouping still inside `whole`.
struct AmountText {
  std::string_view whole;
  std::string_view fraction;
  char group = '\0';
};

Result<AmountText> SplitAmount(std::string_view body, std::string_view field) {
  const auto invalid = [&](std::string_view message) {
    return Invalid(std::string(field), std::string(message));
  };
  const auto allowed = [](char c) { return IsDigit(c) || c == '.' || c == ','; };
  if (!std::all_of(body.begin(), body.end(), allowed)) {
    return invalid("contém caracteres inválidos");
  }
  const Separators separators = ChooseSeparators(body);
  AmountText amount{body, {}, separators.group};
  if (separators.decimal != '\0') {
    const std::size_t at = body.rfind(separators.decimal);
    amount.whole = body.substr(0, at);
    amount.fraction = body.substr(at + 1);
    if (amount.fraction.empty() || !AllDigits(amount.fraction)) return invalid(kMisplaced);
    if (amount.fraction.size() > 2) return invalid("mais de duas casas decimais");
  }
  const bool whole_ok = amount.group != '\0' ? IsGrouped(amount.whole, amount.group)
                                             : !amount.whole.empty() && AllDigits(amount.whole);
  if (!whole_ok) return invalid(kMisplaced);
  return amount;
}

// Centavos of a validated amount; nullopt past the uint64 range.
std::optional<std::uint64_t> ToCentavos(const AmountText& amount) {
  std::uint64_t reais = 0;
  for (const char c : amount.whole) {
    if (c == amount.group) continue;
    if (__builtin_mul_overflow(reais, 10u, &reais) ||
        __builtin_add_overflow(reais, static_cast<unsigned>(c - '0'), &reais)) {
      return std::nullopt;
    }
  }
  std::uint64_t centavos = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    const char c = i < amount.fraction.size() ? amount.fraction[i] : '0';
    centavos = centavos * 10 + static_cast<unsigned>(c - '0');
  }
  std::uint64_t total = 0;
  if (__builtin_mul_overflow(reais, 100u, &total) ||
      __builtin_add_overflow(total, centavos, &total)) {
    return std::nullopt;
  }
  return total;
}

// "1234" → "1.234"; `digits` holds only digits.
std::string GroupThousands(const std::string& digits) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

std::string TwoDigits(std::uint64_t value) {
  return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

Error OverflowError(std::string_view field) {
  return Error::Invalid(std::string(field), std::string(kTooLarge));
}

}  // namespace

std::int64_t MulDivRoundHalfUp(std::int64_t a, std::int64_t b, std::int64_t c) {
  FIADO_CHECK(c > 0);
  const Int128 product = static_cast<Int128>(a) * b;  // |a × b| <= 2^126: no overflow
  Int128 quotient = product / c;
  const Int128 remainder = product % c;  // same sign as the product
  const Int128 twice = remainder < 0 ? -2 * remainder : 2 * remainder;
  if (twice >= c) quotient += product < 0 ? -1 : 1;
  FIADO_CHECK(quotient >= std::numeric_limits<std::int64_t>::min() &&
              quotient <= std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(quotient);
}

Result<Money> Money::Parse(std::string_view text, std::string_view field) {
  std::string_view rest = Trim(text);
  if (rest.empty()) return Invalid(std::string(field), "campo vazio");
  bool negative = ConsumePrefix(rest, "-");
  const bool currency = ConsumePrefix(rest, "R$");
  if (currency && !negative) negative = ConsumePrefix(rest, "-");  // "R$ -10,00"
  if (rest.empty()) return Invalid(std::string(field), "nenhum número informado");
  const Result<AmountText> amount = SplitAmount(rest, field);
  if (!amount) return tl::unexpected(amount.error());
  const std::optional<std::uint64_t> magnitude = ToCentavos(*amount);
  if (!magnitude || *magnitude > kMaxMagnitude - (negative ? 0 : 1)) {
    return Fail(OverflowError(field));
  }
  if (!negative) return Money(static_cast<std::int64_t>(*magnitude));
  return Money(static_cast<std::int64_t>(~*magnitude + 1));  // two's complement, INT64_MIN ok
}

std::string Money::Format() const {
  const std::uint64_t magnitude = Magnitude(cents_);
  std::string out = cents_ < 0 ? "-R$ " : "R$ ";
  out += GroupThousands(std::to_string(magnitude / 100));
  out += ',';
  out += TwoDigits(magnitude % 100);
  return out;
}

std::string Money::FormatDecimal() const {
  const std::uint64_t magnitude = Magnitude(cents_);
  std::string out = cents_ < 0 ? "-" : "";
  out += std::to_string(magnitude / 100);
  out += '.';
  out += TwoDigits(magnitude % 100);
  return out;
}

Result<Money> Money::TryAdd(Money other, std::string_view field) const {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(cents_, other.cents_, &sum)) return Fail(OverflowError(field));
  return Money(sum);
}

Result<Money> Money::TrySubtract(Money other, std::string_view field) const {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(cents_, other.cents_, &difference)) {
    return Fail(OverflowError(field));
  }
  return Money(difference);
}

Result<Money> Money::TryMultiply(std::int64_t factor, std::string_view field) const {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(cents_, factor, &product)) return Fail(OverflowError(field));
  return Money(product);
}

std::vector<Money> Money::Split(int parts, Remainder where) const {
  FIADO_CHECK(parts >= 1);
  const std::int64_t share = cents_ / parts;     // truncated toward zero
  const std::int64_t leftover = cents_ % parts;  // same sign as cents_, |leftover| < parts
  std::vector<Money> out(static_cast<std::size_t>(parts), Money(share));
  Money& absorber = where == Remainder::kLast ? out.back() : out.front();
  absorber = Money(share + leftover);  // |share + leftover| <= |cents_|: no overflow
  return out;
}

Money Money::ApplyBps(std::int64_t basis_points) const {
  return Money(MulDivRoundHalfUp(cents_, basis_points, 10'000));
}

Money operator+(Money a, Money b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.cents_, b.cents_, &sum)) throw MoneyOverflow("Money: soma estourou");
  return Money(sum);
}

Money operator-(Money a, Money b) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(a.cents_, b.cents_, &difference)) {
    throw MoneyOverflow("Money: subtração estourou");
  }
  return Money(difference);
}

Money operator-(Money a) { return Money() - a; }

Money operator*(Money a, std::int64_t factor) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a.cents_, factor, &product)) {
    throw MoneyOverflow("Money: multiplicação estourou");
  }
  return Money(product);
}

std::ostream& operator<<(std::ostream& out, Money money) { return out << money.Format(); }

}  // namespace fiado::core
