#include "sales/plan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace fiado::sales {
namespace {

using core::Date;
using core::Money;
using core::Rate;

// int64 arithmetic on centavos inside the schedule loop: Money's operators are out of line
// and the loop must stay cheap. Overflow is a bug (amounts are bounded by the caller).
std::int64_t Add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  FIADO_CHECK(!__builtin_add_overflow(a, b, &sum));
  return sum;
}

std::int64_t Subtract(std::int64_t a, std::int64_t b) {
  std::int64_t difference = 0;
  FIADO_CHECK(!__builtin_sub_overflow(a, b, &difference));
  return difference;
}

// Exactly Rate::ApplyTo(balance): balance × rate rounded half away from zero to the
// centavo. When the product (plus half a centavo) fits in int64 — any balance below
// R$ 4 bilhões at 20 % a.m. — it is floor((|p| + ½) / kRateScale) with p's sign: one
// division by a constant, which the compiler turns into a multiplication, and no branch
// on the remainder (it would be mispredicted half of the time). Otherwise the 128-bit
// path of Rate::ApplyTo does it.
std::int64_t InterestCents(std::int64_t balance_cents, Rate rate) {
  constexpr std::int64_t kHalf = core::kRateScale / 2;
  constexpr std::int64_t kFastLimit = std::numeric_limits<std::int64_t>::max() - kHalf;
  std::int64_t product = 0;
  if (__builtin_mul_overflow(balance_cents, rate.units(), &product) || product > kFastLimit ||
      product < -kFastLimit) {
    return rate.ApplyTo(Money::FromCents(balance_cents)).cents();
  }
  return product >= 0 ? (product + kHalf) / core::kRateScale
                      : -((kHalf - product) / core::kRateScale);
}

// (1 + i)^n − 1 for i ≥ 0 by binary exponentiation on the "minus one" form:
// (1 + a)(1 + b) − 1 = a + b + ab. Every term is non-negative, so there is no
// cancellation even for tiny rates (unlike powl(1 + i, n) − 1), and it costs at most
// 2·log2(n) multiplications instead of a transcendental call.
long double GrowthMinusOne(long double rate, int periods) {
  long double result = 0.0L;  // (1 + result) = 1
  long double base = rate;    // (1 + base) = (1 + i)^(2^k)
  for (unsigned n = static_cast<unsigned>(periods); n != 0; n >>= 1) {
    if ((n & 1u) != 0) result = result + base + result * base;
    base = base + base + base * base;
  }
  return result;
}

// Round half up (away from zero) of a non-negative long double to an integer.
std::int64_t RoundHalfUp(long double value) {
  return static_cast<std::int64_t>(std::floor(value + 0.5L));
}

void CheckPlanInputs(Money principal, Rate monthly_rate, std::size_t count) {
  FIADO_CHECK(principal.IsPositive());
  FIADO_CHECK(monthly_rate.units() >= 0);
  FIADO_CHECK(count >= 1 && count <= static_cast<std::size_t>(kMaxInstallments));
}

// Rate 0: the principal split as Money::Split(n, kLast) does, without allocating.
void EvenRows(std::int64_t principal_cents, std::span<PriceRow> out) {
  const auto count = static_cast<std::int64_t>(out.size());
  const std::int64_t share = principal_cents / count;
  std::int64_t balance = principal_cents;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::int64_t amount = k + 1 == out.size() ? balance : share;
    balance -= amount;
    out[k] = {Money::FromCents(amount), Money(), Money::FromCents(amount),
              Money::FromCents(balance)};
  }
}

// One payment of the CET equation: its amount and its distance from the release in
// years of 365 days, both as double (the solver's working precision).
struct YearFlow {
  double years = 0.0;
  double cents = 0.0;
};

// f(r) = Σ cents·(1 + r)^−years − released and df/dr, with one log1p per evaluation.
struct CetValue {
  double f = 0.0;
  double slope = 0.0;
};

CetValue EvaluateCet(std::span<const YearFlow> flows, double released_cents, double rate) {
  const double log_growth = std::log1p(rate);
  double present = 0.0;
  double weighted = 0.0;  // Σ years·present value
  for (const YearFlow& flow : flows) {
    const double value = flow.cents * std::exp(-flow.years * log_growth);
    present += value;
    weighted += flow.years * value;
  }
  return {present - released_cents, -weighted / (1.0 + rate)};
}

