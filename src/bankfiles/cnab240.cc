// CNAB 240 returns (FEBRABAN layout, STANDARDS §3.1): a file header, lots of detail records
// (segment T + segment U per title) each closed by a lot trailer, and a file trailer.
// Santander shifts the fields of segment T (STANDARDS §3.4).
//
// What the trailers let us check, and what they do not:
//  - the lot trailer's record count (header + details + trailer; Santander counts only the
//    details, so both are accepted there) and the file trailer's lot and record counts;
//  - the lot trailer's "cobrança simples" quantity and total are filled differently by each
//    bank: zeros (Banco do Brasil, Caixa), the position of the whole portfolio (Santander,
//    Sicoob: every open title, not only this file's), or the lot's own titles (Itaú and the
//    FEBRABAN manual). So the total is checked only outside Santander and only when the
//    quantity equals the number of titles (segments T) in the lot: then it must be the sum of
//    their face values. The other carteiras (vinculada, caucionada, descontada) are not
//    checked; a shop's boletos are cobrança simples.
#include "bankfiles/cnab_source.h"

#include <fmt/format.h>

#include <cstring>

#include "bankfiles/cnab.h"

namespace fiado::bankfiles::cnab {
namespace {

using core::Money;

constexpr std::size_t kWidth = 240;

// Common prefix of every record.
constexpr Span kBank{1, 3};
constexpr Span kLot{4, 7};
constexpr std::size_t kRecordTypeAt = 7;  // 0-based index of position 8
constexpr Span kSequence{9, 13};
constexpr std::size_t kSegmentAt = 13;  // position 14
constexpr Span kMovement{16, 17};

// File header.
constexpr Span kHeaderDocumentKind{18, 18};
constexpr Span kHeaderDocument{19, 32};
constexpr Span kHeaderAgreement{33, 52};
constexpr Span kHeaderAgency{53, 57};
constexpr Span kHeaderAccount{59, 70};
constexpr Span kHeaderBankName{103, 132};
constexpr std::size_t kHeaderDirectionAt = 142;  // position 143: 1 remessa, 2 retorno
constexpr Span kHeaderDate{144, 151};
constexpr Span kHeaderSequence{158, 163};

// Lot header: position 9 is the operation, R (remessa) or T (retorno).
constexpr std::size_t kLotOperationAt = 8;

// Lot and file trailers.
constexpr Span kLotRecordCount{18, 23};
constexpr Span kSimpleQuantity{24, 29};
constexpr Span kSimpleTotal{30, 46};
constexpr Span kFileLotCount{18, 23};
constexpr Span kFileRecordCount{24, 29};

// Where segment T keeps its fields: FEBRABAN's positions or Santander's shifted ones.
struct SegmentTLayout {
  Span nosso_numero;
  Span wallet;
  Span document_number;
  Span due_date;
  Span face_value;
  Span collecting_bank;
  Span collecting_agency;
  Span company_use;
  Span payer_kind;
  Span payer_document;
  Span payer_name;
  Span fee;
  Span reasons;
};

constexpr SegmentTLayout kFebrabanT{.nosso_numero = {38, 57},
                                    .wallet = {58, 58},
                                    .document_number = {59, 73},
                                    .due_date = {74, 81},
                                    .face_value = {82, 96},
                                    .collecting_bank = {97, 99},
                                    .collecting_agency = {100, 104},
                                    .company_use = {106, 130},
                                    .payer_kind = {133, 133},
                                    .payer_document = {134, 148},
                                    .payer_name = {149, 188},
                                    .fee = {199, 213},
                                    .reasons = {214, 223}};

constexpr SegmentTLayout kSantanderT{.nosso_numero = {41, 53},
                                     .wallet = {54, 54},
                                     .document_number = {55, 69},
                                     .due_date = {70, 77},
                                     .face_value = {78, 92},
                                     .collecting_bank = {93, 95},
                                     .collecting_agency = {96, 99},
                                     .company_use = {101, 125},
                                     .payer_kind = {128, 128},
                                     .payer_document = {129, 143},
                                     .payer_name = {144, 183},
                                     .fee = {194, 208},
                                     .reasons = {209, 218}};

// Segment U (the same at every bank).
constexpr Span kCharges{18, 32};
constexpr Span kDiscount{33, 47};
constexpr Span kRebate{48, 62};
constexpr Span kIof{63, 77};
constexpr Span kPaid{78, 92};
constexpr Span kNetCredited{93, 107};
constexpr Span kOtherExpenses{108, 122};
constexpr Span kOtherCredits{123, 137};
constexpr Span kOccurrenceDate{138, 145};
constexpr Span kCreditDate{146, 153};

constexpr std::string_view kSantander = "033";

// Digits of a CPF (kind 1) or CNPJ (kind 2) without the zeros that pad it to the field;
// empty when the field holds only zeros.
void PayerDocument(char kind, std::string_view raw, std::string& out) {
  std::string_view digits = TrimBlanks(raw);
  const std::size_t natural = kind == '1' ? 11 : kind == '2' ? 14 : 0;
  while (!digits.empty() && digits.front() == '0' && digits.size() > natural) {
    digits.remove_prefix(1);
  }
  out.assign(digits);
}

// The file header's description of the file and the shop's account.
void ReadFileInfo(std::string_view header, CnabFileInfo& info) {
  info.bank_code.assign(At(header, kBank));
  info.bank_name.assign(TrimBlanks(At(header, kHeaderBankName)));
  info.variant = info.bank_code == kSantander ? "santander" : "febraban";
  PayerDocument(header[kHeaderDocumentKind.first - 1U], At(header, kHeaderDocument),
                info.company_document);
  if (!AllDigits(info.company_document)) info.company_document.clear();
  info.agreement.assign(TrimBlanks(At(header, kHeaderAgreement)));
  info.agency.assign(TrimBlanks(At(header, kHeaderAgency)));
  info.account.assign(TrimBlanks(At(header, kHeaderAccount)));
  info.file_date = DateFromDigits(At(header, kHeaderDate), DateOrder::kDdMmAaaa);
  info.file_sequence = ParseDigits(At(header, kHeaderSequence)).value_or(0);
}

class Reader240 {
 public:
  Reader240(LineSource& source, const TitleSink& sink, ReturnSummary& summary)
      : source_(source),
        sink_(sink),
        summary_(summary),
        problems_(summary.problems),
        segment_t_(summary.info.bank_code == kSantander ? kSantanderT : kFebrabanT) {
    title_.layout = CnabLayout::k240;
    title_.bank_code = summary.info.bank_code;
  }

