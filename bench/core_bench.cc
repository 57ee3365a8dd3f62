// Core values on the hot paths of the daily run and of imports: parsing and formatting
// money, validating documents, business-day and local-date questions.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/calendar.h"
#include "core/money.h"
#include "core/tax_id.h"
#include "core/time_zone.h"

namespace fiado::core {
namespace {

void BM_MoneyParse(benchmark::State& state) {
  const std::vector<std::string> inputs = {"R$ 1.234,56", "1234.56", "-10,00", "987.654.321,09"};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Money::Parse(inputs[i++ % inputs.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MoneyParse);

void BM_MoneyFormat(benchmark::State& state) {
  std::int64_t cents = 123456789;
  for (auto _ : state) benchmark::DoNotOptimize(Money::FromCents(cents++).Format());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MoneyFormat);

void BM_CpfParse(benchmark::State& state) {
  const std::vector<std::string> inputs = {"529.982.247-25", "11144477735", "390.533.447-05"};
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(Cpf::Parse(inputs[i++ % inputs.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CpfParse);

void BM_CnpjParseAlphanumeric(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Cnpj::Parse("12.ABC.345/01DE-35"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CnpjParseAlphanumeric);

// One question per installment of a portfolio: is its due date a business day?
void BM_IsBusinessDay(benchmark::State& state) {
  const BusinessCalendar calendar({LocalHoliday::Make(1, 25, std::nullopt, "Aniversário").value()});
  const std::chrono::sys_days start{std::chrono::year{2026} / 1 / 1};
  int offset = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(calendar.IsBusinessDay(Date{start + std::chrono::days{offset}}));
    offset = (offset + 1) % 3650;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IsBusinessDay);

void BM_OnOrNextBusinessDay(benchmark::State& state) {
  const BusinessCalendar calendar;
  const std::chrono::sys_days start{std::chrono::year{2026} / 1 / 1};
  int offset = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(calendar.OnOrNextBusinessDay(Date{start + std::chrono::days{offset}}));
    offset = (offset + 1) % 3650;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OnOrNextBusinessDay);

void BM_BusinessCalendarBuild(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(BusinessCalendar());
}
BENCHMARK(BM_BusinessCalendarBuild);

void BM_LocalDateSaoPaulo(benchmark::State& state) {
  const TimeZone zone = TimeZone::Named(kDefaultTimeZone).value();
  Instant at = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
  for (auto _ : state) {
    benchmark::DoNotOptimize(zone.LocalDate(at));
    at += std::chrono::minutes(17);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LocalDateSaoPaulo);

}  // namespace
}  // namespace fiado::core
