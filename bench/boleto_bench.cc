// Boleto codes: barcode → linha digitável over a few thousand precomputed barcodes (target
// ≥ 10 M linhas/s on one core, into a reused buffer), the same returning a string, a full
// decode of a typed linha (checks, due date, amount), and a title + barcode per bank.
// items_per_second is codes per second.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "payments/boleto.h"
#include "payments/boleto_banks.h"

namespace fiado::payments {
namespace {

using core::Date;
using core::Money;

const Date kToday{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{10}};
constexpr std::size_t kCodes = 4096;  // a power of two: the index wraps with a mask

// Deterministic pseudo-random barcodes: varied banks, campo livre, due dates and amounts.
std::vector<std::string> MakeBarcodes() {
  const std::array<const char*, 7> banks = {"001", "033", "104", "237", "341", "748", "756"};
  std::vector<std::string> barcodes;
  barcodes.reserve(kCodes);
  std::uint64_t seed = 0x9e3779b97f4a7c15u;
  for (std::size_t i = 0; i < kCodes; ++i) {
    std::string campo_livre;
    for (int k = 0; k < 25; ++k) {
      seed = seed * 6364136223846793005u + 1442695040888963407u;
      campo_livre.push_back(static_cast<char>('0' + (seed >> 33) % 10));
    }
    const Date due = core::AddDays(kToday, static_cast<int>(i % 2000) - 1000);
    const auto cents = static_cast<std::int64_t>(1 + (seed >> 20) % 10'000'000);
    barcodes.push_back(
        *MakeBarcode(banks[i % banks.size()], due, Money::FromCents(cents), campo_livre));
  }
  return barcodes;
}

void BM_BoletoLinhaFromBarcode(benchmark::State& state) {
  const std::vector<std::string> barcodes = MakeBarcodes();
  std::array<char, kLinhaLength> linha{};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(LinhaFromBarcode(barcodes[i], linha));
    benchmark::DoNotOptimize(linha.data());
    benchmark::ClobberMemory();
    i = (i + 1) & (kCodes - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BoletoLinhaFromBarcode);

// The allocating form (one 47-byte string per call).
void BM_BoletoLinhaFromBarcodeString(benchmark::State& state) {
  const std::vector<std::string> barcodes = MakeBarcodes();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(LinhaFromBarcode(barcodes[i]));
    i = (i + 1) & (kCodes - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BoletoLinhaFromBarcodeString);

// A typed, formatted linha read back: separators, three field DVs, general DV, due date.
void BM_BoletoDecode(benchmark::State& state) {
  std::vector<std::string> linhas;
  linhas.reserve(kCodes);
  for (const std::string& barcode : MakeBarcodes()) {
    linhas.push_back(FormatLinha(LinhaFromBarcode(barcode)));
  }
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(DecodeBoleto(linhas[i], kToday));
    i = (i + 1) & (kCodes - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BoletoDecode);

stores::BankAgreement Agreement(const char* bank, const char* agency, const char* account,
                                const char* wallet, const char* agreement,
                                const char* station = "") {
  stores::BankAgreement a;
  a.bank_code = bank;
  a.agency = agency;
  a.account = account;
  a.wallet = wallet;
  a.agreement = agreement;
  a.station = station;
  return a;
}

// Issuing one boleto: agreement check, nosso número with its DV, campo livre, barcode.
void BM_BoletoMakeTitleAndBarcode(benchmark::State& state) {
  const std::array<stores::BankAgreement, 7> agreements = {
      Agreement("001", "3174", "00011672", "17", "1474166"),
      Agreement("033", "0059", "013000123", "102", "1899775"),
      Agreement("104", "1825", "", "RG", "245274"),
      Agreement("237", "1172", "0403005", "09", ""),
      Agreement("341", "0810", "53678", "109", ""),
      Agreement("748", "0710", "", "1", "129", "65"),
      Agreement("756", "4327", "", "1", "229385")};
  const stores::BankAgreement& agreement = agreements[static_cast<std::size_t>(state.range(0))];
  std::int64_t sequence = 1;
  for (auto _ : state) {
    const auto title = MakeTitle(agreement, sequence, kToday);
    const auto cents = static_cast<std::int64_t>(100 + sequence % 100'000);
    benchmark::DoNotOptimize(MakeBarcode(agreement.bank_code, core::AddDays(kToday, 30),
                                         Money::FromCents(cents), title->campo_livre));
    sequence = sequence % 99'999 + 1;  // fits every bank's field
  }
  state.SetLabel(agreement.bank_code);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BoletoMakeTitleAndBarcode)->ArgName("bank")->DenseRange(0, 6);

}  // namespace
}  // namespace fiado::payments