  // Phase 1: the first record after the header tells a return from a remittance.
  // Phase 2: every record in order, lots opened and closed, T + U pairs handed to the sink.
  // Phase 3: what the end of the file leaves unfinished (a lot or the file without trailer).
  core::Status Run(std::string_view header) {
    header_direction_ = header[kHeaderDirectionAt];
    bank_code_.assign(At(header, kBank));
    records_ = 1;
    summary_.lines = 1;
    std::string_view line;
    bool first = true;
    while (source_.Next(line)) {
      if (IsBlank(line)) continue;
      const std::string_view record = FitRecord(source_, line, kWidth, problems_);
      ++records_;
      summary_.lines = records_;
      if (first) {  // Phase 1
        if (auto status = CheckDirection(record); !status) return status;
        first = false;
      }
      OnRecord(record);  // Phase 2
    }
    Finish();  // Phase 3
    return {};
  }

 private:
  // The lot being read: opened by its header, closed by its trailer.
  struct Lot {
    bool open = false;
    std::string number{};
    std::int64_t header_line = 0;
    std::int64_t records = 0;  // header, details and trailer seen so far
    std::int64_t details = 0;
    std::int64_t titles = 0;  // segments T
    std::int64_t face_cents = 0;
    SequenceCheck sequence{};
    bool number_mismatch_reported = false;  // a wrong lot number is reported once per lot
  };

  std::int64_t line() const { return source_.line_number(); }

  core::Status CheckDirection(std::string_view record) const {
    char operation = ' ';
    if (record[kRecordTypeAt] == '1') operation = record[kLotOperationAt];
    if (operation == 'R' || (operation != 'T' && header_direction_ == '1')) {
      return core::Invalid("arquivo", "arquivo de remessa CNAB 240, não de retorno");
    }
    return {};
  }

  void OnRecord(std::string_view record) {
    if (trailer_seen_) {
      problems_.Add(line(), "tipo_registro", "registro depois do trailer do arquivo");
      return;
    }
    if (std::memcmp(record.data(), bank_code_.data(), kBank.size()) != 0) {
      problems_.Add(line(), "banco",
                    fmt::format("registro do banco \"{}\" num arquivo do banco {}",
                                Printable(At(record, kBank)), bank_code_));
    }
    switch (record[kRecordTypeAt]) {
      case '1':
        return OnLotHeader(record);
      case '2':
      case '4':
        return OnOptionalRecord(record);
      case '3':
        return OnDetail(record);
      case '5':
        return OnLotTrailer(record);
      case '9':
        return OnFileTrailer(record);
      case '0':
        problems_.Add(line(), "tipo_registro", "header de arquivo repetido");
        return;
      default:
        problems_.Add(line(), "tipo_registro",
                      fmt::format("tipo de registro desconhecido (posição 8): \"{}\"",
                                  Printable(record.substr(kRecordTypeAt, 1))));
    }
  }

