// CNAB bank files of cobrança (STANDARDS §3): the return files a bank sends back
// (CNAB 240 segments T + U, CNAB 400 per-bank detail records) read as a stream of titles in
// constant memory, and the CNAB 240 remittance (segments P, Q, R) that registers boletos.
// Money is integer centavos and the nosso número stays text. Readers are tolerant of what
// real files do to their bytes (CRLF or LF, a UTF-8 byte-order mark, UTF-16, trailing
// blanks trimmed) and strict about what matters: record types, numeric fields, and the
// trailers' counts and totals, each problem reported with its line and field.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"

namespace fiado::bankfiles {

enum class CnabLayout { k240, k400 };
std::string_view LayoutName(CnabLayout layout);  // "cnab240", "cnab400"

// What the file header says about the file and the shop's account.
struct CnabFileInfo {
  CnabLayout layout = CnabLayout::k240;
  std::string bank_code{};         // COMPE, "001"
  std::string bank_name{};         // as in the header, trimmed
  std::string variant{};           // per-bank reading used: "febraban", "santander", "cbr643"...
  std::string company_document{};  // CPF/CNPJ digits of the shop when the header has them
  std::string agreement{};         // convênio / código da empresa, trimmed, leading zeros kept
  std::string agency{};            // digits, trimmed
  std::string account{};           // digits, trimmed
  std::optional<core::Date> file_date{};
  std::int64_t file_sequence = 0;  // NSA / número do retorno, 0 when absent
};

// One title of a return file: a T + U pair (240) or a detail record (400).
struct ReturnTitle {
  std::int64_t line = 0;          // 1-based line of the T segment / detail record
  std::string nosso_numero{};     // the bank's field, trimmed of blanks (never parsed as a number)
  std::string wallet{};           // carteira as in the file
  std::string document_number{};  // número do documento / seu número, trimmed
  std::string company_use{};      // identificação do título na empresa, trimmed
  std::string occurrence{};       // código de movimento / ocorrência, 2 characters: "06"
  std::vector<std::string> reasons{};  // motivos, non-blank non-zero codes (2 characters;
                                       // 3 in Santander's and Caixa's CNAB 400)
  std::optional<core::Date> due_date{};
  core::Money face_value{};    // valor nominal do título
  core::Money paid{};          // valor pago pelo pagador
  core::Money net_credited{};  // valor líquido creditado (0 when the layout has none)
  core::Money charges{};       // juros + multa + encargos (acréscimos)
  core::Money discount{};      // desconto concedido
  core::Money rebate{};        // abatimento
  core::Money iof{};
  core::Money fee{};  // tarifa / despesas de cobrança
  core::Money other_expenses{};
  core::Money other_credits{};
  std::optional<core::Date> occurrence_date{};  // the payment date for liquidations
  std::optional<core::Date> credit_date{};
  std::string collecting_bank{};  // banco cobrador/recebedor
  std::string collecting_agency{};
  std::string payer_document{};  // CPF/CNPJ digits without leading padding zeros beyond 11/14
  std::string payer_name{};
  // The file's layout and bank (as in its header), so a sink needs nothing else to label it.
  CnabLayout layout = CnabLayout::k240;
  std::string bank_code{};
};

// A problem found in a file: the 1-based line (0 = the whole file), the field and what is
// wrong, in Portuguese for the shop ("total pago do trailer difere da soma dos títulos").
struct CnabProblem {
  std::int64_t line = 0;
  std::string field{};
  std::string message{};
};

struct ReturnSummary {
  CnabFileInfo info{};
  std::int64_t lines = 0;   // records read (header and trailers included)
  std::int64_t titles = 0;  // titles handed to the sink
  std::int64_t lots = 0;    // CNAB 240 lots (lot headers) read; 0 for CNAB 400
  core::Money face_total{};
  core::Money paid_total{};
  core::Money net_total{};
  core::Money fee_total{};
  core::Money charges_total{};
  // Empty when the file is sound. A file with problems must not be imported; the titles
  // already handed to the sink are only for reporting. At most 100 are kept.
  std::vector<CnabProblem> problems{};
  bool Ok() const { return problems.empty(); }
};

using TitleSink = std::function<void(const ReturnTitle&)>;

// Reads a return file (layout and bank detected from the header) and hands every title to
// `sink` in file order, in constant memory (an empty sink: the file is only checked). Error
// (not a summary) only when the input is not a CNAB return at all: empty, not 240/400 wide, a
// remittance, or a bank whose layout Fiado does not read (field "bank_code", "banco 999 sem
// leiaute de retorno CNAB 400").
core::Result<ReturnSummary> ReadReturn(std::istream& input, const TitleSink& sink);

}  // namespace fiado::bankfiles
