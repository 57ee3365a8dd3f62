#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bankfiles/cnab.h"
#include "bankfiles/cnab_source.h"
#include "support/shared_data.h"

namespace fiado::bankfiles {
namespace {

using core::Date;

constexpr char kFixtures[] = "fixtures/cnab";
constexpr char kBb240[] = "fixtures/cnab/laravel-boleto/cnab240_banco_brasil.ret";
constexpr char kItau400[] = "fixtures/cnab/brcobranca/CNAB400ITAU.RET";
constexpr char kBradesco400[] = "fixtures/cnab/brcobranca/CNAB400BRADESCO.RET";
constexpr char kSmall240[] = "vectors/cnab240-small.ret";

Date D(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// A return read from memory: the summary (or the error) and every title handed to the sink.
struct Read {
  core::Result<ReturnSummary> summary;
  std::vector<ReturnTitle> titles;
};

Read ReadBytes(const std::string& bytes) {
  std::istringstream input(bytes);
  Read read;
  read.summary = ReadReturn(input, [&](const ReturnTitle& title) { read.titles.push_back(title); });
  return read;
}

Read ReadShared(const std::string& relative) {
  return ReadBytes(testing::ReadSharedText(relative));
}

// "linha 12, campo valor_pago: ..." as `fiado tools cnab parse` prints them.
std::vector<std::string> ProblemTexts(const ReturnSummary& summary) {
  std::vector<std::string> texts;
  for (const CnabProblem& p : summary.problems) {
    const std::string where = p.line == 0 ? "arquivo" : "linha " + std::to_string(p.line);
    texts.push_back(where + ", campo " + p.field + ": " + p.message);
  }
  return texts;
}

std::string ErrorOf(const Read& read) {
  return read.summary ? std::string() : read.summary.error().Describe();
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines, const std::string& eol = "\n") {
  std::string text;
  for (const auto& line : lines) text += line + eol;
  return text;
}

// Overwrites `line` with `text` from position `first` (1-based, as in the manuals).
void SetField(std::string& line, std::size_t first, const std::string& text) {
  line.replace(first - 1, text.size(), text);
}

// `number` with leading zeros to `width` digits.
std::string Zeros(std::size_t number, std::size_t width) {
  std::string digits = std::to_string(number);
  return std::string(width - std::min(width, digits.size()), '0') + digits;
}

std::string Utf16(const std::string& text, bool little_endian, bool with_bom) {
  std::string out;
  if (with_bom) out += little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (const char c : text) {
    out += little_endian ? std::string{c, '\0'} : std::string{'\0', c};
  }
  return out;
}

// ---- (a) Every fixture of ../shared/fixtures/cnab --------------------------------------------

// What reading one fixture gives: refused outright (`error`, as Error::Describe()), or read
// with `titles` titles, the first one's key values, and exactly `problems`.
struct FixtureCase {
  std::string file;
  std::string error;
  std::int64_t titles;
  std::string first_nosso_numero;
  std::string first_occurrence;
  std::int64_t first_face_cents;
  std::int64_t first_paid_cents;
  std::vector<std::string> problems;
};

const std::string kRemittance240 = "arquivo: arquivo de remessa CNAB 240, não de retorno";
const std::string kRemittance400 = "arquivo: arquivo de remessa CNAB 400, não de retorno";

std::string NoLayout(const std::string& bank) {
  return "bank_code: banco " + bank + " sem leiaute de retorno CNAB 400";
}

// Why the rejected ones are rejected:
//  - remittances (.rem) are not returns;
//  - BRB 070, Banco do Nordeste 004, Banrisul 041, CrediSIS 097 and Inter 077 have no CNAB 400
//    layout in Fiado;
//  - brcobranca's CNAB400SANTANDER.RET ends with Itaú's trailer (bank 341);
//  - the Unicred files (header bank 001, so read as Banco do Brasil CBR641) have blanks in
//    amount fields and sequence numbers that skip (000016 after 000002); the OCA copies also
//    have 401-character details whose fields are shifted by one position;
//  - BTG's sample has lot numbers 0000/0001 mixed, blanks in amounts and trailers counting 1
//    record; OCA's Ailos sample repeats sequence numbers, has shifted dates and trailers that
//    count 14 and 16 records for 6 and 8.
const std::vector<FixtureCase>& FixtureCases() {
  static const std::vector<FixtureCase> kCases = {
      {"brcobranca/CBR64310.RET", "", 26, "16224200000000003", "06", 9064, 9064, {}},
      {"brcobranca/CNAB240.RET", "", 35, "14499570000020673", "17", 34400, 34400, {}},
      {"brcobranca/CNAB240AILOS.RET", "", 3, "000000000000083", "06", 200, 200, {}},
      {"brcobranca/CNAB240SANTANDER.RET", "", 2, "0000000001406", "02", 1000, 1000, {}},
      {"brcobranca/CNAB240SICOOB.RET", "", 3, "000000008301011", "06", 200, 200, {}},
      {"brcobranca/CNAB400BANCOBRASILIA.RET", NoLayout("070"), 0, "", "", 0, 0, {}},
      {"brcobranca/CNAB400BANCONORDESTE.RET", NoLayout("004"), 0, "", "", 0, 0, {}},
      {"brcobranca/CNAB400BANRISUL.RET", NoLayout("041"), 0, "", "", 0, 0, {}},
      {"brcobranca/CNAB400BRADESCO.RET", "", 6, "000000000303", "02", 145000, 145000, {}},
      {"brcobranca/CNAB400CREDISIS.RET", NoLayout("097"), 0, "", "", 0, 0, {}},
      {"brcobranca/CNAB400ITAU.RET", "", 52, "00000011", "06", 4000, 4000, {}},
      {"brcobranca/CNAB400SANTANDER.RET",
       "",
       52,
       "00000011",
       "06",
       4000,
       3790,
       {"linha 55, campo banco: trailer do banco \"341\" num arquivo do banco 033"}},
      {"brcobranca/CNAB400UNICRED.RET",
       "",
       1,
       "",
       "06",
       44400,
       44400,
       {"linha 2, campo outras_despesas: valor não numérico: \"             \"",
        "linha 2, campo iof: valor não numérico: \"             \"",
        "linha 2, campo outros_creditos: valor não numérico: \"             \"",
        "linha 3, campo sequencial: sequencial do registro: esperado 000003, encontrado "
        "000016"}},
      {"brcobranca/remessa-banco_brasil-cnab240.rem", kRemittance240, 0, "", "", 0, 0, {}},
      {"brcobranca/remessa-bancoob-cnab240.rem", kRemittance240, 0, "", "", 0, 0, {}},
      {"brcobranca/remessa-bradesco-cnab400.rem", kRemittance400, 0, "", "", 0, 0, {}},
      {"brcobranca/remessa-caixa-cnab240.rem", kRemittance240, 0, "", "", 0, 0, {}},
      {"brcobranca/remessa-itau-cnab400.rem", kRemittance400, 0, "", "", 0, 0, {}},
      {"brcobranca/remessa-santander-cnab400-pix.rem", kRemittance400, 0, "", "", 0, 0, {}},
      {"brcobranca/remessa-sicredi-cnab240.rem", kRemittance240, 0, "", "", 0, 0, {}},
      {"laravel-boleto/cnab240_banco_brasil.ret", "", 5, "32948600000000196", "06", 4000, 4000, {}},
      {"laravel-boleto/cnab240_btg.ret",
       "",
       2,
       "00000000000000000268",
       "02",
       80000,
       0,
       {"linha 3, campo lote: registro do lote \"0001\" dentro do lote 0000",
        "linha 3, campo tarifa: valor não numérico: \"0000000000000  \"",
        "linha 4, campo outros_creditos: valor não numérico: \"0000000000000  \"",
        "linha 5, campo tarifa: valor não numérico: \"0000000000000  \"",
        "linha 6, campo outros_creditos: valor não numérico: \"0000000000000  \"",
        "linha 7, campo quantidade_registros: o trailer do lote 0000 informa 1 registros; o lote "
        "tem 6",
        "linha 8, campo quantidade_registros: o trailer do arquivo informa 1 registros; o "
        "arquivo tem 8"}},
      {"laravel-boleto/cnab240_caixa.ret", "", 9, "240000000111369979", "06", 8000, 8000, {}},
      {"laravel-boleto/cnab240_santander.ret", "", 1, "0000000001040", "17", 1000, 1100, {}},
      {"laravel-boleto/cnab400_bb.ret", "", 1, "12345670000000001", "02", 10000, 10000, {}},
      {"laravel-boleto/cnab400_bnb.ret", NoLayout("004"), 0, "", "", 0, 0, {}},
      {"laravel-boleto/cnab400_bradesco.ret", "", 7, "000000000097", "02", 500, 0, {}},
      {"laravel-boleto/cnab400_cef.ret", "", 1, "14000000000000001", "02", 10000, 10000, {}},
      {"laravel-boleto/cnab400_inter.ret", NoLayout("077"), 0, "", "", 0, 0, {}},
      {"laravel-boleto/cnab400_itau.ret", "", 4, "00231327", "06", 38975, 21330, {}},
      {"laravel-boleto/cnab400_santander_pix.ret", "", 1, "00000019", "02", 10000, 10000, {}},
      {"laravel-boleto/cnab400_sicredi.ret", "", 1, "00000162000015", "02", 10000, 10000, {}},
      {"oca-l10n-brazil/CNAB240AILOS.RET",
       "",
       2,
       "11711043000000001",
       "06",
       100,
       30000,
       {"linha 3, campo sequencial: sequencial do registro no lote: esperado 00001, encontrado "
        "00011",
        "linha 5, campo sequencial: sequencial do registro no lote: esperado 00013, encontrado "
        "00011",
        "linha 6, campo data_ocorrencia: data inválida: \"61220210\"",
        "linha 6, campo data_credito: data inválida: \"7122021 \"",
        "linha 7, campo quantidade_registros: o trailer do lote 0000 informa 14 registros; o "
        "lote tem 6",
        "linha 8, campo quantidade_registros: o trailer do arquivo informa 16 registros; o "
        "arquivo tem 8"}},
      {"oca-l10n-brazil/CNAB400UNICRED_valor_maior_3.RET",
       "",
       2,
       "",
       "02",
       30000,
       31000,
       {"linha 2, campo registro: registro com 401 caracteres; o leiaute tem 400",
        "linha 2, campo sequencial: número não numérico: \" 00000\"",
        "linha 2, campo outras_despesas: valor não numérico: \"             \"",
        "linha 2, campo iof: valor não numérico: \"             \"",
        "linha 2, campo outros_creditos: valor não numérico: \"0000005/01   \"",
        "linha 3, campo registro: registro com 401 caracteres; o leiaute tem 400",
        "linha 3, campo sequencial: número não numérico: \" 00000\"",
        "linha 3, campo outras_despesas: valor não numérico: \"             \"",
        "linha 3, campo iof: valor não numérico: \"             \"",
        "linha 3, campo valor_liquido: valor não numérico: \" 000000070820\"",
        "linha 3, campo outros_creditos: valor não numérico: \"00000005/02  \"",
        "linha 4, campo sequencial: sequencial do registro: esperado 000004, encontrado "
        "000016"}},
      {"oca-l10n-brazil/CNAB400UNICRED_valor_menor_1.RET",
       "",
       2,
       "",
       "02",
       30000,
       29650,
       {"linha 2, campo registro: registro com 401 caracteres; o leiaute tem 400",
        "linha 2, campo sequencial: número não numérico: \" 00000\"",
        "linha 2, campo outras_despesas: valor não numérico: \"             \"",
        "linha 2, campo iof: valor não numérico: \"             \"",
        "linha 2, campo outros_creditos: valor não numérico: \"0000005/01   \"",
        "linha 3, campo registro: registro com 401 caracteres; o leiaute tem 400",
        "linha 3, campo sequencial: número não numérico: \" 00000\"",
        "linha 3, campo outras_despesas: valor não numérico: \"             \"",
        "linha 3, campo iof: valor não numérico: \"             \"",
        "linha 3, campo outros_creditos: valor não numérico: \"0000005/02   \"",
        "linha 4, campo sequencial: sequencial do registro: esperado 000004, encontrado "
        "000016"}},
      {"opencnabphp/CN03116A.RET", "", 1, "00000029", "02", 1200, 0, {}},
      {"opencnabphp/R2100095.RET", "", 36, "240000000000859234", "06", 4900, 4900, {}},
      {"opencnabphp/sicoob-example.ret", "", 5, "000000501801014", "11", 600, 0, {}},
      {"python-cnab/cobranca.itau.ret", "", 2, "109000000050", "02", 20000, 0, {}},
      {"python-cnab/cobranca.santander.ret", "", 1, "0000000000060", "17", 4350, 4350, {}},
  };
  return kCases;
}

TEST(CnabFixtures, TableCoversEveryFile) {
  FIADO_REQUIRE_SHARED(kFixtures);
  const auto root = testing::SharedPath(kFixtures);
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      on_disk.insert(entry.path().lexically_relative(root).generic_string());
    }
  }
  std::set<std::string> in_table;
  for (const auto& c : FixtureCases()) in_table.insert(c.file);
  EXPECT_EQ(on_disk, in_table);
  EXPECT_EQ(on_disk.size(), 40U);
}

TEST(CnabFixtures, EachParsesOrIsRejectedForItsReason) {
  FIADO_REQUIRE_SHARED(kFixtures);
  for (const auto& c : FixtureCases()) {
    SCOPED_TRACE(c.file);
    const Read read = ReadShared(std::string(kFixtures) + "/" + c.file);
    EXPECT_EQ(ErrorOf(read), c.error);
    if (!read.summary) continue;
    EXPECT_EQ(read.summary->titles, c.titles);
    ASSERT_EQ(static_cast<std::int64_t>(read.titles.size()), c.titles);
    ASSERT_FALSE(read.titles.empty());
    const ReturnTitle& first = read.titles.front();
    EXPECT_EQ(first.nosso_numero, c.first_nosso_numero);
    EXPECT_EQ(first.occurrence, c.first_occurrence);
    EXPECT_EQ(first.face_value.cents(), c.first_face_cents);
    EXPECT_EQ(first.paid.cents(), c.first_paid_cents);
    EXPECT_EQ(ProblemTexts(*read.summary), c.problems);
    EXPECT_EQ(read.summary->Ok(), c.problems.empty());
  }
}

TEST(CnabFixtures, TotalsAreTheSumOfTheTitles) {
  FIADO_REQUIRE_SHARED(kFixtures);
  for (const auto& c : FixtureCases()) {
    if (!c.error.empty()) continue;
    SCOPED_TRACE(c.file);
    const Read read = ReadShared(std::string(kFixtures) + "/" + c.file);
    ASSERT_TRUE(read.summary.has_value());
    std::int64_t face = 0;
    std::int64_t paid = 0;
    for (const auto& title : read.titles) {
      face += title.face_value.cents();
      paid += title.paid.cents();
    }
    EXPECT_EQ(read.summary->face_total.cents(), face);
    EXPECT_EQ(read.summary->paid_total.cents(), paid);
  }
}

// ---- (b) STANDARDS §3.3 and §3.4 ---------------------------------------------------------

TEST(CnabStandards, Sicoob240FirstPair) {
  FIADO_REQUIRE_SHARED(kFixtures);
  const Read read = ReadShared("fixtures/cnab/brcobranca/CNAB240SICOOB.RET");
  ASSERT_TRUE(read.summary.has_value()) << ErrorOf(read);
  ASSERT_FALSE(read.titles.empty());
  const ReturnTitle& t = read.titles.front();
  // agência + DV 030390: the account's agency (header) and the collecting one (T 100–105).
  EXPECT_EQ(read.summary->info.agency, "03039");
  EXPECT_EQ(t.collecting_agency, "03039");
  EXPECT_EQ(t.due_date, D(2015, 8, 13));
  EXPECT_EQ(t.face_value.cents(), 200);
  EXPECT_EQ(t.collecting_bank, "756");
  EXPECT_EQ(t.occurrence, "06");
  EXPECT_EQ(t.occurrence_date, D(2015, 8, 10));
  EXPECT_EQ(t.credit_date, D(2015, 8, 10));
  EXPECT_EQ(t.paid.cents(), 200);
  EXPECT_EQ(t.fee.cents(), 170);
  EXPECT_EQ(t.reasons, std::vector<std::string>{"03"});
}

TEST(CnabStandards, BancoDoBrasil240FirstPair) {
  FIADO_REQUIRE_SHARED(kFixtures);
  const Read read = ReadShared("fixtures/cnab/brcobranca/CNAB240.RET");
  ASSERT_TRUE(read.summary.has_value()) << ErrorOf(read);
  EXPECT_EQ(read.summary->titles, 35);
  const ReturnTitle& t = read.titles.front();
  EXPECT_EQ(t.face_value.cents(), 34400);
  EXPECT_EQ(t.collecting_bank, "001");
  EXPECT_EQ(t.credit_date, D(2012, 1, 2));
  EXPECT_EQ(t.charges.cents(), 9);
  EXPECT_EQ(t.discount.cents(), 1);
  EXPECT_EQ(t.rebate.cents(), 2);
  EXPECT_EQ(t.iof.cents(), 3);
  EXPECT_EQ(t.other_expenses.cents(), 4);
  EXPECT_EQ(t.other_credits.cents(), 5);
  EXPECT_EQ(t.paid.cents(), 34400);
  EXPECT_EQ(t.fee.cents(), 103);
  EXPECT_EQ(t.reasons, std::vector<std::string>{"03"});
}

// brcobranca's spec counts 53 lines after the header: 52 details and the trailer.
TEST(CnabStandards, Itau400FirstDetail) {
  FIADO_REQUIRE_SHARED(kFixtures);
  const Read read = ReadShared(kItau400);
  ASSERT_TRUE(read.summary.has_value()) << ErrorOf(read);
  EXPECT_EQ(read.summary->titles, 52);
  EXPECT_EQ(read.summary->info.variant, "itau");
  const ReturnTitle& t = read.titles.front();
  EXPECT_EQ(t.nosso_numero, "00000011");
  EXPECT_EQ(t.wallet, "109");
  EXPECT_EQ(t.face_value.cents(), 4000);
  EXPECT_EQ(t.collecting_bank, "104");
  EXPECT_EQ(t.fee.cents(), 210);
  EXPECT_EQ(t.net_credited.cents(), 3790);  // valor principal: credited, tarifa taken
  EXPECT_EQ(t.paid.cents(), 4000);          // principal + tarifa
  EXPECT_EQ(t.occurrence, "06");
  EXPECT_EQ(t.occurrence_date, D(2013, 5, 20));
  EXPECT_EQ(t.credit_date, D(2013, 5, 21));
}

// brcobranca's spec counts 7 lines after the header: 6 details and the trailer.
TEST(CnabStandards, Bradesco400FirstDetail) {
  FIADO_REQUIRE_SHARED(kFixtures);
  const Read read = ReadShared(kBradesco400);
  ASSERT_TRUE(read.summary.has_value()) << ErrorOf(read);
  EXPECT_EQ(read.summary->titles, 6);
  const ReturnTitle& t = read.titles.front();
  EXPECT_EQ(t.nosso_numero, "000000000303");
  EXPECT_EQ(t.due_date, D(2015, 5, 25));
  EXPECT_EQ(t.face_value.cents(), 145000);
  EXPECT_EQ(t.collecting_bank, "237");
  EXPECT_EQ(t.collecting_agency, "04157");
  EXPECT_EQ(t.fee.cents(), 160);
  EXPECT_EQ(t.paid.cents(), 145000);
  EXPECT_EQ(t.occurrence, "02");
  EXPECT_EQ(t.occurrence_date, D(2015, 5, 15));
}

TEST(CnabStandards, WorkedExampleBancoDoBrasil240) {
  FIADO_REQUIRE_SHARED(kBb240);
  const Read read = ReadShared(kBb240);
  ASSERT_TRUE(read.summary.has_value()) << ErrorOf(read);
  const ReturnSummary& s = *read.summary;
  EXPECT_TRUE(s.Ok()) << ::testing::PrintToString(ProblemTexts(s));
  EXPECT_EQ(s.info.layout, CnabLayout::k240);
  EXPECT_EQ(s.info.bank_code, "001");
  EXPECT_EQ(s.info.variant, "febraban");
  EXPECT_EQ(s.lines, 14);  // 12 records in the lot, header and trailer of the file
  EXPECT_EQ(s.lots, 1);
  const ReturnTitle& t = read.titles.front();
  EXPECT_EQ(t.line, 3);
  EXPECT_EQ(t.occurrence, "06");
  EXPECT_EQ(t.nosso_numero, "32948600000000196");
  EXPECT_EQ(t.wallet, "1");
  EXPECT_EQ(t.due_date, D(2011, 3, 23));
  EXPECT_EQ(t.face_value.cents(), 4000);
  EXPECT_EQ(t.collecting_bank, "237");
  EXPECT_EQ(t.collecting_agency, "00988");
  EXPECT_EQ(t.fee.cents(), 500);
  EXPECT_EQ(t.charges.cents(), 0);
  EXPECT_EQ(t.paid.cents(), 4000);
  EXPECT_EQ(t.net_credited.cents(), 3500);
  EXPECT_EQ(t.occurrence_date, D(2011, 3, 21));
  EXPECT_EQ(t.credit_date, D(2011, 3, 23));
}

TEST(CnabStandards, SantanderShiftedSegmentT) {
  FIADO_REQUIRE_SHARED(kFixtures);
  const Read read = ReadShared("fixtures/cnab/laravel-boleto/cnab240_santander.ret");
  ASSERT_TRUE(read.summary.has_value()) << ErrorOf(read);
  EXPECT_EQ(read.summary->info.variant, "santander");
  const ReturnTitle& t = read.titles.front();
  EXPECT_EQ(t.nosso_numero, "0000000001040");  // 41–53
  EXPECT_EQ(t.wallet, "1");                    // 54
  EXPECT_EQ(t.due_date, D(2014, 6, 4));        // 70–77
  EXPECT_EQ(t.face_value.cents(), 1000);       // 78–92
  EXPECT_EQ(t.collecting_bank, "033");
  EXPECT_EQ(t.fee.cents(), 324);  // 194–208
  EXPECT_EQ(t.paid.cents(), 1100);
}

// ---- (c) vectors/cnab240-small.ret against its generator's truth ------------------------

TEST(CnabVectors, SmallFileMatchesTruth) {
  FIADO_REQUIRE_SHARED(kSmall240);
  const auto truth = testing::ReadSharedJson("vectors/cnab240-small.ret.truth.json");
  const Read read = ReadShared(kSmall240);
  ASSERT_TRUE(read.summary.has_value()) << ErrorOf(read);
  const ReturnSummary& s = *read.summary;
  EXPECT_TRUE(s.Ok()) << ::testing::PrintToString(ProblemTexts(s));
  EXPECT_EQ(s.lines, truth["records"].get<std::int64_t>());
  EXPECT_EQ(s.lots, truth["lotes"].get<std::int64_t>());
  EXPECT_EQ(s.titles, truth["segT"].get<std::int64_t>());
  EXPECT_EQ(s.titles, truth["segU"].get<std::int64_t>());
  EXPECT_EQ(s.face_total.cents(), truth["sumValorTitulo"].get<std::int64_t>());
  EXPECT_EQ(s.paid_total.cents(), truth["sumValorPago"].get<std::int64_t>());
  EXPECT_EQ(s.net_total.cents(), truth["sumValorLiquido"].get<std::int64_t>());
  EXPECT_EQ(s.fee_total.cents(), truth["sumTarifa"].get<std::int64_t>());
  EXPECT_EQ(s.charges_total.cents(), truth["sumJuros"].get<std::int64_t>());
  std::map<std::string, std::int64_t> by_occurrence;
  for (const auto& title : read.titles) ++by_occurrence[title.occurrence];
  EXPECT_EQ(by_occurrence, (truth["byMovimento"].get<std::map<std::string, std::int64_t>>()));
}

TEST(CnabVectors, SmallFileFirstPairs) {
  FIADO_REQUIRE_SHARED(kSmall240);
  const auto truth = testing::ReadSharedJson("vectors/cnab240-small.ret.truth.json");
  const Read read = ReadShared(kSmall240);
  ASSERT_TRUE(read.summary.has_value()) << ErrorOf(read);
  const auto& pairs = truth["firstPairs"];
  ASSERT_EQ(pairs.size(), 20U);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& want = pairs[i];
    const ReturnTitle& t = read.titles.at(i);
    SCOPED_TRACE(want.dump());
    // Lot 1 starts after the file and lot headers, so its T of sequence n is on line 2 + n.
    ASSERT_EQ(want["lote"].get<int>(), 1);
    EXPECT_EQ(t.line, 2 + want["seqT"].get<std::int64_t>());
    EXPECT_EQ(t.occurrence, want["movimento"].get<std::string>());
    EXPECT_EQ(t.nosso_numero, want["nossoNumero"].get<std::string>());
    EXPECT_EQ(t.document_number, want["numeroDocumento"].get<std::string>());
    const std::string due = want["vencimento"].get<std::string>();
    EXPECT_EQ(t.due_date, cnab::DateFromDigits(due, cnab::DateOrder::kDdMmAaaa));
    EXPECT_EQ(t.face_value.cents(), want["valorTituloCents"].get<std::int64_t>());
    EXPECT_EQ(t.fee.cents(), want["tarifaCents"].get<std::int64_t>());
    EXPECT_EQ(t.payer_document, want["cpfSacado"].get<std::string>());
    EXPECT_EQ(t.charges.cents(), want["jurosCents"].get<std::int64_t>());
    EXPECT_EQ(t.discount.cents(), want["descontoCents"].get<std::int64_t>());
    EXPECT_EQ(t.paid.cents(), want["valorPagoCents"].get<std::int64_t>());
    EXPECT_EQ(t.net_credited.cents(), want["valorLiquidoCents"].get<std::int64_t>());
  }
}

