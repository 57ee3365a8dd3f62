// Installment math (STANDARDS §7): Tabela Price schedules, due dates, the CET of
// Res. CMN 3.517 and the counter simulator. Pure functions of their arguments; money in
// integer centavos, rates as exact decimals, floating point only inside a formula whose
// result is rounded half-up to the centavo (or to the rate unit, 1e-8) before it leaves.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"

namespace fiado::sales {

inline constexpr int kMaxInstallments = 48;

// One row of a Price schedule. For the last row, `amount` = previous balance + interest,
// so the principal is repaid exactly and `balance_after` is zero.
struct PriceRow {
  core::Money amount{};        // what the customer pays
  core::Money interest;        // round(previous balance × monthly rate)
  core::Money amortization{};  // amount − interest
  core::Money balance_after{};
};

// Tabela Price (§7.1) for `principal` > 0 at `monthly_rate` ≥ 0 in `out.size()` (1–48)
// installments: PMT = P·i/(1−(1+i)^−n) rounded half-up; each month interest =
// round(balance·i), amortisation = PMT − interest; the last absorbs the difference.
// With i = 0 the principal splits evenly and the remainder goes to the last one.
// Writes into `out` so a caller can reuse one buffer (no allocation).
// The last row absorbs the rounding drift, which compounds at the rate: at 20 % a.m. × 48
// it can differ from the PMT by tens of reais, and for tiny principals (or such extreme
// terms) it can be ≤ 0 — MakeSale refuses any plan with an installment below R$ 0,01.
void PriceRows(core::Money principal, core::Rate monthly_rate, std::span<PriceRow> out);

// The same rows in a new vector.
std::vector<PriceRow> PriceSchedule(core::Money principal, core::Rate monthly_rate, int count);

// The unrounded PMT in centavos (for the vectors test); i = 0 gives principal / n.
long double ExactPmtCents(core::Money principal, core::Rate monthly_rate, int count);

// Due dates of `count` installments of a sale made on `sale_date`:
//  - the first is `first_due` when given, else sale_date + 30 days, moved to the first
//    date on or after it whose day of the month is `due_day` (clamped to the month's last
//    day) when `due_day` (1–31) is given;
//  - installment k (k ≥ 1) falls k − 1 months after the first, on `due_day` when given,
//    else on the first one's day; a day the month lacks becomes its last day (31/01 →
//    28/02 → 31/03: every date is computed from the first, never from the previous one).
std::vector<core::Date> DueDates(core::Date sale_date, int count,
                                 std::optional<core::Date> first_due, std::optional<int> due_day);

struct CashFlow {
  core::Date on{};
  core::Money amount{};
};

// The CET (§7.2, Res. CMN 3.517): the annual rate that makes the present value of
// `payments` at `released_on` equal `released`, exponents in years of 365 calendar days.
// Solved with a bracketed, safeguarded Newton method on the annual rate in
// (−0.99, 1e6], so monthly rates up to 20 % and beyond converge. Rounded half-up to the
// rate unit (1e-8). nullopt when there is no root in the bracket (payments sum below
// the amount released so far below −99 %, or nothing to pay).
std::optional<core::Rate> SolveCet(core::Money released, core::Date released_on,
                                   std::span<const CashFlow> payments);

// (1 + monthly)^12 − 1, the annual effective rate art. 52 asks for, rounded to the unit.
core::Rate AnnualEffectiveRate(core::Rate monthly_rate);

// One plan of the counter simulator.
struct SimulatedPlan {
  int installment_count = 0;
  core::Money installment_amount;  // the first (and typical) installment
  core::Money last_amount{};       // may differ by the rounding centavos
  core::Money total{};             // down payment + every installment
  core::Money total_interest{};
  std::optional<core::Rate> cet_annual{};
};

// Plans for `counts` installments each, for a price of `price` with `down_payment`
// paid at the sale (financed = price − down payment > 0), first due 30 days after
// `sale_date` and monthly after it. The caller validates the inputs.
std::vector<SimulatedPlan> Simulate(core::Money price, core::Money down_payment,
                                    core::Rate monthly_rate, core::Date sale_date,
                                    std::span<const int> counts);

}  // namespace fiado::sales