constexpr double kCetLowest = -0.99;
constexpr double kCetHighest = 1e6;
constexpr int kCetMaxIterations = 200;

// A starting point for Newton: the rate that discounts Σ payments to `released` over
// their amount-weighted mean term. For positive payments after the release f is convex
// and decreasing, and Jensen's inequality puts this guess on the left of the root, from
// where Newton steps move monotonically towards it.
double CetGuess(std::span<const YearFlow> flows, double released_cents) {
  double total = 0.0;
  double weighted_years = 0.0;
  for (const YearFlow& flow : flows) {
    total += flow.cents;
    weighted_years += flow.cents * flow.years;
  }
  if (total <= 0.0 || released_cents <= 0.0 || weighted_years <= 0.0) return 0.0;
  const double guess = std::pow(total / released_cents, total / weighted_years) - 1.0;
  return std::isfinite(guess) ? guess : 0.0;
}

// Safeguarded Newton (rtsafe): keeps a sign-changing bracket [low, high] and falls back
// to bisection in ln(1 + r) whenever a Newton step would leave it. Returns the root.
double SolveBracketed(std::span<const YearFlow> flows, double released_cents, double low,
                      double high, double f_low) {
  double rate = std::clamp(CetGuess(flows, released_cents), low, high);
  if (rate <= low || rate >= high) rate = std::expm1(0.5 * (std::log1p(low) + std::log1p(high)));
  for (int iteration = 0; iteration < kCetMaxIterations; ++iteration) {
    const CetValue value = EvaluateCet(flows, released_cents, rate);
    if (value.f == 0.0) return rate;
    if ((value.f > 0.0) == (f_low > 0.0)) {
      low = rate;
    } else {
      high = rate;
    }
    double next = rate - value.f / value.slope;
    if (!(next > low && next < high)) {
      next = std::expm1(0.5 * (std::log1p(low) + std::log1p(high)));
    }
    const double step = std::abs(next - rate);
    rate = next;
    if (step <= 1e-13 * std::max(1.0, std::abs(rate)) || high - low <= 1e-15) break;
  }
  return rate;
}

}  // namespace

long double ExactPmtCents(Money principal, Rate monthly_rate, int count) {
  FIADO_CHECK(count >= 1);
  const auto principal_cents = static_cast<long double>(principal.cents());
  if (monthly_rate.IsZero()) return principal_cents / count;
  const long double rate = monthly_rate.ToLongDouble();
  const long double growth_minus_one = GrowthMinusOne(rate, count);
  // P·i / (1 − (1 + i)^−n) = P·i·(1 + i)^n / ((1 + i)^n − 1)
  return principal_cents * rate * (1.0L + growth_minus_one) / growth_minus_one;
}

void PriceRows(Money principal, Rate monthly_rate, std::span<PriceRow> out) {
  CheckPlanInputs(principal, monthly_rate, out.size());
  if (monthly_rate.IsZero()) {
    EvenRows(principal.cents(), out);
    return;
  }
  const int count = static_cast<int>(out.size());
  const std::int64_t pmt_cents = RoundHalfUp(ExactPmtCents(principal, monthly_rate, count));
  std::int64_t balance = principal.cents();
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::int64_t interest = InterestCents(balance, monthly_rate);
    // The last installment repays what is left, so the principal is repaid exactly.
    const std::int64_t amount = k + 1 == out.size() ? Add(balance, interest) : pmt_cents;
    const std::int64_t amortization = Subtract(amount, interest);
    balance = Subtract(balance, amortization);
    out[k] = {Money::FromCents(amount), Money::FromCents(interest), Money::FromCents(amortization),
              Money::FromCents(balance)};
  }
}

std::vector<PriceRow> PriceSchedule(Money principal, Rate monthly_rate, int count) {
  FIADO_CHECK(count >= 1 && count <= kMaxInstallments);
  std::vector<PriceRow> rows(static_cast<std::size_t>(count));
  PriceRows(principal, monthly_rate, rows);
  return rows;
}