// ---- (d) Robustness --------------------------------------------------------------------

// What a variant of a file must still give: the same titles, no problems.
void ExpectSameAs(const Read& reference, const Read& variant) {
  ASSERT_TRUE(variant.summary.has_value()) << ErrorOf(variant);
  EXPECT_TRUE(variant.summary->Ok()) << ::testing::PrintToString(ProblemTexts(*variant.summary));
  ASSERT_EQ(variant.titles.size(), reference.titles.size());
  for (std::size_t i = 0; i < reference.titles.size(); ++i) {
    EXPECT_EQ(variant.titles[i].line, reference.titles[i].line);
    EXPECT_EQ(variant.titles[i].nosso_numero, reference.titles[i].nosso_numero);
    EXPECT_EQ(variant.titles[i].paid, reference.titles[i].paid);
    EXPECT_EQ(variant.titles[i].payer_name, reference.titles[i].payer_name);
  }
  EXPECT_EQ(variant.summary->paid_total, reference.summary->paid_total);
  EXPECT_EQ(variant.summary->lines, reference.summary->lines);
}

class CnabRobustness : public ::testing::Test {
 protected:
  void SetUp() override {
    FIADO_REQUIRE_SHARED(kBb240);
    lines_ = SplitLines(testing::ReadSharedText(kBb240));
    reference_ = ReadBytes(JoinLines(lines_));
    ASSERT_TRUE(reference_.summary.has_value());
    ASSERT_TRUE(reference_.summary->Ok());
  }

