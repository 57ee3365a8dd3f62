#include "bankfiles/remittance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "support/shared_data.h"

namespace fiado::bankfiles {
namespace {

using core::Date;
using core::Money;
using core::Rate;

Date D(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// Positions `from`–`to` of a record, 1-based and inclusive as in the manuals.
std::string Field(const std::string& line, std::size_t from, std::size_t to) {
  return line.substr(from - 1, to - from + 1);
}

std::vector<std::string> Split(const std::string& text, std::string_view eol) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end = text.find(eol); end != std::string::npos; end = text.find(eol, start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + eol.size();
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// The records of a written file, which must have been written; every line ends in CRLF.
std::vector<std::string> Records(const core::Result<std::string>& file) {
  EXPECT_TRUE(file.has_value()) << file.error().Describe();
  if (!file) return {};
  EXPECT_EQ(file->substr(file->size() - 2), "\r\n");
  return Split(*file, "\r\n");
}

// 1-based position of the first character where two records differ, 0 when equal.
std::size_t FirstDifference(const std::string& a, const std::string& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) return i + 1;
  }
  return a.size() == b.size() ? 0 : std::min(a.size(), b.size()) + 1;
}

// ---- brcobranca's sample remittances ------------------------------------------------------

// The payer of brcobranca's shared example "cnab240" (spec/support/shared_examples/
// cnab240.rb), with its accents, punctuation and over-long text.
RemittancePayer BrcobrancaPayer(std::string document, std::string state) {
  RemittancePayer payer;
  payer.document = std::move(document);
  payer.name =
      "PABLO DIEGO JOSÉ FRANCISCO,!^.?\\/@  DE PAULA JUAN NEPOMUCENO MARÍA DE LOS REMEDIOS "
      "CIPRIANO DE LA SANTÍSSIMA TRINIDAD RUIZ Y PICASSO";
  payer.address = "RUA RIO GRANDE DO SUL,!^.?\\/@ São paulo Minas caçapa da silva junior";
  payer.district = "São josé dos quatro apostolos magros";
  payer.postal_code = "12345678";
  payer.city = "Santa rita de cássia maria da silva";
  payer.state = std::move(state);
  return payer;
}

RemittanceTitle BrcobrancaTitle(std::string nosso_numero, Date day, std::int64_t face_cents,
                                RemittancePayer payer) {
  RemittanceTitle title;
  title.nosso_numero_digits = std::move(nosso_numero);
  title.document_number = "6969";
  title.company_use = "6969";
  title.issue_date = day;
  title.due_date = day;
  title.face_value = Money::FromCents(face_cents);
  title.payer = std::move(payer);
  return title;
}

Remittance BrcobrancaRemittance(stores::BankAgreement agreement, std::string company_document,
                                Date day, RemittanceTitle title) {
  Remittance remittance;
  remittance.agreement = std::move(agreement);
  remittance.company_document = std::move(company_document);
  remittance.company_name = "SOCIEDADE BRASILEIRA DE ZOOLOGIA LTDA";
  remittance.file_sequence = 1;
  remittance.generated_on = day;
  remittance.generated_hhmmss = 161515;
  remittance.titles.push_back(std::move(title));
  return remittance;
}

// A deliberate difference from a sample: record `line` (1-based) holds `ours` at `from`.
struct Difference {
  std::size_t line;
  std::size_t from;
  std::string ours;
  std::string why;
};

// Compares every record of our file with the sample, byte for byte, once the documented
// differences are applied to the sample.
void ExpectSampleWithDifferences(const std::string& sample_file, const Remittance& remittance,
                                 const std::vector<Difference>& differences) {
  const std::string path = "fixtures/cnab/brcobranca/" + sample_file;
  std::vector<std::string> expected = Split(testing::ReadSharedText(path), "\n");
  ASSERT_EQ(expected.size(), 7U) << path;
  for (const Difference& d : differences) {
    ASSERT_LE(d.from - 1 + d.ours.size(), 240U) << d.why;
    expected[d.line - 1].replace(d.from - 1, d.ours.size(), d.ours);
  }
  const std::vector<std::string> ours = Records(WriteRemittance240(remittance));
  ASSERT_EQ(ours.size(), 7U);
  for (std::size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(ours[i].size(), 240U) << "record " << i + 1;
    EXPECT_EQ(ours[i], expected[i])
        << sample_file << " record " << i + 1 << ": first difference at position "
        << FirstDifference(ours[i], expected[i]);
  }
}

// Differences common to every sample (records 3 = P, 5 = R).
constexpr const char* kLeftAligned =
    "seu número (P 63–77) and uso da empresa (P 196–220) are alfanumérico: left-aligned "
    "and blank-filled as FEBRABAN says; brcobranca zero-fills or right-aligns them";
const std::string kOurDocumentNumber = "6969           ";
const std::string kOurCompanyUse = "6969                     ";

TEST(RemittanceSamples, BancoDoBrasil) {
  FIADO_REQUIRE_SHARED("fixtures/cnab/brcobranca/remessa-banco_brasil-cnab240.rem");
  stores::BankAgreement agreement{.bank_code = "001",
                                  .agency = "1234",
                                  .agency_digit = "3",
                                  .account = "12345",
                                  .account_digit = "5",
                                  .wallet = "12",
                                  .agreement = "1234567"};
  Remittance remittance =
      BrcobrancaRemittance(agreement, "12345678901", D(2015, 7, 14),
                           BrcobrancaTitle("12345670000000123", D(2015, 7, 14), 19990,
                                           BrcobrancaPayer("12345678901", "SP")));
  remittance.bb_wallet_variation = "123";
  ExpectSampleWithDifferences(
      "remessa-banco_brasil-cnab240.rem", remittance,
      {
          {1, 103, "BANCO DO BRASIL S.A.", "the bank's name as BB writes it"},
          {1, 158, "000001", "NSA: the sample has none (0); Fiado numbers files from 1"},
          {1, 172, std::string(40, ' '), "reserved fields (172–211) blank, as FEBRABAN"},
          {2, 184, "00000001", "NSA in the lot header, as in the file header"},
          {3, 58, "1", "código da carteira: 1 for carteira 12 simples (BB manual); 7 is 17"},
          {3, 63, kOurDocumentNumber, kLeftAligned},
          {3, 196, kOurCompanyUse, kLeftAligned},
      });
}

TEST(RemittanceSamples, Caixa) {
  FIADO_REQUIRE_SHARED("fixtures/cnab/brcobranca/remessa-caixa-cnab240.rem");
  // The sample's agency is "12345"; Caixa agencies have 4 digits (boleto_banks.h).
  stores::BankAgreement agreement{.bank_code = "104",
                                  .agency = "2345",
                                  .agency_digit = "1",
                                  .wallet = "RG",
                                  .agreement = "123456"};
  const Remittance remittance =
      BrcobrancaRemittance(agreement, "12345678901", D(2015, 7, 14),
                           BrcobrancaTitle("14000000000000123", D(2015, 7, 14), 19990,
                                           BrcobrancaPayer("12345678901", "SP")));
  constexpr const char* kAgency = "agency 2345 instead of the sample's 5-digit 12345";
  ExpectSampleWithDifferences(
      "remessa-caixa-cnab240.rem", remittance,
      {
          {1, 53, "02345", kAgency},
          {1, 164, "101", "SIGCB layout version 101 (laravel-boleto); brcobranca writes 050"},
          {1, 212, "    ", "versão do aplicativo: blank (optional, Caixa's own software)"},
          {2, 14, "060", "SIGCB lot layout version 060; brcobranca writes 030"},
          {2, 54, "02345", kAgency},
          {3, 18, "02345", kAgency},
          {3, 63, "6969       ", kLeftAligned},
          {3, 118, "3" + std::string(23, '0'),
           "no juros: code 3 (isento) with zeros; the sample has code 1 with a zero value"},
          {3, 196, kOurCompanyUse, kLeftAligned},
          {5, 66, std::string(24, '0'),
           "no multa: code 0 with zeros; the sample has code 2 (percentual) of 0 %"},
      });
}

TEST(RemittanceSamples, Sicredi) {
  FIADO_REQUIRE_SHARED("fixtures/cnab/brcobranca/remessa-sicredi-cnab240.rem");
  stores::BankAgreement agreement{.bank_code = "748",
                                  .agency = "0165",
                                  .account = "623",
                                  .account_digit = "8",
                                  .wallet = "1",
                                  .agreement = "00623",
                                  .station = "14"};
  const Remittance remittance = BrcobrancaRemittance(
      agreement, "74576177000177", D(2007, 7, 14),
      BrcobrancaTitle("072000031", D(2007, 7, 14), 5000, BrcobrancaPayer("82136760505", "RJ")));
  ExpectSampleWithDifferences(
      "remessa-sicredi-cnab240.rem", remittance,
      {
          {1, 158, "000001", "NSA: the sample has none (0); Fiado numbers files from 1"},
          {2, 184, "00000001", "NSA in the lot header, as in the file header"},
          {3, 63, kOurDocumentNumber, kLeftAligned},
          {3, 118, "3" + std::string(23, '0'),
           "no juros: code 3 (isento) with zeros; the sample has code 1 with a zero value"},
          {3, 142, "0", "no desconto: code 0; brcobranca writes code 1 with a zero value"},
          {3, 196, kOurCompanyUse, kLeftAligned},
      });
}

TEST(RemittanceSamples, Sicoob) {
  FIADO_REQUIRE_SHARED("fixtures/cnab/brcobranca/remessa-bancoob-cnab240.rem");
  stores::BankAgreement agreement{.bank_code = "756",
                                  .agency = "4327",
                                  .agency_digit = "3",
                                  .account = "3666",
                                  .account_digit = "8",
                                  .wallet = "1",
                                  .agreement = "12345"};
  const Remittance remittance = BrcobrancaRemittance(
      agreement, "74576177000177", D(2015, 7, 14),
      BrcobrancaTitle("00429715", D(2015, 7, 14), 5000, BrcobrancaPayer("82136760505", "RJ")));
  ExpectSampleWithDifferences(
      "remessa-bancoob-cnab240.rem", remittance,
      {
          {1, 158, "000001", "NSA: the sample has none (0); Fiado numbers files from 1"},
          {2, 184, "00000001", "NSA in the lot header, as in the file header"},
          {3, 63, kOurDocumentNumber, kLeftAligned},
          {3, 196, kOurCompanyUse, kLeftAligned},
          {3, 221, "3", "protesto: 3 (não protestar); the sample has 1 with 0 days"},
      });
}

// ---- A valid remittance to vary -----------------------------------------------------------

RemittanceTitle ValidTitle() {
  RemittanceTitle title;
  title.nosso_numero_digits = "12345670000000001";
  title.document_number = "A-1/2";
  title.company_use = "t-0001";
  title.issue_date = D(2025, 3, 10);
  title.due_date = D(2025, 4, 10);
  title.face_value = Money::FromCents(10000);
  title.payer = RemittancePayer{.document = "52998224725",
                                .name = "Maria da Silva",
                                .address = "Rua das Flores, 10",
                                .district = "Centro",
                                .postal_code = "01310100",
                                .city = "São Paulo",
                                .state = "SP"};
  return title;
}

Remittance ValidBb() {
  Remittance remittance;
  remittance.agreement = stores::BankAgreement{.bank_code = "001",
                                               .agency = "1234",
                                               .agency_digit = "3",
                                               .account = "12345",
                                               .account_digit = "5",
                                               .wallet = "17",
                                               .agreement = "1234567"};
  remittance.bb_wallet_variation = "019";
  remittance.company_document = "11222333000181";
  remittance.company_name = "Armarinho Estrela Ltda";
  remittance.file_sequence = 7;
  remittance.generated_on = D(2025, 3, 10);
  remittance.generated_hhmmss = 93000;
  remittance.titles.push_back(ValidTitle());
  return remittance;
}

Remittance ValidSicoob(int titles) {
  Remittance remittance = ValidBb();
  remittance.agreement = stores::BankAgreement{.bank_code = "756",
                                               .agency = "3069",
                                               .account = "12345",
                                               .account_digit = "6",
                                               .wallet = "1/05",
                                               .agreement = "445566"};
  remittance.titles.clear();
  for (int i = 1; i <= titles; ++i) {
    RemittanceTitle title = ValidTitle();
    title.nosso_numero_digits = "000000" + std::to_string(i) + "0";
    title.face_value = Money::FromCents(1000 * i + 1);
    remittance.titles.push_back(title);
  }
  return remittance;
}

// The P, Q and R records of the first title.
std::string SegmentP(const Remittance& r) { return Records(WriteRemittance240(r)).at(2); }
std::string SegmentQ(const Remittance& r) { return Records(WriteRemittance240(r)).at(3); }
std::string SegmentR(const Remittance& r) { return Records(WriteRemittance240(r)).at(4); }

TEST(RemittanceBanks, WritesOnlyTheVerifiedLayouts) {
  for (const char* code : {"001", "104", "748", "756"}) EXPECT_TRUE(WritesRemittance240(code));
  for (const char* code : {"033", "237", "341", "999", ""}) EXPECT_FALSE(WritesRemittance240(code));
}

TEST(RemittanceStructure, RecordsAreNumberedAndCounted) {
  const std::vector<std::string> records = Records(WriteRemittance240(ValidSicoob(3)));
  ASSERT_EQ(records.size(), 13U);  // headers, 3 × P Q R, trailers
  for (const std::string& record : records) {
    EXPECT_EQ(record.size(), 240U);
    EXPECT_EQ(record.find_first_of("\r\n"), std::string::npos);
  }
  EXPECT_EQ(Field(records[0], 1, 8), "75600000");
  EXPECT_EQ(Field(records[0], 158, 166), "000007081");  // NSA, layout version
  EXPECT_EQ(Field(records[1], 1, 17), "75600011R01  040 ");
  for (int i = 0; i < 9; ++i) {
    const std::string& detail = records[2 + static_cast<std::size_t>(i)];
    EXPECT_EQ(Field(detail, 1, 8), "75600013");
    EXPECT_EQ(Field(detail, 9, 13), "0000" + std::to_string(i + 1));
    EXPECT_EQ(detail[13], "PQR"[i % 3]);
  }
  EXPECT_EQ(Field(records[11], 1, 23), "75600015         000011");
  // Sicoob's lot trailer: 3 titles in cobrança simples, 10,01 + 20,01 + 30,01.
  EXPECT_EQ(Field(records[11], 24, 46),
            "000003"
            "00000000000006003");
  EXPECT_EQ(Field(records[12], 1, 35), "75699999         000001000013000000");
}

TEST(RemittanceStructure, SicoobNossoNumeroCarriesParcelaAndModalidade) {
  const std::string p = Records(WriteRemittance240(ValidSicoob(1))).at(2);
  EXPECT_EQ(Field(p, 18, 37), "03069 0000000123456 ");  // no DV typed for the cooperativa
  EXPECT_EQ(Field(p, 38, 57),
            "0000000010"
            "01"
            "05"
            "4"
            "     ");
  EXPECT_EQ(Field(p, 58, 62), "10 22");
}

TEST(RemittanceStructure, BancoDoBrasilHeadersCarryConvenioWalletAndVariation) {
  const std::vector<std::string> records = Records(WriteRemittance240(ValidBb()));
  EXPECT_EQ(Field(records[0], 33, 72),
            "001234567"
            "0014"
            "17"
            "019"
            "  "
            "0123430000000123455 ");
  EXPECT_EQ(Field(records[1], 34, 73), Field(records[0], 33, 72));
  EXPECT_EQ(Field(records[2], 38, 62),
            "12345670000000001   "
            "71 00");
  EXPECT_EQ(Field(records[2], 63, 77), "A-1/2          ");
  EXPECT_EQ(Field(records[2], 196, 220), "T-0001                   ");
}

// ---- Amounts --------------------------------------------------------------------------------

TEST(RemittanceAmounts, InterestIsAnAmountADayRoundedHalfUp) {
  struct Case {
    std::int64_t face_cents;
    std::int64_t monthly_bps;
    std::string per_day;  // P 127–141
  };
  const std::vector<Case> cases = {
      {10000, 100, "000000000000003"},   // 100,00 × 1 % / 30 = 3,333… centavos
      {4500, 100, "000000000000002"},    // 45,00 × 1 % / 30 = 1,5 → 2
      {15000, 100, "000000000000005"},   // exactly 5
      {123456, 50, "000000000000021"},   // 1.234,56 × 0,5 % / 30 = 20,576
      {999999, 100, "000000000000333"},  // 9.999,99 × 1 % / 30 = 333,333
  };
  for (const Case& c : cases) {
    Remittance remittance = ValidBb();
    remittance.titles[0].face_value = Money::FromCents(c.face_cents);
    remittance.titles[0].moratory_monthly_rate = Rate::FromBps(c.monthly_bps);
    const std::string p = SegmentP(remittance);
    EXPECT_EQ(Field(p, 118, 118), "1") << c.face_cents;         // valor por dia
    EXPECT_EQ(Field(p, 119, 126), "11042025") << c.face_cents;  // the day after 10/04
    EXPECT_EQ(Field(p, 127, 141), c.per_day) << c.face_cents;
  }
}

TEST(RemittanceAmounts, InterestBelowHalfACentavoADayIsWrittenAsExempt) {
  Remittance remittance = ValidBb();
  remittance.titles[0].face_value = Money::FromCents(100);  // 1,00 × 1 % / 30 ≈ 0,03 centavo
  remittance.titles[0].moratory_monthly_rate = Rate::FromBps(100);
  EXPECT_EQ(Field(SegmentP(remittance), 118, 141), "3" + std::string(23, '0'));
  Remittance sicoob = ValidSicoob(1);  // Sicoob's code for isento is 0
  EXPECT_EQ(Field(SegmentP(sicoob), 118, 141), std::string(24, '0'));
}

TEST(RemittanceAmounts, LateFeeIsAPercentageFromTheDayAfterTheDueDate) {
  Remittance remittance = ValidBb();
  remittance.titles[0].late_fee_rate = Rate::FromBps(200);
  EXPECT_EQ(Field(SegmentR(remittance), 66, 89),
            "2"
            "11042025"
            "000000000000200");
  remittance.titles[0].late_fee_rate = Rate::FromBps(150);
  EXPECT_EQ(Field(SegmentR(remittance), 75, 89), "000000000000150");
  remittance.titles[0].late_fee_rate = Rate::FromBps(0);
  EXPECT_EQ(Field(SegmentR(remittance), 66, 89), std::string(24, '0'));
}

TEST(RemittanceAmounts, LateFeeAboveTwoPercentIsRefused) {
  Remittance remittance = ValidBb();
  remittance.titles[0].late_fee_rate = Rate::FromBps(201);  // 2,01 %
  const auto file = WriteRemittance240(remittance);
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(file.error().field, "titles[0].late_fee_rate");
  EXPECT_NE(file.error().message_pt.find("CDC"), std::string::npos) << file.error().message_pt;
}

TEST(RemittanceAmounts, DiscountIsAFixedAmountUntilADate) {
  Remittance remittance = ValidBb();
  remittance.titles[0].discount = Money::FromCents(1000);
  remittance.titles[0].discount_until = D(2025, 4, 5);
  EXPECT_EQ(Field(SegmentP(remittance), 142, 165),
            "1"
            "05042025"
            "000000000001000");
}

TEST(RemittanceAmounts, FaceValueAndDatesAreWrittenAsTheLayoutSays) {
  const std::string p = SegmentP(ValidBb());
  EXPECT_EQ(Field(p, 78, 100),
            "10042025"
            "000000000010000");
  EXPECT_EQ(Field(p, 107, 117), "02N10032025");
}

// ---- Text -----------------------------------------------------------------------------------

TEST(RemittanceText, PayerTextIsFoldedToUpperCaseAsciiAndCut) {
  Remittance remittance = ValidBb();
  RemittancePayer& payer = remittance.titles[0].payer;
  payer.name = "Conceição Araújo & Filhos – Ltda.";
  payer.address = "Av. São João, nº 1.200 — apto 3º";
  payer.district = "Jardim Ângela do Sul e Região";
  payer.city = "Itaquaquecetuba";
  payer.state = "sp";
  const std::string q = SegmentQ(remittance);
  EXPECT_EQ(Field(q, 34, 73), "CONCEICAO ARAUJO FILHOS LTDA            ");
  EXPECT_EQ(Field(q, 74, 113), "AV SAO JOAO NO 1 200 APTO 3O            ");
  EXPECT_EQ(Field(q, 114, 128), "JARDIM ANGELA D");
  EXPECT_EQ(Field(q, 129, 153),
            "01310100"
            "ITAQUAQUECETUBA"
            "SP");
  EXPECT_EQ(Field(q, 18, 33), "1000052998224725");
}

// ---- Errors name the field ----------------------------------------------------------------

struct ErrorCase {
  std::string what;
  std::function<void(Remittance&)> change;
  std::string field;
};

TEST(RemittanceErrors, NameTheFieldAtFault) {
  const auto first = [](Remittance& r) -> RemittanceTitle& { return r.titles[0]; };
  const std::vector<ErrorCase> cases = {
      {"Bradesco", [](Remittance& r) { r.agreement.bank_code = "237"; }, "agreement.bank_code"},
      {"agency too long", [](Remittance& r) { r.agreement.agency = "12345"; }, "agreement.agency"},
      {"BB convênio of 6", [](Remittance& r) { r.agreement.agreement = "123456"; },
       "agreement.agreement"},
      {"BB wallet 18", [](Remittance& r) { r.agreement.wallet = "18"; }, "agreement.wallet"},
      {"BB account DV", [](Remittance& r) { r.agreement.account_digit.clear(); },
       "agreement.account_digit"},
      {"BB variation", [](Remittance& r) { r.bb_wallet_variation = "19"; }, "bb_wallet_variation"},
      {"company document", [](Remittance& r) { r.company_document = "11.222.333/0001-81"; },
       "company_document"},
      {"company name", [](Remittance& r) { r.company_name = " ... "; }, "company_name"},
      {"NSA 0", [](Remittance& r) { r.file_sequence = 0; }, "file_sequence"},
      {"NSA of 7 digits", [](Remittance& r) { r.file_sequence = 1'000'000; }, "file_sequence"},
      {"time", [](Remittance& r) { r.generated_hhmmss = 126000; }, "generated_hhmmss"},
      {"no titles", [](Remittance& r) { r.titles.clear(); }, "titles"},
      {"nosso número length", [&](Remittance& r) { first(r).nosso_numero_digits = "123"; },
       "titles[0].nosso_numero_digits"},
      {"nosso número of another convênio",
       [&](Remittance& r) { first(r).nosso_numero_digits = "76543210000000001"; },
       "titles[0].nosso_numero_digits"},
      {"document number of 16",
       [&](Remittance& r) { first(r).document_number = "1234567890123456"; },
       "titles[0].document_number"},
      {"document number empty", [&](Remittance& r) { first(r).document_number.clear(); },
       "titles[0].document_number"},
      {"document number with accent", [&](Remittance& r) { first(r).document_number = "Nº1"; },
       "titles[0].document_number"},
      {"company use of 26", [&](Remittance& r) { first(r).company_use = std::string(26, '9'); },
       "titles[0].company_use"},
      {"due before issue", [&](Remittance& r) { first(r).due_date = D(2025, 3, 9); },
       "titles[0].due_date"},
      {"zero face value", [&](Remittance& r) { first(r).face_value = Money(); },
       "titles[0].face_value"},
      {"face value of 16 digits",
       [&](Remittance& r) { first(r).face_value = Money::FromCents(1'000'000'000'000'000); },
       "titles[0].face_value"},
      {"late fee of 1,999 %",
       [&](Remittance& r) { first(r).late_fee_rate = Rate::FromUnits(1'999'000); },
       "titles[0].late_fee_rate"},
      {"juros of 1,01 % a month",
       [&](Remittance& r) { first(r).moratory_monthly_rate = Rate::FromBps(101); },
       "titles[0].moratory_monthly_rate"},
      {"discount without date", [&](Remittance& r) { first(r).discount = Money::FromCents(100); },
       "titles[0].discount_until"},
      {"discount of the whole value",
       [&](Remittance& r) {
         first(r).discount = first(r).face_value;
         first(r).discount_until = first(r).due_date;
       },
       "titles[0].discount"},
      {"discount after the due date",
       [&](Remittance& r) {
         first(r).discount = Money::FromCents(100);
         first(r).discount_until = D(2025, 4, 11);
       },
       "titles[0].discount_until"},
      {"payer document", [&](Remittance& r) { first(r).payer.document = "529.982.247-25"; },
       "titles[0].payer.document"},
      {"payer name without letters", [&](Remittance& r) { first(r).payer.name = "— … —"; },
       "titles[0].payer.name"},
      {"payer address", [&](Remittance& r) { first(r).payer.address.clear(); },
       "titles[0].payer.address"},
      {"payer city", [&](Remittance& r) { first(r).payer.city = " "; }, "titles[0].payer.city"},
      {"payer state", [&](Remittance& r) { first(r).payer.state = "XX"; }, "titles[0].payer.state"},
      {"second title's CEP",
       [](Remittance& r) {
         r.titles.push_back(ValidTitle());
         r.titles[1].payer.postal_code = "01310-100";
       },
       "titles[1].payer.postal_code"},
  };
  for (const ErrorCase& c : cases) {
    Remittance remittance = ValidBb();
    c.change(remittance);
    const auto file = WriteRemittance240(remittance);
    ASSERT_FALSE(file.has_value()) << c.what;
    EXPECT_EQ(file.error().code, core::ErrorCode::kInvalidArgument) << c.what;
    EXPECT_EQ(file.error().field, c.field) << c.what << ": " << file.error().Describe();
    EXPECT_FALSE(file.error().message_pt.empty()) << c.what;
  }
}

TEST(RemittanceErrors, BankSpecificFields) {
  Remittance caixa = ValidBb();
  caixa.agreement = stores::BankAgreement{
      .bank_code = "104", .agency = "1234", .agency_digit = "1", .wallet = "RG", .agreement = "1"};
  caixa.titles[0].nosso_numero_digits = "14000000000000001";
  caixa.titles[0].document_number = "123456789012";  // Caixa's seu número has 11 positions
  EXPECT_EQ(WriteRemittance240(caixa).error().field, "titles[0].document_number");
  caixa.titles[0].document_number = "12345678901";
  EXPECT_TRUE(WriteRemittance240(caixa).has_value());
  caixa.agreement.agency_digit.clear();
  EXPECT_EQ(WriteRemittance240(caixa).error().field, "agreement.agency_digit");

  Remittance sicredi = ValidBb();
  sicredi.agreement = stores::BankAgreement{
      .bank_code = "748", .agency = "0165", .wallet = "1", .agreement = "12345", .station = "14"};
  sicredi.titles[0].nosso_numero_digits = "252000011";
  EXPECT_EQ(WriteRemittance240(sicredi).error().field, "agreement.account");
  sicredi.agreement.account = "12345";
  EXPECT_EQ(WriteRemittance240(sicredi).error().field, "agreement.account_digit");
  sicredi.agreement.account_digit = "0";
  EXPECT_TRUE(WriteRemittance240(sicredi).has_value());

  Remittance sicoob = ValidSicoob(1);
  sicoob.agreement.agency_digit = "12";
  EXPECT_EQ(WriteRemittance240(sicoob).error().field, "agreement.agency_digit");
}

}  // namespace
}  // namespace fiado::bankfiles
