// What the printed documents show, as plain values: the carnê (one slip per installment
// with its Pix and boleto codes), the payment receipt and the sale contract. The
// documents service fills them from the ledger; the renderers only lay them out, so they
// know nothing of storage or of how the codes were made.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"
#include "sales/sale.h"

namespace fiado::documents {

// The shop that issues the document (CDC art. 42-A: name, address and CNPJ/CPF on every
// collection document).
struct Issuer {
  std::string name{};
  std::string legal_id{};      // formatted: "11.222.333/0001-81" or a CPF
  std::string address_line{};  // "Rua das Flores, 100, Centro"
  std::string city_line{};     // "São Paulo/SP, CEP 01001-000"
  std::string phone{};         // formatted, may be empty
  std::string email{};         // may be empty
};

// The customer.
struct Payer {
  std::string name{};
  std::string tax_id{};        // formatted CPF, may be empty
  std::string address_line{};  // may be empty
};

// A boleto's codes, present when the shop has a bank agreement.
struct BoletoCode {
  std::string bank_name{};         // "Banco do Brasil"
  std::string bank_code{};         // "001-9" as printed in the ficha's header
  std::string barcode{};           // 44 digits, drawn as ITF
  std::string linha{};             // 47 digits formatted "00190.00009 01238.798977 ..."
  std::string nosso_numero{};      // formatted with its check digit as the bank prints it
  std::string beneficiary_code{};  // "agência / código do beneficiário"
};

struct CarneSlip {
  int number = 0;  // installment n of count
  int count = 0;
  core::Date due_date{};
  core::Money amount{};  // what the slip charges (face, or updated value on a reprint)
  // A reprint "updated to" a date shows the face and the charges separately.
  std::optional<core::Date> updated_to{};
  core::Money face_amount{};
  core::Money charges{};      // late fee + interest up to updated_to
  std::string pix_payload{};  // BR Code copy-and-paste text; empty = no Pix
  std::string txid{};
  std::optional<BoletoCode> boleto{};
};

struct Carne {
  Issuer issuer{};
  Payer payer{};
  std::string sale_reference{};  // short printable id of the sale
  std::string sale_description{};
  core::Date sale_date{};
  // "Após o vencimento: multa de 2,00% e juros de mora de 1,00% ao mês, pro rata dia."
  std::string late_charge_rule{};
  std::vector<CarneSlip> slips{};  // in the order to print
};

struct ReceiptLine {
  int number = 0;  // installment n of count
  int count = 0;
  std::string sale_description{};
  core::Date due_date{};
  core::Money late_fee{};
  core::Money interest{};
  core::Money principal{};
  core::Money discount{};  // early-payment reduction
};

struct OpenItem {
  int number = 0;
  int count = 0;
  std::string sale_description{};
  core::Date due_date{};
  core::Money updated_value{};  // on the receipt's date
  bool overdue = false;
};

struct Receipt {
  Issuer issuer{};
  Payer payer{};
  std::string payment_id{};
  core::Date paid_on{};
  std::string recorded_at{};    // local date and time text, "22/11/2026 14:05"
  std::string method{};         // "Pix", "Dinheiro", ...
  core::Money amount{};         // cash received
  core::Money credit_used{};    // customer credit used by this payment
  core::Money credit_change{};  // overpayment kept as credit (positive) or used (negative)
  std::vector<ReceiptLine> lines{};
  std::vector<OpenItem> open{};  // what remains open after it
  core::Money open_total{};
  core::Money credit_balance{};
  std::string recorded_by{};
  std::optional<std::string> reversal{};  // "Estornado em 23/11/2026: motivo"
};

enum class PaperSize { kA4, kThermal80mm };

struct Contract {
  Issuer issuer{};
  Payer payer{};
  std::string sale_reference{};
  core::Date sale_date{};
  std::string description{};
  sales::Disclosure disclosure{};
  std::vector<sales::Installment> schedule{};
  std::string place{};  // city for "local e data"
};

}  // namespace fiado::documents