  // Problems of the BB 240 sample after `edit` changed its lines.
  template <typename Edit>
  std::vector<std::string> ProblemsAfter(Edit edit) {
    std::vector<std::string> lines = lines_;
    edit(lines);
    const Read read = ReadBytes(JoinLines(lines));
    EXPECT_TRUE(read.summary.has_value()) << ErrorOf(read);
    return read.summary ? ProblemTexts(*read.summary) : std::vector<std::string>{};
  }

  std::vector<std::string> lines_;
  Read reference_;
};

TEST_F(CnabRobustness, LineEndsAndByteOrderMark) {
  ExpectSameAs(reference_, ReadBytes(JoinLines(lines_, "\r\n")));
  ExpectSameAs(reference_, ReadBytes("\xEF\xBB\xBF" + JoinLines(lines_, "\r\n")));
  std::string no_final_eol = JoinLines(lines_);
  no_final_eol.pop_back();
  ExpectSameAs(reference_, ReadBytes(no_final_eol));
  ExpectSameAs(reference_, ReadBytes(JoinLines(lines_, "\r")));  // old Mac
  ExpectSameAs(reference_, ReadBytes(JoinLines(lines_) + "\n\n  \n\x1a"));
}

TEST_F(CnabRobustness, Utf16Copies) {
  const std::string text = JoinLines(lines_, "\r\n");
  for (const bool little_endian : {true, false}) {
    for (const bool with_bom : {true, false}) {
      SCOPED_TRACE(::testing::Message()
                   << "little endian " << little_endian << ", BOM " << with_bom);
      ExpectSameAs(reference_, ReadBytes(Utf16(text, little_endian, with_bom)));
    }
  }
}

