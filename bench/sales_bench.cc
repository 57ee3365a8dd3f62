// Installment math at the counter and in bulk recalculation: Price schedules into a reused
// buffer (target ≥ 5 M twelve-installment schedules/s on one core), schedule + CET
// (target ≥ 500 k/s), the 20 % a.m. × 48 corner, the counter simulator and a whole sale.
// items_per_second is schedules (or plans, or sales) per second.
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "sales/plan.h"
#include "sales/sale.h"

namespace fiado::sales {
namespace {

using core::Date;
using core::Money;
using core::Rate;

const Date kSaleDate{std::chrono::year{2025}, std::chrono::month{1}, std::chrono::day{15}};

// A different principal each iteration so nothing is hoisted out of the loop.
Money NextPrincipal(std::int64_t& cents) {
  cents = 50'000 + (cents * 7 + 13) % 5'000'000;
  return Money::FromCents(cents);
}

void BM_PriceRows(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const Rate rate = Rate::FromUnits(state.range(1));
  std::array<PriceRow, kMaxInstallments> buffer;
  const std::span<PriceRow> rows = std::span(buffer).first(count);
  std::int64_t cents = 123'456;
  for (auto _ : state) {
    PriceRows(NextPrincipal(cents), rate, rows);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PriceRows)
    ->ArgNames({"n", "rate_units"})
    ->Args({12, 2'990'000})    // 2,99 % a.m.
    ->Args({12, 0})            // interest-free
    ->Args({48, 20'000'000});  // 20 % a.m.

// Schedule + CET of one plan: due dates are the same for every plan of a day (the
// simulator's case), so they are computed once; amounts change every iteration.
void BM_ScheduleAndCet(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  const Rate rate = Rate::FromUnits(state.range(1));
  const std::vector<Date> due = DueDates(kSaleDate, count, std::nullopt, std::nullopt);
  std::array<PriceRow, kMaxInstallments> rows;
  std::array<CashFlow, kMaxInstallments> flows;
  const auto size = static_cast<std::size_t>(count);
  std::int64_t cents = 123'456;
  for (auto _ : state) {
    const Money principal = NextPrincipal(cents);
    PriceRows(principal, rate, std::span(rows).first(size));
    for (std::size_t k = 0; k < size; ++k) flows[k] = {due[k], rows[k].amount};
    benchmark::DoNotOptimize(SolveCet(principal, kSaleDate, std::span(flows).first(size)));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScheduleAndCet)
    ->ArgNames({"n", "rate_units"})
    ->Args({12, 2'990'000})
    ->Args({48, 14'900'000})  // where the npm RATE solvers fail
    ->Args({48, 20'000'000});

void BM_DueDates(benchmark::State& state) {
  int offset = 0;
  for (auto _ : state) {
    const Date sale = core::AddDays(kSaleDate, offset);
    offset = (offset + 1) % 365;
    benchmark::DoNotOptimize(DueDates(sale, 12, std::nullopt, 10));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DueDates);

// The counter simulator: one price, plans of 1 to 12 installments (items = plans).
void BM_Simulate(benchmark::State& state) {
  std::array<int, 12> counts;
  for (std::size_t k = 0; k < counts.size(); ++k) counts[k] = static_cast<int>(k) + 1;
  std::int64_t cents = 123'456;
  for (auto _ : state) {
    const Money price = NextPrincipal(cents) + Money::FromCents(10'000);
    benchmark::DoNotOptimize(
        Simulate(price, Money::FromCents(10'000), Rate::FromBps(399), kSaleDate, counts));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(counts.size()));
}
BENCHMARK(BM_Simulate);

// A whole sale: validation, schedule, due dates, disclosure with CET.
void BM_MakeSale(benchmark::State& state) {
  SaleDraft draft;
  draft.description = "Geladeira Frost Free 380 L";
  draft.price = Money::FromCents(350'000);
  draft.down_payment = Money::FromCents(50'000);
  draft.installment_count = 12;
  draft.monthly_rate = Rate::FromBps(399);
  draft.sale_date = kSaleDate;
  const stores::CreditTerms terms{};
  const SaleId id = SaleId::Parse("019a8b2c-0000-7000-8000-0000000005a1").value();
  for (auto _ : state) benchmark::DoNotOptimize(MakeSale(draft, terms, id, kSaleDate));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MakeSale);

}  // namespace
}  // namespace fiado::sales