  void OnLotHeader(std::string_view record) {
    if (lot_.open) CloseLotWithoutTrailer();
    lot_ = Lot{
        .open = true, .number = Printable(At(record, kLot)), .header_line = line(), .records = 1};
    ++summary_.lots;
  }

  // Types 2 and 4 (optional records at the start or end of a lot) only count.
  void OnOptionalRecord(std::string_view record) {
    EnsureLot(record);
    ++lot_.records;
  }

  // A record of a lot must come after the lot's header and carry its number.
  void EnsureLot(std::string_view record) {
    if (!lot_.open) {
      problems_.Add(
          line(), "lote",
          fmt::format("registro do lote \"{}\" sem header de lote", Printable(At(record, kLot))));
      lot_ = Lot{.open = true, .number = Printable(At(record, kLot)), .header_line = line()};
      ++summary_.lots;
      return;
    }
    if (!SameText(At(record, kLot), lot_.number) && !lot_.number_mismatch_reported) {
      lot_.number_mismatch_reported = true;
      problems_.Add(line(), "lote",
                    fmt::format("registro do lote \"{}\" dentro do lote {}",
                                Printable(At(record, kLot)), lot_.number));
    }
  }

  void OnDetail(std::string_view record) {
    EnsureLot(record);
    ++lot_.records;
    ++lot_.details;
    CheckSequence(record);
    const char segment = record[kSegmentAt];
    if (segment == 'T') {
      OnSegmentT(record);
    } else if (segment == 'U') {
      OnSegmentU(record);
    }
    // Other segments (Y and the like) carry nothing Fiado imports.
  }

  void CheckSequence(std::string_view record) {
    const RecordReader fields(record, line(), problems_);
    const auto sequence = fields.Number(kSequence, "sequencial");
    std::int64_t expected = 0;
    if (!lot_.sequence.Accept(sequence, expected)) {
      fields.Problem("sequencial", fmt::format("sequencial do registro no lote: esperado {:05}, "
                                               "encontrado {:05}",
                                               expected, *sequence));
    }
  }

  void OnSegmentT(std::string_view record) {
    if (pending_t_) ReportUnpairedT();
    const RecordReader fields(record, line(), problems_);
    ReadSegmentT(fields);
    pending_t_ = true;
    ++lot_.titles;
    AddSaturating(lot_.face_cents, title_.face_value.cents());
  }

  void ReadSegmentT(const RecordReader& fields) {
    const SegmentTLayout& t = segment_t_;
    title_.line = fields.line();
    fields.Text(kMovement, title_.occurrence);
    fields.Text(t.nosso_numero, title_.nosso_numero);
    fields.Text(t.wallet, title_.wallet);
    fields.Text(t.document_number, title_.document_number);
    fields.Text(t.company_use, title_.company_use);
    title_.due_date = fields.Date(t.due_date, DateOrder::kDdMmAaaa, "data_vencimento", due_memo_);
    title_.face_value = fields.Money(t.face_value, "valor_titulo");
    fields.Text(t.collecting_bank, title_.collecting_bank);
    fields.Text(t.collecting_agency, title_.collecting_agency);
    PayerDocument(fields.Raw(t.payer_kind)[0], fields.Raw(t.payer_document), title_.payer_document);
    fields.Text(t.payer_name, title_.payer_name);
    title_.fee = fields.Money(t.fee, "tarifa");
    ReadReasons(fields.Raw(t.reasons), 2, title_.reasons);
  }

  void OnSegmentU(std::string_view record) {
    if (!pending_t_) {
      problems_.Add(line(), "segmento", "segmento U sem o segmento T do mesmo título antes dele");
      return;
    }
    pending_t_ = false;
    const RecordReader fields(record, line(), problems_);
    title_.charges = fields.Money(kCharges, "juros_multa");
    title_.discount = fields.Money(kDiscount, "desconto");
    title_.rebate = fields.Money(kRebate, "abatimento");
    title_.iof = fields.Money(kIof, "iof");
    title_.paid = fields.Money(kPaid, "valor_pago");
    title_.net_credited = fields.Money(kNetCredited, "valor_liquido");
    title_.other_expenses = fields.Money(kOtherExpenses, "outras_despesas");
    title_.other_credits = fields.Money(kOtherCredits, "outros_creditos");
    title_.occurrence_date =
        fields.Date(kOccurrenceDate, DateOrder::kDdMmAaaa, "data_ocorrencia", occurrence_memo_);
    title_.credit_date =
        fields.Date(kCreditDate, DateOrder::kDdMmAaaa, "data_credito", credit_memo_);
    CountTitle(title_, summary_, problems_);
    if (sink_) sink_(title_);  // an empty sink only validates
  }