TEST_F(CnabRobustness, TrimmedAndExtraTrailingBlanks) {
  std::vector<std::string> trimmed = lines_;
  for (auto& line : trimmed) line.erase(line.find_last_not_of(' ') + 1);
  ExpectSameAs(reference_, ReadBytes(JoinLines(trimmed)));
  std::vector<std::string> padded = lines_;
  for (auto& line : padded) line += "     ";
  ExpectSameAs(reference_, ReadBytes(JoinLines(padded)));
}

TEST_F(CnabRobustness, Utf8LettersInANameAreFoldedToOneByte) {
  std::vector<std::string> lines = lines_;
  lines[2].replace(148, 4, "JO\xC3\x83O");  // "JOÃO" in UTF-8: one byte longer than Latin-1
  const Read read = ReadBytes(JoinLines(lines));
  ASSERT_TRUE(read.summary.has_value());
  EXPECT_TRUE(read.summary->Ok()) << ::testing::PrintToString(ProblemTexts(*read.summary));
  EXPECT_EQ(read.titles.front().payer_name.substr(0, 4), "JO\xC3O");  // Latin-1
  EXPECT_EQ(read.titles.front().fee.cents(), 500);
}

TEST_F(CnabRobustness, TruncatedFile) {
  const auto problems = ProblemsAfter([](auto& lines) { lines.resize(12); });
  EXPECT_EQ(problems, (std::vector<std::string>{
                          "linha 2, campo trailer_lote: lote 0001 sem trailer de lote",
                          "arquivo, campo trailer_arquivo: arquivo sem trailer de arquivo "
                          "(registro tipo 9): incompleto ou truncado"}));
}

