// CNAB 400 returns (STANDARDS §3.2): not a FEBRABAN standard, so each bank has its own detail
// layout, kept here as a table of field positions. Every record ends with its sequence number
// (positions 395–400), which is checked. Records of other types (2, 3, 4, 5, 8: Pix, rateio,
// messages) are skipped.
//
// Sources of the positions: the bank manuals in kivanio/brcobranca docs/ as summarised in
// STANDARDS §3.2 (Bradesco, Itaú), brcobranca lib/brcobranca/retorno/cnab400/*.rb and
// retorno_cbr643.rb (Banco do Brasil, Santander, Sicredi), eduardokum/laravel-boleto
// src/Cnab/Retorno/Cnab400/Banco/*.php (Caixa, Sicoob, Sicredi) and ACBr's readers of the
// Banco do Brasil CBR641 layout (convênios of up to 6 digits, detail type 1).
//
// Trailer checks, as far as each bank's trailer defines them:
//  - Itaú: 213–220 the number of detail records and 221–234 the sum of their face values;
//  - Bradesco: the counts of confirmations of entry (02, 58–62), liquidations (06, 87–91) and
//    write-offs (09 and 10, 104–108). Its values per occurrence are not checked: the public
//    samples do not pin down whether they are face values or amounts paid. Its 18–39
//    ("títulos em cobrança") are the whole portfolio, not this file;
//  - the others (Banco do Brasil, Santander, Caixa, Sicoob, Sicredi) put the portfolio or
//    zeros there, so only the trailer's bank code (when filled) and sequence are checked.
#include "bankfiles/cnab_source.h"

#include <fmt/format.h>

#include <array>
#include <span>

#include "bankfiles/cnab.h"

