// Pix BR Code: one code with full validation (EncodePix), a carnê's codes from one
// PixEncoder (target ≥ 5 M payloads/s on one core) and decoding. items_per_second is
// payloads per second.
#include <benchmark/benchmark.h>

#include <array>
#include <string>

#include "payments/pix.h"

namespace fiado::payments {
namespace {

using core::Money;

// A different amount each iteration so nothing is hoisted out of the loop.
Money NextAmount(std::int64_t& cents) {
  cents = 1'000 + (cents * 7 + 13) % 5'000'000;
  return Money::FromCents(cents);
}

void BM_PixEncode(benchmark::State& state) {
  PixCharge charge{.key = "11.222.333/0001-81",
                   .merchant_name = "Loja Exemplo São João",
                   .merchant_city = "São Paulo",
                   .amount = std::nullopt,
                   .txid = "CARNE000123P01",
                   .info = "Parcela 3/10"};
  std::int64_t cents = 9'456;
  for (auto _ : state) {
    charge.amount = NextAmount(cents);
    benchmark::DoNotOptimize(EncodePix(charge));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PixEncode);

void BM_PixEncoderBatch(benchmark::State& state) {
  const auto encoder =
      PixEncoder::Make("11.222.333/0001-81", "Loja Exemplo São João", "São Paulo", "Carnê");
  if (!encoder) {
    state.SkipWithError(encoder.error().message_pt.c_str());
    return;
  }
  // Txids of a 12-installment carnê, built once like a caller would.
  std::array<std::string, 12> txids;
  for (std::size_t i = 0; i < txids.size(); ++i) txids[i] = "CARNE000123P" + std::to_string(i + 1);
  std::int64_t cents = 9'456;
  std::size_t parcel = 0;
  for (auto _ : state) {
    parcel = parcel + 1 == txids.size() ? 0 : parcel + 1;
    benchmark::DoNotOptimize(encoder->Encode(NextAmount(cents), txids[parcel]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PixEncoderBatch);

void BM_PixDecode(benchmark::State& state) {
  const auto encoder = PixEncoder::Make("loja@example.com", "LOJA EXEMPLO", "RECIFE", "Parcela");
  if (!encoder) {
    state.SkipWithError(encoder.error().message_pt.c_str());
    return;
  }
  std::array<std::string, 64> payloads;
  std::int64_t cents = 9'456;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    payloads[i] = encoder->Encode(NextAmount(cents), "A1B2C3" + std::to_string(i)).value();
  }
  std::size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(DecodePix(payloads[next]));
    next = (next + 1) % payloads.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PixDecode);

}  // namespace
}  // namespace fiado::payments