TEST_F(CnabRobustness, TruncatedInsideARecord) {
  const auto problems = ProblemsAfter([](auto& lines) {
    lines.resize(12);
    lines[11].resize(100);
  });
  EXPECT_EQ(problems,
            (std::vector<std::string>{
                "linha 2, campo trailer_lote: lote 0001 sem trailer de lote",
                "linha 12, campo valor_liquido: valor não numérico: \"00000000       \"",
                "linha 12, campo outras_despesas: valor não numérico: \"               \"",
                "linha 12, campo outros_creditos: valor não numérico: \"               \"",
                "arquivo, campo trailer_arquivo: arquivo sem trailer de arquivo (registro tipo "
                "9): incompleto ou truncado"}));
}

TEST_F(CnabRobustness, WrongTrailerCounts) {
  EXPECT_EQ(ProblemsAfter([](auto& lines) { SetField(lines[12], 18, "000011"); }),
            std::vector<std::string>{"linha 13, campo quantidade_registros: o trailer do lote "
                                     "0001 informa 11 registros; o lote tem 12"});
  EXPECT_EQ(ProblemsAfter([](auto& lines) { SetField(lines[13], 18, "000002000015"); }),
            (std::vector<std::string>{
                "linha 14, campo quantidade_lotes: o trailer do arquivo informa 2 lotes; o "
                "arquivo tem 1",
                "linha 14, campo quantidade_registros: o trailer do arquivo informa 15 "
                "registros; o arquivo tem 14"}));
  EXPECT_EQ(ProblemsAfter([](auto& lines) { SetField(lines[12], 18, "00001X"); }),
            std::vector<std::string>{
                "linha 13, campo quantidade_registros: número não numérico: \"00001X\""});
}