namespace fiado::bankfiles::cnab {
namespace {

using core::Money;

constexpr std::size_t kWidth = 400;
constexpr Span kRecordSequence{395, 400};

// Header (the same at every bank).
constexpr Span kHeaderCompanyCode{27, 46};
constexpr Span kHeaderBank{77, 79};
constexpr Span kHeaderBankName{80, 94};

// Trailer.
constexpr Span kTrailerBank{5, 7};
constexpr Span kItauDetailCount{213, 220};
constexpr Span kItauFaceTotal{221, 234};
constexpr Span kBradescoEntries{58, 62};
constexpr Span kBradescoLiquidations{87, 91};
constexpr Span kBradescoWriteOffs{104, 108};

// What the amount at `paid` means.
enum class PaidBasis {
  kGross,       // valor pago pelo pagador
  kNetPlusFee,  // Itaú: 254–266 is what was credited, tarifa taken (40,00 − 2,10 = 37,90)
};

enum class TrailerCheck { kNone, kItau, kBradesco };

// Where one bank's CNAB 400 return keeps its fields. Positions that most banks share are
// the defaults.
struct Layout400 {
  std::string_view bank_code;
  std::string_view variant;
  char detail_type = '1';
  Span company_use{};
  Span nosso_numero{};
  Span wallet{};
  Span occurrence{109, 110};
  Span occurrence_date{111, 116};
  Span document_number{117, 126};
  Span due_date{147, 152};
  Span face_value{153, 165};
  Span collecting_bank{166, 168};
  Span collecting_agency{169, 173};
  Span fee{176, 188};
  Span other_expenses{};
  Span iof{215, 227};
  Span rebate{228, 240};
  Span discount{241, 253};
  Span paid{254, 266};
  Span net_credited{};
  Span interest{267, 279};
  Span fine{};  // multa, when apart from the juros
  Span other_credits{280, 292};
  Span credit_date{296, 301};
  DateOrder credit_date_order = DateOrder::kDdMmAa;
  Span reasons{};
  std::size_t reason_width = 2;
  Span payer_name{};
  PaidBasis paid_basis = PaidBasis::kGross;
  TrailerCheck trailer = TrailerCheck::kNone;
  Span header_date{95, 100};
  DateOrder header_date_order = DateOrder::kDdMmAa;
  Span header_sequence{};
};

// Banco do Brasil's two entries must stay adjacent (one bank, two detail types).
constexpr std::array kLayouts{
    Layout400{.bank_code = "237",
              .variant = "bradesco",
              .company_use = {38, 62},
              .nosso_numero = {71, 82},
              .wallet = {108, 108},
              .other_expenses = {189, 201},
              .reasons = {319, 328},
              .trailer = TrailerCheck::kBradesco},
    Layout400{.bank_code = "341",
              .variant = "itau",
              .company_use = {38, 62},
              .nosso_numero = {63, 70},
              .wallet = {83, 85},
              .paid = {},
              .net_credited = {254, 266},
              .reasons = {378, 385},
              .payer_name = {325, 354},
              .paid_basis = PaidBasis::kNetPlusFee,
              .trailer = TrailerCheck::kItau,
              .header_sequence = {109, 113}},
    Layout400{.bank_code = "001",
              .variant = "cbr643",
              .detail_type = '7',
              .company_use = {39, 63},
              .nosso_numero = {64, 80},
              .wallet = {107, 108},
              .fee = {182, 188},
              .other_expenses = {189, 201},
              .net_credited = {306, 318},
              .credit_date = {176, 181},
              .reasons = {87, 88},
              .header_sequence = {101, 107}},
    Layout400{.bank_code = "001",
              .variant = "cbr641",
              .detail_type = '1',
              .company_use = {38, 62},
              .nosso_numero = {63, 73},
              .wallet = {107, 108},
              .fee = {182, 188},
              .other_expenses = {189, 201},
              .net_credited = {306, 318},
              .credit_date = {176, 181},
              .reasons = {81, 82},
              .header_sequence = {101, 107}},
    Layout400{.bank_code = "033",
              .variant = "santander",
              .company_use = {38, 62},
              .nosso_numero = {63, 70},
              .wallet = {108, 108},
              .reasons = {137, 145},
              .reason_width = 3},
    Layout400{.bank_code = "756",
              .variant = "sicoob",
              .company_use = {38, 62},
              .nosso_numero = {63, 73},
              .wallet = {86, 88},
              .fee = {182, 188},
              .other_expenses = {189, 201},
              .credit_date = {176, 181}},
    Layout400{.bank_code = "104",
              .variant = "caixa",
              .company_use = {32, 56},
              .nosso_numero = {57, 73},
              .wallet = {107, 108},
              .fine = {280, 292},
              .other_credits = {},
              .credit_date = {294, 299},
              .reasons = {80, 82},
              .reason_width = 3},
    Layout400{.bank_code = "748",
              .variant = "sicredi",
              .nosso_numero = {48, 62},
              .collecting_bank = {},
              .collecting_agency = {},
              .other_expenses = {189, 201},
              .iof = {},
              .fine = {280, 292},
              .other_credits = {},
              .credit_date = {329, 336},
              .credit_date_order = DateOrder::kAaaaMmDd,
              .reasons = {319, 328},
              .header_date = {95, 102},
              .header_date_order = DateOrder::kAaaaMmDd,
              .header_sequence = {111, 117}},
};

std::span<const Layout400> LayoutsOf(std::string_view bank_code) {
  const auto* first = kLayouts.begin();
  while (first != kLayouts.end() && first->bank_code != bank_code) ++first;
  const auto* last = first;
  while (last != kLayouts.end() && last->bank_code == bank_code) ++last;
  return {first, last};
}

void ReadFileInfo(std::string_view header, const Layout400& layout, CnabFileInfo& info) {
  info.bank_name.assign(TrimBlanks(At(header, kHeaderBankName)));
  info.variant.assign(layout.variant);
  info.agreement.assign(TrimBlanks(At(header, kHeaderCompanyCode)));
  info.file_date = DateFromDigits(At(header, layout.header_date), layout.header_date_order);
  if (layout.header_sequence.present()) {
    info.file_sequence = ParseDigits(At(header, layout.header_sequence)).value_or(0);
  }
}

class Reader400 {
 public:
  Reader400(LineSource& source, const TitleSink& sink, ReturnSummary& summary,
            std::span<const Layout400> layouts)
      : source_(source),
        sink_(sink),
        summary_(summary),
        problems_(summary.problems),
        layouts_(layouts) {
    title_.layout = CnabLayout::k400;
    title_.bank_code = summary.info.bank_code;
  }

