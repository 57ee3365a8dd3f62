// Fixtures for the documents tests: a shop, a customer, real Pix payloads and boleto
// codes from STANDARDS.md (§1.3 C1, C3, P3; §2.4), and builders for a carnê, a receipt
// and a contract.
#pragma once

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "documents/model.h"

namespace fiado::documents::testing {

inline core::Date D(int year, unsigned month, unsigned day) {
  return core::Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

inline core::Money Cents(std::int64_t cents) { return core::Money::FromCents(cents); }

// STANDARDS §1.3.
inline const std::string kPixC1 =
    "00020126360014br.gov.bcb.pix011411222333000181520400005303986540594.565802BR5917LOJA "
    "EXEMPLO LTDA6009SAO PAULO62180514CARNE000123P0163046E62";
inline const std::string kPixC3 =
    "00020126540014br.gov.bcb.pix0116loja@example.com0212Parcela "
    "3/1052040000530398654071500.005802BR5912LOJA EXEMPLO6006RECIFE62100506A1B2C36304B47B";
inline const std::string kPixP3 =
    "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.005802BR"
    "5914Thales Ogliari6015SAO MIGUEL DO O62070503***63044367";

// STANDARDS §2.4: barcode and linha digitável pairs.
struct BoletoVector {
  std::string barcode;
  std::string linha;
};
inline const std::vector<BoletoVector> kBoletos = {
    {"00192138100000094560000001238798977770016818",
     "00190.00009 01238.798977 77700.168188 2 13810000009456"},
    {"00193373700000001000500940144816060680935031",
     "00190.50095 40144.816069 06809.350314 3 37370000000100"},
    {"23795422300002952951172060007589645204030050",
     "23791.17209 60007.589645 52040.300502 5 42230000295295"},
    {"00191684600002246740000001474166000000032817",
     "00190.00009 01474.166004 00000.328179 1 68460000224674"},
};

inline Issuer Shop() {
  return {"Móveis Crediário São Jorge Ltda", "11.222.333/0001-81", "Rua das Flores, 100, Centro",
          "São Paulo/SP, CEP 01001-000",     "(11) 3333-4444",     "contato@saojorge.com.br"};
}

inline Payer Customer() {
  return {"Maria da Conceição Araújo", "529.982.247-25", "Rua Augusta, 1500, ap. 32, Consolação"};
}

inline BoletoCode Boleto(std::size_t vector) {
  return {"Banco do Brasil",        "001-9",
          kBoletos[vector].barcode, kBoletos[vector].linha,
          "12387989777700168-4",    "1234-5 / 0012345-6"};
}

// A carnê of `count` slips, 10/03/2026 onwards, R$ 94,56 each; slip i carries a Pix
// payload and a boleto from the vectors above (cycling).
inline Carne MakeCarne(int count) {
  Carne carne;
  carne.issuer = Shop();
  carne.payer = Customer();
  carne.sale_reference = "V-000123";
  carne.sale_description = "Sofá retrátil 3 lugares e mesa de centro";
  carne.sale_date = D(2026, 2, 8);
  carne.late_charge_rule =
      "Após o vencimento: multa de 2,00% e juros de mora de 1,00% ao mês, pro rata dia.";
  const std::vector<std::string> payloads = {kPixC1, kPixC3, kPixP3};
  for (int i = 0; i < count; ++i) {
    CarneSlip slip;
    slip.number = i + 1;
    slip.count = count;
    slip.due_date = D(2026, 3 + static_cast<unsigned>(i % 9), 10);
    slip.amount = Cents(9456);
    slip.pix_payload = payloads[static_cast<std::size_t>(i) % payloads.size()];
    slip.boleto = Boleto(static_cast<std::size_t>(i) % kBoletos.size());
    carne.slips.push_back(slip);
  }
  return carne;
}

inline Receipt MakeReceipt() {
  Receipt r;
  r.issuer = Shop();
  r.payer = Customer();
  r.payment_id = "PG-2026-000457";
  r.paid_on = D(2026, 4, 14);
  r.recorded_at = "14/04/2026 15:42";
  r.method = "Pix";
  r.amount = Cents(20000);
  r.credit_change = Cents(329);
  r.lines = {
      {1, 12, "Sofá retrátil", D(2026, 3, 10), Cents(189), Cents(113), Cents(9456), {}},
      {2, 12, "Sofá retrátil", D(2026, 4, 10), {}, {}, Cents(9456), Cents(743)},
  };
  r.open = {
      {3, 12, "Sofá retrátil", D(2026, 5, 10), Cents(9456), false},
      {4, 12, "Sofá retrátil", D(2026, 6, 10), Cents(9456), false},
  };
  r.open_total = Cents(18912);
  r.credit_balance = Cents(329);
  r.recorded_by = "Ana (caixa)";
  return r;
}

// A Price schedule of `count` installments of a R$ 1.000,00 financing at 1,99% a.m.
inline Contract MakeContract(int count) {
  Contract c;
  c.issuer = Shop();
  c.payer = Customer();
  c.sale_reference = "V-000123";
  c.sale_date = D(2026, 2, 8);
  c.description = "Sofá retrátil 3 lugares e mesa de centro";
  c.place = "São Paulo/SP";
  const double rate = 0.0199;
  const auto payment =
      static_cast<std::int64_t>(std::llround(100000.0 * rate / (1 - std::pow(1 + rate, -count))));
  std::int64_t balance = 100000;
  core::Money total;
  for (int n = 1; n <= count; ++n) {
    const auto interest =
        static_cast<std::int64_t>(std::llround(static_cast<double>(balance) * rate));
    const std::int64_t amortization = n == count ? balance : payment - interest;
    balance -= amortization;
    c.schedule.push_back({n, D(2026 + (n + 1) / 12, static_cast<unsigned>((n + 1) % 12 + 1), 10),
                          Cents(interest + amortization), Cents(interest), Cents(amortization)});
    total += Cents(interest + amortization);
  }
  sales::Disclosure& d = c.disclosure;
  d.price = Cents(120000);
  d.down_payment = Cents(20000);
  d.financed = Cents(100000);
  d.monthly_rate = core::Rate::FromBps(199);
  d.annual_rate = core::Rate::FromUnits(26'682503);
  d.cet_annual = core::Rate::FromUnits(27'120000);
  d.late_fee_rate = core::Rate::FromBps(200);
  d.moratory_monthly_rate = core::Rate::FromBps(100);
  d.installment_count = count;
  d.installment_amount = c.schedule.front().amount;
  d.last_installment_amount = c.schedule.back().amount;
  d.total_with_financing = d.down_payment + total;
  d.total_without_financing = d.price;
  d.total_interest = total - d.financed;
  return c;
}

}  // namespace fiado::documents::testing