TEST_F(CnabRobustness, UnpairedSegments) {
  EXPECT_EQ(ProblemsAfter([](auto& lines) { lines.erase(lines.begin() + 3); }),
            (std::vector<std::string>{
                "linha 3, campo segmento: segmento T sem o segmento U do mesmo título",
                "linha 4, campo sequencial: sequencial do registro no lote: esperado 00002, "
                "encontrado 00003",
                "linha 12, campo quantidade_registros: o trailer do lote 0001 informa 12 "
                "registros; o lote tem 11",
                "linha 13, campo quantidade_registros: o trailer do arquivo informa 14 "
                "registros; o arquivo tem 13"}));
  EXPECT_EQ(ProblemsAfter([](auto& lines) { SetField(lines[2], 14, "U"); }),
            (std::vector<std::string>{
                "linha 3, campo segmento: segmento U sem o segmento T do mesmo título antes "
                "dele",
                "linha 4, campo segmento: segmento U sem o segmento T do mesmo título antes "
                "dele"}));
}

TEST_F(CnabRobustness, SegmentsOtherThanTAndUAreSkipped) {
  std::vector<std::string> lines = lines_;
  std::string y = lines[3];
  SetField(y, 9, "00003Y");
  lines.insert(lines.begin() + 4, y);
  for (std::size_t i = 5; i < 13; ++i) {  // renumber the details after the Y
    SetField(lines[i], 9, Zeros(i - 1, 5));
  }
  SetField(lines[13], 18, "000013");
  SetField(lines[14], 24, "000015");
  const Read read = ReadBytes(JoinLines(lines));
  ASSERT_TRUE(read.summary.has_value());
  EXPECT_TRUE(read.summary->Ok()) << ::testing::PrintToString(ProblemTexts(*read.summary));
  EXPECT_EQ(read.summary->titles, 5);
}

TEST_F(CnabRobustness, LineOfWrongLength) {
  EXPECT_EQ(ProblemsAfter([](auto& lines) { lines[4] += "X"; }),
            std::vector<std::string>{
                "linha 5, campo registro: registro com 241 caracteres; o leiaute tem 240"});
}

TEST_F(CnabRobustness, BadFieldsNameTheirLineAndField) {
  EXPECT_EQ(ProblemsAfter([](auto& lines) { SetField(lines[3], 78, "00000000000X000"); }),
            std::vector<std::string>{
                "linha 4, campo valor_pago: valor não numérico: \"00000000000X000\""});
  EXPECT_EQ(
      ProblemsAfter([](auto& lines) { SetField(lines[2], 74, "31022011"); }),
      std::vector<std::string>{"linha 3, campo data_vencimento: data inválida: \"31022011\""});
  EXPECT_EQ(ProblemsAfter([](auto& lines) { SetField(lines[5], 9, "00009"); }),
            (std::vector<std::string>{
                "linha 6, campo sequencial: sequencial do registro no lote: esperado 00004, "
                "encontrado 00009"}));
}