  void ReportUnpairedT() {
    problems_.Add(title_.line, "segmento", "segmento T sem o segmento U do mesmo título");
    pending_t_ = false;
  }

  void OnLotTrailer(std::string_view record) {
    EnsureLot(record);
    if (pending_t_) ReportUnpairedT();
    ++lot_.records;
    const RecordReader fields(record, line(), problems_);
    CheckLotRecordCount(fields);
    CheckSimpleTotal(fields);
    lot_.open = false;
  }

  void CheckLotRecordCount(const RecordReader& fields) const {
    const auto count = fields.Number(kLotRecordCount, "quantidade_registros");
    if (!count || *count == lot_.records) return;
    if (summary_.info.bank_code == kSantander && *count == lot_.details) return;
    fields.Problem("quantidade_registros",
                   fmt::format("o trailer do lote {} informa {} registros; o lote tem {}",
                               lot_.number, *count, lot_.records));
  }

  void CheckSimpleTotal(const RecordReader& fields) const {
    if (summary_.info.bank_code == kSantander) return;
    const auto quantity = ParseDigits(fields.Raw(kSimpleQuantity));
    const auto total_cents = ParseDigits(fields.Raw(kSimpleTotal));
    if (!quantity || !total_cents || *quantity == 0 || *quantity != lot_.titles) return;
    if (*total_cents == lot_.face_cents) return;
    fields.Problem("valor_cobranca_simples",
                   fmt::format("o trailer do lote {} informa {} em cobrança simples; a soma dos "
                               "{} títulos do lote é {}",
                               lot_.number, Money::FromCents(*total_cents).Format(), lot_.titles,
                               Money::FromCents(lot_.face_cents).Format()));
  }

  void OnFileTrailer(std::string_view record) {
    if (lot_.open) CloseLotWithoutTrailer();
    trailer_seen_ = true;
    const RecordReader fields(record, line(), problems_);
    const auto lots = fields.Number(kFileLotCount, "quantidade_lotes");
    if (lots && *lots != summary_.lots) {
      fields.Problem("quantidade_lotes",
                     fmt::format("o trailer do arquivo informa {} lotes; o arquivo tem {}", *lots,
                                 summary_.lots));
    }
    const auto records = fields.Number(kFileRecordCount, "quantidade_registros");
    if (records && *records != records_) {
      fields.Problem("quantidade_registros",
                     fmt::format("o trailer do arquivo informa {} registros; o arquivo tem {}",
                                 *records, records_));
    }
  }

  void CloseLotWithoutTrailer() {
    if (pending_t_) ReportUnpairedT();
    problems_.Add(lot_.header_line, "trailer_lote",
                  fmt::format("lote {} sem trailer de lote", lot_.number));
    lot_.open = false;
  }

  void Finish() {
    if (lot_.open) CloseLotWithoutTrailer();
    if (!trailer_seen_) {
      problems_.Add(0, "trailer_arquivo",
                    "arquivo sem trailer de arquivo (registro tipo 9): incompleto ou truncado");
    }
  }

  LineSource& source_;
  const TitleSink& sink_;
  ReturnSummary& summary_;
  ProblemLog problems_;
  const SegmentTLayout& segment_t_;
  std::string bank_code_{};
  char header_direction_ = ' ';
  Lot lot_{};
  ReturnTitle title_{};  // reused for every title, so its strings keep their capacity
  DateMemo due_memo_{};
  DateMemo occurrence_memo_{};
  DateMemo credit_memo_{};
  bool pending_t_ = false;
  bool trailer_seen_ = false;
  std::int64_t records_ = 0;
};

}  // namespace

core::Status ReadReturn240(LineSource& source, std::string_view header, const TitleSink& sink,
                           ReturnSummary& summary) {
  ReadFileInfo(header, summary.info);
  Reader240 reader(source, sink, summary);
  return reader.Run(header);
}

}  // namespace fiado::bankfiles::cnab