  // Phase 1: the header's own sequence number.
  // Phase 2: every record in order: its sequence, then details to the sink, the trailer's
  //          counts checked against what was read.
  // Phase 3: a file without trailer is reported.
  void Run(std::string_view header) {
    records_ = 1;
    summary_.lines = 1;
    CheckSequence(header);  // Phase 1
    std::string_view line;
    while (source_.Next(line)) {
      if (IsBlank(line)) continue;
      const std::string_view record = FitRecord(source_, line, kWidth, problems_);
      ++records_;
      summary_.lines = records_;
      CheckSequence(record);
      OnRecord(record);  // Phase 2
    }
    if (!trailer_seen_) {  // Phase 3
      problems_.Add(0, "trailer_arquivo",
                    "arquivo sem trailer (registro tipo 9): incompleto ou truncado");
    }
  }

 private:
  std::int64_t line() const { return source_.line_number(); }

  void CheckSequence(std::string_view record) {
    const RecordReader fields(record, line(), problems_);
    const auto sequence = fields.Number(kRecordSequence, "sequencial");
    std::int64_t expected = 0;
    if (!sequence_.Accept(sequence, expected)) {
      fields.Problem("sequencial", fmt::format("sequencial do registro: esperado {:06}, "
                                               "encontrado {:06}",
                                               expected, *sequence));
    }
  }

  const Layout400* DetailLayout(char record_type) const {
    for (const Layout400& layout : layouts_) {
      if (layout.detail_type == record_type) return &layout;
    }
    return nullptr;
  }

  void OnRecord(std::string_view record) {
    if (trailer_seen_) {
      problems_.Add(line(), "tipo_registro", "registro depois do trailer do arquivo");
      return;
    }
    const char type = record[0];
    if (const Layout400* layout = DetailLayout(type); layout != nullptr) {
      return OnDetail(record, *layout);
    }
    if (type == '9') return OnTrailer(record);
    if (type >= '1' && type <= '8') return;  // Pix, rateio, messages: nothing to import
    problems_.Add(line(), "tipo_registro",
                  type == '0' ? std::string("header de arquivo repetido")
                              : fmt::format("tipo de registro desconhecido (posição 1): \"{}\"",
                                            Printable(record.substr(0, 1))));
  }

  void OnDetail(std::string_view record, const Layout400& layout) {
    if (details_ == 0) summary_.info.variant.assign(layout.variant);
    const RecordReader fields(record, line(), problems_);
    ReadIdentity(fields, layout);
    ReadAmounts(fields, layout);
    ++details_;
    AddSaturating(face_cents_, title_.face_value.cents());
    CountOccurrence(title_.occurrence);
    CountTitle(title_, summary_, problems_);
    if (sink_) sink_(title_);  // an empty sink only validates
  }

  void ReadIdentity(const RecordReader& fields, const Layout400& layout) {
    title_.line = fields.line();
    fields.Text(layout.nosso_numero, title_.nosso_numero);
    fields.Text(layout.wallet, title_.wallet);
    fields.Text(layout.document_number, title_.document_number);
    fields.Text(layout.company_use, title_.company_use);
    fields.Text(layout.occurrence, title_.occurrence);
    ReadReasons(layout.reasons.present() ? fields.Raw(layout.reasons) : std::string_view(),
                layout.reason_width, title_.reasons);
    title_.due_date =
        fields.Date(layout.due_date, DateOrder::kDdMmAa, "data_vencimento", due_memo_);
    title_.occurrence_date = fields.Date(layout.occurrence_date, DateOrder::kDdMmAa,
                                         "data_ocorrencia", occurrence_memo_);
    title_.credit_date =
        fields.Date(layout.credit_date, layout.credit_date_order, "data_credito", credit_memo_);
    fields.Text(layout.collecting_bank, title_.collecting_bank);
    fields.Text(layout.collecting_agency, title_.collecting_agency);
    title_.payer_document.clear();
    fields.Text(layout.payer_name, title_.payer_name);
  }