TEST_F(CnabRobustness, GarbageLine) {
  EXPECT_EQ(ProblemsAfter([](auto& lines) {
              lines.insert(lines.begin() + 5, std::string("\x01\x02garbage\xFF\xFE\0zz", 14));
            }),
            (std::vector<std::string>{
                "linha 6, campo banco: registro do banco \"??g\" num arquivo do banco 001",
                "linha 6, campo tipo_registro: tipo de registro desconhecido (posição 8): \"g\"",
                "linha 15, campo quantidade_registros: o trailer do arquivo informa 14 "
                "registros; o arquivo tem 15"}));
}

TEST(CnabRobustnessFile, NotACnabReturn) {
  EXPECT_EQ(ErrorOf(ReadBytes("")), "arquivo: arquivo vazio: nenhum registro");
  EXPECT_EQ(ErrorOf(ReadBytes("\n  \r\n\n")), "arquivo: arquivo vazio: nenhum registro");
  const std::string not_cnab =
      "arquivo: o arquivo não é um retorno CNAB 240 nem CNAB 400: a primeira linha não é um "
      "header de arquivo";
  EXPECT_EQ(ErrorOf(ReadBytes("OFXHEADER:100\nDATA:OFXSGML\n")), not_cnab);
  EXPECT_EQ(ErrorOf(ReadBytes(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16))), not_cnab);
  EXPECT_EQ(ErrorOf(ReadBytes("00100000" + std::string(300, '9') + "\n")),
            "arquivo: header com 308 caracteres: um arquivo cnab240 tem registros de 240");
}

TEST(CnabRobustnessFile, UnknownBankFor400) {
  FIADO_REQUIRE_SHARED(kItau400);
  auto lines = SplitLines(testing::ReadSharedText(kItau400));
  SetField(lines[0], 77, "999");
  EXPECT_EQ(ErrorOf(ReadBytes(JoinLines(lines))),
            "bank_code: banco 999 sem leiaute de retorno CNAB 400");
}

TEST(CnabRobustnessFile, Itau400TrailerTotals) {
  FIADO_REQUIRE_SHARED(kItau400);
  auto lines = SplitLines(testing::ReadSharedText(kItau400));
  SetField(lines.back(), 213, "0000005100000000268897");
  const Read read = ReadBytes(JoinLines(lines));
  ASSERT_TRUE(read.summary.has_value());
  EXPECT_EQ(ProblemTexts(*read.summary),
            (std::vector<std::string>{
                "linha 54, campo quantidade_detalhes: o trailer informa 51 registros de "
                "detalhe; o arquivo tem 52",
                "linha 54, campo valor_total: o trailer informa R$ 2.688,97 em títulos; a soma "
                "dos detalhes é R$ 2.688,96"}));
}

TEST(CnabRobustnessFile, Bradesco400TrailerCounts) {
  FIADO_REQUIRE_SHARED(kBradesco400);
  auto lines = SplitLines(testing::ReadSharedText(kBradesco400));
  SetField(lines.back(), 58, "00004");
  const Read read = ReadBytes(JoinLines(lines));
  ASSERT_TRUE(read.summary.has_value());
  EXPECT_EQ(ProblemTexts(*read.summary),
            std::vector<std::string>{"linha 8, campo quantidade_entradas: o trailer informa 4 "
                                     "confirmações de entrada (02); o arquivo tem 5"});
}

TEST(CnabRobustnessFile, Sequence400AndNoTrailer) {
  FIADO_REQUIRE_SHARED(kBradesco400);
  auto lines = SplitLines(testing::ReadSharedText(kBradesco400));
  lines.erase(lines.begin() + 2);
  lines.pop_back();
  const Read read = ReadBytes(JoinLines(lines));
  ASSERT_TRUE(read.summary.has_value());
  EXPECT_EQ(ProblemTexts(*read.summary),
            (std::vector<std::string>{
                "linha 3, campo sequencial: sequencial do registro: esperado 000003, "
                "encontrado 000004",
                "arquivo, campo trailer_arquivo: arquivo sem trailer (registro tipo 9): "
                "incompleto ou truncado"}));
}

TEST(CnabRobustnessFile, LotTotalOfCobrancaSimples) {
  FIADO_REQUIRE_SHARED(kSmall240);
  auto lines = SplitLines(testing::ReadSharedText(kSmall240));
  ASSERT_EQ(lines[102].substr(7, 1), "5");
  SetField(lines[102], 30, "00000000047839945");
  const Read read = ReadBytes(JoinLines(lines));
  ASSERT_TRUE(read.summary.has_value());
  EXPECT_EQ(ProblemTexts(*read.summary),
            std::vector<std::string>{
                "linha 103, campo valor_cobranca_simples: o trailer do lote 0001 informa "
                "R$ 478.399,45 em cobrança simples; a soma dos 50 títulos do lote é "
                "R$ 478.399,44"});
}

// Random damage to every sample: never a crash, an exception or more than 100 problems.
TEST(CnabRobustnessFile, MutatedFixturesNeverCrash) {
  FIADO_REQUIRE_SHARED(kFixtures);
  std::mt19937 random(20240611);
  for (const auto& c : FixtureCases()) {
    const std::string original = testing::ReadSharedText(std::string(kFixtures) + "/" + c.file);
    for (int round = 0; round < 60; ++round) {
      std::string bytes = original;
      const int damages = 1 + round % 8;
      for (int d = 0; d < damages && !bytes.empty(); ++d) {
        const std::size_t at = random() % bytes.size();
        switch (random() % 3) {
          case 0:
            bytes[at] = static_cast<char>(random() % 256);
            break;
          case 1:
            bytes.erase(at, random() % 50);
            break;
          default:
            bytes.insert(at, std::string(random() % 5, static_cast<char>(random())));
        }
      }
      const Read read = ReadBytes(bytes);
      if (read.summary) {
        EXPECT_LE(read.summary->problems.size(), cnab::ProblemLog::kMaxKept);
      }
    }
  }
}