std::vector<Date> DueDates(Date sale_date, int count, std::optional<Date> first_due,
                           std::optional<int> due_day) {
  FIADO_CHECK(count >= 1 && count <= kMaxInstallments);
  Date first = first_due.value_or(core::AddDays(sale_date, 30));
  const std::chrono::year_month first_month{first.year(), first.month()};
  if (due_day) {
    const Date same_month = core::WithDayClamped(first_month, *due_day);
    first = same_month >= first
                ? same_month
                : core::WithDayClamped(first_month + std::chrono::months{1}, *due_day);
  }
  const std::chrono::year_month anchor{first.year(), first.month()};
  std::vector<Date> dates;
  dates.reserve(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) {
    // Always from the first date, never from the previous one: 31/01 → 28/02 → 31/03.
    dates.push_back(due_day ? core::WithDayClamped(anchor + std::chrono::months{k}, *due_day)
                            : core::AddMonthsClamped(first, k));
  }
  return dates;
}

std::optional<Rate> SolveCet(Money released, Date released_on, std::span<const CashFlow> payments) {
  if (payments.empty()) return std::nullopt;
  // Phase 1: amounts and year fractions once, so each iteration is only exp() calls.
  constexpr std::size_t kInline = 64;
  std::array<YearFlow, kInline> inline_flows;
  std::vector<YearFlow> heap_flows;
  std::span<YearFlow> flows = std::span(inline_flows).first(std::min(payments.size(), kInline));
  if (payments.size() > kInline) {
    heap_flows.resize(payments.size());
    flows = heap_flows;
  }
  for (std::size_t j = 0; j < payments.size(); ++j) {
    flows[j] = {core::DaysBetween(released_on, payments[j].on) / 365.0,
                static_cast<double>(payments[j].amount.cents())};
  }
  // Phase 2: a bracket with a sign change, or no root.
  const auto released_cents = static_cast<double>(released.cents());
  const double f_low = EvaluateCet(flows, released_cents, kCetLowest).f;
  const double f_high = EvaluateCet(flows, released_cents, kCetHighest).f;
  if (f_low == 0.0) return Rate::FromUnits(RoundHalfUp(kCetLowest * core::kRateScale));
  if (f_high == 0.0) return Rate::FromUnits(RoundHalfUp(kCetHighest * core::kRateScale));
  if (!std::isfinite(f_low) || !std::isfinite(f_high) || (f_low > 0.0) == (f_high > 0.0)) {
    return std::nullopt;
  }
  // Phase 3: safeguarded Newton, then round to the rate unit (half away from zero).
  const double root = SolveBracketed(flows, released_cents, kCetLowest, kCetHighest, f_low);
  return Rate::FromUnits(std::llround(root * static_cast<double>(core::kRateScale)));
}

Rate AnnualEffectiveRate(Rate monthly_rate) {
  FIADO_CHECK(monthly_rate.units() >= 0);
  const long double annual = GrowthMinusOne(monthly_rate.ToLongDouble(), 12);
  return Rate::FromUnits(RoundHalfUp(annual * static_cast<long double>(core::kRateScale)));
}

std::vector<SimulatedPlan> Simulate(Money price, Money down_payment, Rate monthly_rate,
                                    Date sale_date, std::span<const int> counts) {
  const Money financed = price - down_payment;
  FIADO_CHECK(financed.IsPositive() && !down_payment.IsNegative());
  std::array<PriceRow, kMaxInstallments> rows_buffer;
  std::array<CashFlow, kMaxInstallments> flows_buffer;
  const Date first_due = core::AddDays(sale_date, 30);
  std::vector<SimulatedPlan> plans;
  plans.reserve(counts.size());
  for (const int count : counts) {
    FIADO_CHECK(count >= 1 && count <= kMaxInstallments);
    const auto size = static_cast<std::size_t>(count);
    const std::span<PriceRow> rows = std::span(rows_buffer).first(size);
    PriceRows(financed, monthly_rate, rows);
    SimulatedPlan plan{.installment_count = count,
                       .installment_amount = rows.front().amount,
                       .last_amount = rows.back().amount,
                       .total = down_payment};
    for (std::size_t k = 0; k < size; ++k) {
      plan.total += rows[k].amount;
      plan.total_interest += rows[k].interest;
      flows_buffer[k] = {core::AddMonthsClamped(first_due, static_cast<int>(k)), rows[k].amount};
    }
    plan.cet_annual = SolveCet(financed, sale_date, std::span(flows_buffer).first(size));
    plans.push_back(plan);
  }
  return plans;
}

}  // namespace fiado::sales
