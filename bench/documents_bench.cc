// Documents: the carnê batch target is 1,000 sales × 12 installments to PDF in ≤ 15 s on
// one core (~1.25 ms a slip), each slip with its own Pix QR code and ITF barcode.
// BM_DocumentsCarneBatch renders the whole batch per iteration (its time is the batch's;
// the counters give slips/s and the average PDF size); the others render one document per
// iteration (items_per_second = documents per second).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "documents/barcodes.h"
#include "documents/render.h"
#include "payments/boleto.h"
#include "payments/boleto_banks.h"
#include "payments/pix.h"

namespace fiado::documents {
namespace {

constexpr int kSales = 1'000;
constexpr int kInstallments = 12;

core::Date Day(int year, unsigned month, unsigned day) {
  return core::Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// A static Pix BR Code (STANDARDS §1) with its own amount and txid: ~140 characters.
std::string PixPayload(std::int64_t cents, int sale, int installment) {
  static const payments::PixEncoder encoder =
      payments::PixEncoder::Make("11222333000181", "LOJA EXEMPLO LTDA", "SAO PAULO",
                                 "Parcela do carne")
          .value();
  return encoder
      .Encode(core::Money::FromCents(cents), fmt::format("CARNE{:06}P{:02}", sale, installment))
      .value();
}

// A Banco do Brasil boleto (STANDARDS §2), convênio of 7 digits.
BoletoCode Boleto(std::int64_t cents, core::Date due, std::int64_t sequence) {
  const stores::BankAgreement bank{.bank_code = "001",
                                   .agency = "4042",
                                   .account = "61900",
                                   .wallet = "18",
                                   .agreement = "1238798"};
  const auto title = payments::MakeTitle(bank, sequence, Day(2026, 2, 8)).value();
  const std::string barcode =
      payments::MakeBarcode("001", due, core::Money::FromCents(cents), title.campo_livre).value();
  return {"Banco do Brasil",
          "001-9",
          barcode,
          payments::FormatLinha(payments::LinhaFromBarcode(barcode)),
          title.nosso_numero,
          title.beneficiary};
}

Carne MakeCarne(int sale) {
  Carne carne;
  carne.issuer = {
      "Móveis Crediário São Jorge Ltda", "11.222.333/0001-81", "Rua das Flores, 100, Centro",
      "São Paulo/SP, CEP 01001-000",     "(11) 3333-4444",     "contato@saojorge.com.br"};
  carne.payer = {fmt::format("Cliente Número {} da Silva", sale), "529.982.247-25", ""};
  carne.sale_reference = fmt::format("V-{:06}", sale);
  carne.sale_description = "Sofá retrátil 3 lugares e mesa de centro";
  carne.sale_date = Day(2026, 2, 8);
  carne.late_charge_rule =
      "Após o vencimento: multa de 2,00% e juros de mora de 1,00% ao mês, pro rata dia.";
  for (int n = 1; n <= kInstallments; ++n) {
    const std::int64_t cents = 5'000 + (sale * 37 + n * 101) % 90'000;
    CarneSlip slip;
    slip.number = n;
    slip.count = kInstallments;
    slip.due_date = Day(2026 + n / 12, static_cast<unsigned>(n % 12 + 1), 10);
    slip.amount = core::Money::FromCents(cents);
    slip.pix_payload = PixPayload(cents, sale, n);
    slip.boleto = Boleto(cents, slip.due_date, sale * 100LL + n);
    carne.slips.push_back(std::move(slip));
  }
  return carne;
}

void BM_DocumentsCarneBatch(benchmark::State& state) {
  std::vector<Carne> batch;
  for (int sale = 1; sale <= kSales; ++sale) batch.push_back(MakeCarne(sale));
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    for (const Carne& carne : batch) {
      const auto pdf = RenderCarnePdf(carne);
      if (!pdf) {
        state.SkipWithError(pdf.error().Describe().c_str());
        return;
      }
      bytes += pdf->size();
    }
  }
  const auto slips = static_cast<double>(kSales * kInstallments);
  state.counters["slips_per_second"] = benchmark::Counter(
      slips * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["kb_per_pdf"] = static_cast<double>(bytes) / kSales / 1024.0;
  state.SetItemsProcessed(state.iterations() * kSales);  // documents
}
BENCHMARK(BM_DocumentsCarneBatch)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_DocumentsCarnePdf(benchmark::State& state) {
  const Carne carne = MakeCarne(42);
  for (auto _ : state) benchmark::DoNotOptimize(RenderCarnePdf(carne));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DocumentsCarnePdf)->Unit(benchmark::kMillisecond);

void BM_DocumentsQrEncode(benchmark::State& state) {
  const std::string payload = PixPayload(9'456, 42, 3);
  for (auto _ : state) benchmark::DoNotOptimize(EncodeQr(payload));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DocumentsQrEncode)->Unit(benchmark::kMicrosecond);

Receipt MakeReceipt() {
  Receipt r;
  r.issuer = MakeCarne(1).issuer;
  r.payer = {"Maria da Conceição Araújo", "529.982.247-25", ""};
  r.payment_id = "PG-2026-000457";
  r.paid_on = Day(2026, 4, 14);
  r.recorded_at = "14/04/2026 15:42";
  r.method = "Pix";
  r.amount = core::Money::FromCents(20'000);
  const auto c = [](std::int64_t cents) { return core::Money::FromCents(cents); };
  r.lines = {{1, 12, "Sofá", Day(2026, 3, 10), c(189), c(113), c(9'456), {}},
             {2, 12, "Sofá", Day(2026, 4, 10), {}, {}, c(9'456), c(743)}};
  for (unsigned m = 5; m <= 12; ++m)
    r.open.push_back({static_cast<int>(m) - 2, 12, "Sofá", Day(2026, m, 10), c(9'456), false});
  r.open_total = c(9'456 * 8);
  r.recorded_by = "Ana";
  return r;
}

void BM_DocumentsReceipt(benchmark::State& state) {
  const Receipt receipt = MakeReceipt();
  const PaperSize paper = state.range(0) == 0 ? PaperSize::kA4 : PaperSize::kThermal80mm;
  for (auto _ : state) benchmark::DoNotOptimize(RenderReceiptPdf(receipt, paper));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DocumentsReceipt)->ArgName("thermal")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_DocumentsContract(benchmark::State& state) {
  Contract contract;
  contract.issuer = MakeCarne(1).issuer;
  contract.payer = {"Maria da Conceição Araújo", "529.982.247-25", "Rua Augusta, 1500"};
  contract.sale_reference = "V-000123";
  contract.sale_date = Day(2026, 2, 8);
  contract.description = "Sofá retrátil 3 lugares e mesa de centro";
  contract.place = "São Paulo/SP";
  for (int n = 1; n <= 24; ++n) {
    contract.schedule.push_back({n, Day(2026 + n / 12, static_cast<unsigned>(n % 12 + 1), 10),
                                 core::Money::FromCents(5'281), core::Money::FromCents(1'000),
                                 core::Money::FromCents(4'281)});
  }
  contract.disclosure.price = core::Money::FromCents(120'000);
  contract.disclosure.installment_count = 24;
  for (auto _ : state) benchmark::DoNotOptimize(RenderContractPdf(contract));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DocumentsContract)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fiado::documents