TEST(CnabRobustnessFile, ProblemsAreCappedAt100) {
  FIADO_REQUIRE_SHARED(kBb240);
  auto lines = SplitLines(testing::ReadSharedText(kBb240));
  std::vector<std::string> many(lines.begin(), lines.begin() + 2);
  for (int i = 0; i < 300; ++i) many.push_back(lines[2]);  // T after T: unpaired, bad sequence
  const Read read = ReadBytes(JoinLines(many));
  ASSERT_TRUE(read.summary.has_value());
  EXPECT_EQ(read.summary->problems.size(), cnab::ProblemLog::kMaxKept);
}

// ---- The line source ---------------------------------------------------------------------

std::vector<std::string> AllLines(const std::string& bytes, std::size_t buffer_bytes) {
  std::istringstream input(bytes);
  cnab::LineSource source(input, buffer_bytes);
  std::vector<std::string> lines;
  std::string_view line;
  while (source.Next(line)) {
    lines.emplace_back(line);
    EXPECT_EQ(source.line_number(), static_cast<std::int64_t>(lines.size()));
  }
  return lines;
}

TEST(CnabLineSource, LinesAcrossBufferRefills) {
  std::vector<std::string> expected;
  std::string bytes;
  for (int i = 0; i < 3000; ++i) {
    expected.push_back(
        std::string(static_cast<std::size_t>(i * 7 % 613), static_cast<char>('a' + i % 26)));
    bytes += expected.back() + (i % 3 == 0 ? "\r\n" : "\n");
  }
  EXPECT_EQ(AllLines(bytes, 4096), expected);
  EXPECT_EQ(AllLines(Utf16(bytes, true, true), 4096), expected);
  EXPECT_EQ(AllLines(Utf16(bytes, false, false), 4096), expected);
}

TEST(CnabLineSource, LineLongerThanTheBufferIsCut) {
  const std::string bytes = std::string(10000, 'x') + "\nok\n";
  const auto lines = AllLines(bytes, 4096);
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[0].size(), 4096U);
  EXPECT_EQ(lines[3], "ok");
}

TEST(CnabLineSource, EncodingsAndByteOrderMarks) {
  {
    std::istringstream input(
        "\xEF\xBB\xBF"
        "abc\n");
    cnab::LineSource source(input);
    std::string_view line;
    ASSERT_TRUE(source.Next(line));
    EXPECT_EQ(line, "abc");
    EXPECT_TRUE(source.had_byte_order_mark());
    EXPECT_EQ(source.encoding(), cnab::TextEncoding::kSingleByte);
  }
  {
    std::istringstream input(Utf16("0123\n", false, false) + "\x01");  // odd last byte
    cnab::LineSource source(input);
    std::string_view line;
    ASSERT_TRUE(source.Next(line));
    EXPECT_EQ(line, "0123");
    EXPECT_EQ(source.encoding(), cnab::TextEncoding::kUtf16Be);
    EXPECT_FALSE(source.Next(line));
  }
  {  // "é" (U+00E9) becomes the Latin-1 byte, "€" (U+20AC) a '?'
    std::istringstream input(std::string("\xFF\xFEJ\0\xE9\0\xAC\x20\n\0", 10));
    cnab::LineSource source(input);
    std::string_view line;
    ASSERT_TRUE(source.Next(line));
    EXPECT_EQ(line, "J\xE9?");
  }
}

TEST(CnabLineSource, FitPadsAndFolds) {
  std::istringstream input("x");
  cnab::LineSource source(input);
  EXPECT_EQ(source.Fit("abc", 6), "abc   ");
  EXPECT_EQ(source.Fit("abcdef", 6), "abcdef");
  EXPECT_EQ(source.Fit("abcdefg", 6), "abcdefg");                // the caller decides about extras
  EXPECT_EQ(source.Fit("S\xC3\x83O PAULO", 9), "S\xC3O PAULO");  // UTF-8 "SÃO PAULO" folded
  EXPECT_EQ(source.Fit("\xC3(bad)x", 6), "\xC3(bad)x");          // not UTF-8: untouched
}

TEST(CnabDates, TwoDigitYearsAreThisCentury) {
  EXPECT_EQ(cnab::DateFromDigits("150515", cnab::DateOrder::kDdMmAa), D(2015, 5, 15));
  EXPECT_EQ(cnab::DateFromDigits("29022024", cnab::DateOrder::kDdMmAaaa), D(2024, 2, 29));
  EXPECT_EQ(cnab::DateFromDigits("20261120", cnab::DateOrder::kAaaaMmDd), D(2026, 11, 20));
  EXPECT_FALSE(cnab::DateFromDigits("29022023", cnab::DateOrder::kDdMmAaaa).has_value());
  EXPECT_FALSE(cnab::DateFromDigits("1A0515", cnab::DateOrder::kDdMmAa).has_value());
}

TEST(CnabReadReturn, EmptySinkOnlyChecks) {
  FIADO_REQUIRE_SHARED(kBb240);
  std::istringstream input(testing::ReadSharedText(kBb240));
  const auto summary = ReadReturn(input, TitleSink{});
  ASSERT_TRUE(summary.has_value());
  EXPECT_TRUE(summary->Ok());
  EXPECT_EQ(summary->titles, 5);
  EXPECT_EQ(summary->paid_total.cents(), 12880);
}

TEST(CnabLayoutName, Names) {
  EXPECT_EQ(LayoutName(CnabLayout::k240), "cnab240");
  EXPECT_EQ(LayoutName(CnabLayout::k400), "cnab400");
}

}  // namespace
}  // namespace fiado::bankfiles
