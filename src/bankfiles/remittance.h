// The CNAB 240 remittance (arquivo remessa) that registers a shop's boletos at its bank
// (STANDARDS §3.1): file header, one lot of cobrança (operação R, serviço 01) with segments
// P, Q and R for each title, lot trailer, file trailer; every line 240 characters and CRLF.
// A pure writer: the caller owns the values, checks nothing in storage, and stores the file.
// Either the whole file is written or an error names the first field at fault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"
#include "core/rate.h"
#include "stores/store.h"

namespace fiado::bankfiles {

// The customer who pays the boleto (pagador), as segment Q carries it. Name, address,
// district and city are folded to upper-case ASCII ("João" → "JOAO"), punctuation becomes a
// space, and they are cut to their fields (40, 40, 15, 15): banks only print that much.
struct RemittancePayer {
  std::string document;     // CPF (11) or CNPJ (14), digits only
  std::string name;         // required
  std::string address;      // street, number and complement; required
  std::string district;     // bairro, may be empty
  std::string postal_code;  // CEP, 8 digits
  std::string city;         // required
  std::string state;        // UF, two upper-case letters
};

struct RemittanceTitle {
  std::string nosso_numero_digits;  // payments::MakeTitle → BoletoTitle::nosso_numero_digits
  // Seu número, printed on the boleto: letters, digits, '-', '/', '.' (upper-cased); ≤ 15
  // characters (≤ 11 at Caixa).
  std::string document_number;
  // Our own id of the title (same characters, ≤ 25, may be empty); the bank sends it back
  // in the return's segment T 106–130, upper-cased.
  std::string company_use;
  core::Date issue_date{};
  core::Date due_date{};
  core::Money face_value{};
  // Multa: a percentage of the face value from the day after the due date; whole basis
  // points, at most 2 % (CDC art. 52 §1). Zero = no multa.
  core::Rate late_fee_rate{};
  // Juros de mora, simple, at most 1 % a month (stores::kMaxMoratoryMonthlyRate); written
  // as an amount a day from the day after the due date: face × rate / 30 rounded half up
  // to the centavo. Zero, or an amount a day that rounds to 0, is written as "isento".
  core::Rate moratory_monthly_rate{};
  // Desconto: a fixed amount off when paid up to `discount_until` (≤ due date). Both or
  // neither.
  std::optional<core::Money> discount{};
  std::optional<core::Date> discount_until{};
  RemittancePayer payer{};
};

struct Remittance {
  stores::BankAgreement agreement{};  // checked with payments::CheckAgreement, plus below
  std::string company_document;       // the shop's CNPJ (14) or CPF (11), digits only
  std::string company_name;           // folded and cut to 30 like the payer's name
  // Banco do Brasil only: variação da carteira (3 digits) from the shop's contract.
  std::string bb_wallet_variation{};
  std::int64_t file_sequence = 0;  // NSA: 1, 2, 3… per agreement, never reused
  core::Date generated_on{};
  int generated_hhmmss = 0;  // 0–235959
  std::vector<RemittanceTitle> titles;
};

// True for the banks whose CNAB 240 cobrança remittance Fiado writes: 001 Banco do Brasil
// (convênio of 7 digits, wallets 11, 12, 17), 104 Caixa (SIGCB), 748 Sicredi, 756 Sicoob.
// Bradesco, Itaú and Santander have their own 240 layouts that are not implemented.
bool WritesRemittance240(std::string_view bank_code);

// The whole file, 240 characters a line, each line ending in CRLF. Errors (kInvalidArgument,
// message in Portuguese) name the field: "agreement.bank_code" for a bank without a writer,
// "agreement.account" and the other agreement fields the bank's layout needs,
// "company_document", "file_sequence", "titles" when empty or above 33.333 titles,
// "titles[3].late_fee_rate" above 2 %, "titles[0].payer.postal_code", … Identifiers and
// amounts that do not fit their fields are errors; descriptive text is cut.
core::Result<std::string> WriteRemittance240(const Remittance& remittance);

}  // namespace fiado::bankfiles