  void ReadAmounts(const RecordReader& fields, const Layout400& layout) {
    title_.face_value = fields.Money(layout.face_value, "valor_titulo");
    title_.fee = fields.Money(layout.fee, "tarifa");
    title_.other_expenses = fields.Money(layout.other_expenses, "outras_despesas");
    title_.iof = fields.Money(layout.iof, "iof");
    title_.rebate = fields.Money(layout.rebate, "abatimento");
    title_.discount = fields.Money(layout.discount, "desconto");
    title_.net_credited = fields.Money(layout.net_credited, "valor_liquido");
    title_.charges = fields.Money(layout.interest, "juros_multa");
    title_.charges += fields.Money(layout.fine, "multa");
    title_.other_credits = fields.Money(layout.other_credits, "outros_creditos");
    title_.paid = fields.Money(layout.paid, "valor_pago");
    if (layout.paid_basis == PaidBasis::kNetPlusFee && title_.net_credited.IsPositive()) {
      title_.paid = title_.net_credited + title_.fee;
    }
  }

  void CountOccurrence(std::string_view occurrence) {
    if (occurrence == "02") ++entries_;
    if (occurrence == "06") ++liquidations_;
    if (occurrence == "09" || occurrence == "10") ++write_offs_;
  }

  void OnTrailer(std::string_view record) {
    trailer_seen_ = true;
    const RecordReader fields(record, line(), problems_);
    const std::string_view bank = fields.Raw(kTrailerBank);
    if (!ZerosOrBlanks(bank) && bank != summary_.info.bank_code) {
      fields.Problem("banco", fmt::format("trailer do banco \"{}\" num arquivo do banco {}",
                                          Printable(bank), summary_.info.bank_code));
    }
    const TrailerCheck check = layouts_.front().trailer;
    if (check == TrailerCheck::kItau) CheckItauTrailer(fields);
    if (check == TrailerCheck::kBradesco) CheckBradescoTrailer(fields);
  }

  void CheckItauTrailer(const RecordReader& fields) const {
    CheckCount(fields, kItauDetailCount, details_, "quantidade_detalhes", "registros de detalhe");
    const auto total_cents = fields.Number(kItauFaceTotal, "valor_total");
    if (total_cents && *total_cents != face_cents_) {
      fields.Problem("valor_total",
                     fmt::format("o trailer informa {} em títulos; a soma dos detalhes é {}",
                                 Money::FromCents(*total_cents).Format(),
                                 Money::FromCents(face_cents_).Format()));
    }
  }

  void CheckBradescoTrailer(const RecordReader& fields) const {
    CheckCount(fields, kBradescoEntries, entries_, "quantidade_entradas",
               "confirmações de entrada (02)");
    CheckCount(fields, kBradescoLiquidations, liquidations_, "quantidade_liquidacoes",
               "liquidações (06)");
    CheckCount(fields, kBradescoWriteOffs, write_offs_, "quantidade_baixas", "baixas (09 e 10)");
  }

  static void CheckCount(const RecordReader& fields, Span span, std::int64_t counted,
                         std::string_view field, std::string_view what) {
    const auto count = fields.Number(span, field);
    if (!count || *count == counted) return;
    fields.Problem(field,
                   fmt::format("o trailer informa {} {}; o arquivo tem {}", *count, what, counted));
  }

  LineSource& source_;
  const TitleSink& sink_;
  ReturnSummary& summary_;
  ProblemLog problems_;
  std::span<const Layout400> layouts_;
  ReturnTitle title_{};  // reused for every title, so its strings keep their capacity
  DateMemo due_memo_{};
  DateMemo occurrence_memo_{};
  DateMemo credit_memo_{};
  bool trailer_seen_ = false;
  std::int64_t records_ = 0;
  SequenceCheck sequence_{};
  std::int64_t details_ = 0;
  std::int64_t face_cents_ = 0;
  std::int64_t entries_ = 0;
  std::int64_t liquidations_ = 0;
  std::int64_t write_offs_ = 0;
};

}  // namespace

core::Status ReadReturn400(LineSource& source, std::string_view header, const TitleSink& sink,
                           ReturnSummary& summary) {
  summary.info.bank_code.assign(At(header, kHeaderBank));
  const std::span<const Layout400> layouts = LayoutsOf(summary.info.bank_code);
  if (layouts.empty()) {
    return core::Invalid("bank_code", fmt::format("banco {} sem leiaute de retorno CNAB 400",
                                                  Printable(summary.info.bank_code)));
  }
  ReadFileInfo(header, layouts.front(), summary.info);
  Reader400 reader(source, sink, summary, layouts);
  reader.Run(header);
  return {};
}

}  // namespace fiado::bankfiles::cnab
