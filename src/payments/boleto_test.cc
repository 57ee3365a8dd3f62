#include "payments/boleto.h"

#include <gtest/gtest.h>

#include <array>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/shared_data.h"

namespace fiado::payments {
namespace {

using core::Date;
using core::Money;

Date D(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

std::string Digits(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

// The message of a rejected decode, or "" when it was accepted.
std::string Rejection(std::string_view text, Date processing = D(2025, 11, 22)) {
  const auto decoded = DecodeBoleto(text, processing);
  return decoded ? "" : decoded.error().message_pt;
}

// ---- Fator de vencimento (STANDARDS.md §2.3) ------------------------------------------------

struct FactorCase {
  Date due;
  int factor;
};

const std::vector<FactorCase> kFactorTable = {
    {D(2000, 7, 3), 1000},  {D(2000, 7, 4), 1001},   {D(2002, 5, 1), 1667},
    {D(2008, 2, 1), 3769},  {D(2010, 11, 17), 4789}, {D(2025, 2, 21), 9999},
    {D(2025, 2, 22), 1000}, {D(2025, 2, 23), 1001},  {D(2026, 1, 1), 1313},
    {D(2026, 3, 10), 1381}, {D(2049, 10, 13), 9999}, {D(2049, 10, 14), 1000},
};

TEST(BoletoFactor, StandardsTable) {
  for (const FactorCase& c : kFactorTable) {
    const auto factor = DueFactor(c.due);
    ASSERT_TRUE(factor.has_value()) << core::FormatIso(c.due);
    EXPECT_EQ(*factor, c.factor) << core::FormatIso(c.due);
    // Seen on the due date itself, a factor gives back its date.
    EXPECT_EQ(DateOfFactor(c.factor, c.due), c.due) << core::FormatIso(c.due);
  }
}

TEST(BoletoFactor, DecodeUsesFebrabanWindow) {
  // 17/11/2010 is more than 3000 days before 22/11/2025: the next cycle is meant.
  EXPECT_EQ(DateOfFactor(4789, D(2025, 11, 22)), D(2035, 7, 9));
  EXPECT_EQ(DateOfFactor(4789, D(2010, 11, 1)), D(2010, 11, 17));
  EXPECT_EQ(DateOfFactor(1381, D(2025, 11, 22)), D(2026, 3, 10));
  EXPECT_EQ(DateOfFactor(9999, D(2025, 11, 22)), D(2025, 2, 21));  // 274 days ago
}

TEST(BoletoFactor, GapBetweenWindowsIsReadAsOverdue) {
  const Date processing = D(2025, 11, 22);
  // 5500 days ahead is the window's end: 10 days later reads as 8990 days earlier.
  EXPECT_EQ(DateOfFactor(*DueFactor(core::AddDays(processing, 5500)), processing),
            core::AddDays(processing, 5500));
  EXPECT_EQ(DateOfFactor(*DueFactor(core::AddDays(processing, 5510)), processing),
            core::AddDays(processing, 5510 - 9000));
  EXPECT_EQ(DateOfFactor(*DueFactor(core::AddDays(processing, -3000)), processing),
            core::AddDays(processing, -3000));
  EXPECT_EQ(DateOfFactor(*DueFactor(core::AddDays(processing, -3010)), processing),
            core::AddDays(processing, -3010));
}

TEST(BoletoFactor, ZeroAndImpossibleFactorsHaveNoDate) {
  EXPECT_EQ(DateOfFactor(0, D(2025, 11, 22)), std::nullopt);
  EXPECT_EQ(DateOfFactor(999, D(2025, 11, 22)), std::nullopt);
  EXPECT_EQ(DateOfFactor(10000, D(2025, 11, 22)), std::nullopt);
}

TEST(BoletoFactor, RejectsDatesBeforeTheFirstFactor) {
  const auto factor = DueFactor(D(2000, 7, 2));
  ASSERT_FALSE(factor.has_value());
  EXPECT_EQ(factor.error().field, "due_date");
  EXPECT_NE(factor.error().message_pt.find("03/07/2000"), std::string::npos);
}

TEST(BoletoFactor, SharedDueFactorCases) {
  FIADO_REQUIRE_SHARED("vectors/boleto.json");
  const auto json = testing::ReadSharedJson("vectors/boleto.json");
  ASSERT_GE(json.at("due_factor").size(), 180u);
  for (const auto& c : json.at("due_factor")) {
    const auto due = core::ParseIsoDate(c.at("date").get<std::string>());
    ASSERT_TRUE(due.has_value());
    EXPECT_EQ(DueFactor(*due), c.at("reference_factor").get<int>()) << c.at("date");
    const auto back = c.at("brazilian-utils_date_from_factor(ref=same date)").get<std::string>();
    EXPECT_EQ(core::FormatIso(*DateOfFactor(*DueFactor(*due), *due)), back);
  }
}

// ---- Check digits ------------------------------------------------------------------------------

TEST(BoletoCheckDigits, BancoDoBrasilManualExample) {
  // STANDARDS §2.4 row 1: field DVs 5, 9, 4 and general DV 3.
  EXPECT_EQ(Modulo10("001905009"), 5);
  EXPECT_EQ(Modulo10("4014481606"), 9);
  EXPECT_EQ(Modulo10("0680935031"), 4);
  EXPECT_EQ(BoletoModulo11("0019373700000001000500940144816060680935031"), 3);
}

TEST(BoletoCheckDigits, Modulo11NeverGivesZero) {
  // Remainders 0 and 1 (DV 11 and 10) give 1, as the shared barcodes with remainder 0 show.
  EXPECT_EQ(BoletoModulo11("0019364800000000009950207269705289550646390"), 1);
  EXPECT_EQ(Modulo10("0000000000"), 0);
}

// ---- Barcode and linha (STANDARDS.md §2.4) -----------------------------------------------

struct CodeCase {
  std::string barcode;
  std::string linha;  // formatted
};

const std::vector<CodeCase> kStandardsCodes = {
    {"00193373700000001000500940144816060680935031",
     "00190.50095 40144.816069 06809.350314 3 37370000000100"},
    {"00193376900000135000000001238798977770016818",
     "00190.00009 01238.798977 77700.168188 3 37690000013500"},
    {"00191684600002246740000001474166000000032817",
     "00190.00009 01474.166004 00000.328179 1 68460000224674"},
    {"23795422300002952951172060007589645204030050",
     "23791.17209 60007.589645 52040.300502 5 42230000295295"},
    {"00192138100000094560000001238798977770016818",
     "00190.00009 01238.798977 77700.168188 2 13810000009456"},
    {"00197100000000001000000001238798977770016818",
     "00190.00009 01238.798977 77700.168188 7 10000000000100"},
};

TEST(BoletoCodes, StandardsVectorsConvertBothWays) {
  for (const CodeCase& c : kStandardsCodes) {
    const std::string linha = LinhaFromBarcode(c.barcode);
    EXPECT_EQ(FormatLinha(linha), c.linha);
    EXPECT_EQ(linha, Digits(c.linha));
    EXPECT_EQ(BarcodeFromLinha(linha), c.barcode);
    std::array<char, kLinhaLength> buffer{};
    ASSERT_TRUE(LinhaFromBarcode(c.barcode, buffer));
    EXPECT_EQ(std::string(buffer.data(), buffer.size()), linha);
    for (const std::string& input : {c.barcode, c.linha, linha}) {
      const auto decoded = DecodeBoleto(input, D(2025, 11, 22));
      ASSERT_TRUE(decoded.has_value()) << input << ": " << decoded.error().message_pt;
      EXPECT_EQ(decoded->barcode, c.barcode);
      EXPECT_EQ(decoded->linha, linha);
    }
  }
}

TEST(BoletoCodes, MakeBarcodeReproducesStandardsVectors) {
  const std::string campo_livre = "0000001238798977770016818";
  EXPECT_EQ(MakeBarcode("001", D(2008, 2, 1), Money::FromCents(13500), campo_livre),
            kStandardsCodes[1].barcode);
  EXPECT_EQ(MakeBarcode("001", D(2026, 3, 10), Money::FromCents(9456), campo_livre),
            kStandardsCodes[4].barcode);
  EXPECT_EQ(MakeBarcode("001", D(2025, 2, 22), Money::FromCents(100), campo_livre),
            kStandardsCodes[5].barcode);
  EXPECT_EQ(
      MakeBarcode("237", D(2009, 4, 30), Money::FromCents(295295), "1172060007589645204030050"),
      kStandardsCodes[3].barcode);
}

TEST(BoletoCodes, MakeBarcodeWithoutDueDateWritesFactorZero) {
  const auto barcode =
      MakeBarcode("001", std::nullopt, Money::FromCents(100), "0000001238798977770016818");
  ASSERT_TRUE(barcode.has_value());
  EXPECT_EQ(barcode->substr(5, 4), "0000");
  const auto decoded = DecodeBoleto(*barcode, D(2025, 11, 22));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->due_date, std::nullopt);
  EXPECT_EQ(decoded->due_factor, 0);
}

TEST(BoletoCodes, MakeBarcodeRejectsBadInput) {
  const std::string campo = "0000001238798977770016818";
  const Date due = D(2026, 3, 10);
  const auto field_of = [](const core::Result<std::string>& r) {
    return r ? std::string("(accepted)") : r.error().field;
  };
  EXPECT_EQ(field_of(MakeBarcode("001", due, Money::FromCents(0), campo)), "amount");
  EXPECT_EQ(field_of(MakeBarcode("001", due, Money::FromCents(-1), campo)), "amount");
  EXPECT_EQ(field_of(MakeBarcode("001", due, Money::FromCents(99'999'999'99), campo)),
            "(accepted)");
  EXPECT_EQ(field_of(MakeBarcode("001", due, Money::FromCents(100'000'000'00), campo)), "amount");
  EXPECT_EQ(field_of(MakeBarcode("01", due, Money::FromCents(100), campo)), "bank_code");
  EXPECT_EQ(field_of(MakeBarcode("0a1", due, Money::FromCents(100), campo)), "bank_code");
  EXPECT_EQ(field_of(MakeBarcode("001", due, Money::FromCents(100), campo.substr(1))),
            "campo_livre");
  EXPECT_EQ(field_of(MakeBarcode("001", due, Money::FromCents(100), "000000123879897777001681X")),
            "campo_livre");
  EXPECT_EQ(field_of(MakeBarcode("001", D(1999, 1, 1), Money::FromCents(100), campo)), "due_date");
}

TEST(BoletoCodes, LinhaFromBarcodeRefusesMalformedInput) {
  EXPECT_EQ(LinhaFromBarcode("0019337370000000100050094014481606068093503"), "");
  EXPECT_EQ(LinhaFromBarcode("0019337370000000100050094014481606068093503X"), "");
  EXPECT_EQ(BarcodeFromLinha("00190500954014481606906809350314337370000000100X"), "");
  EXPECT_EQ(FormatLinha("123"), "123");
}

// ---- DecodeBoleto ----------------------------------------------------------------------------

TEST(BoletoDecode, ReportsTheFields) {
  const auto decoded =
      DecodeBoleto("00190.00009 01238.798977 77700.168188 2 13810000009456", D(2025, 11, 22));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message_pt;
  EXPECT_EQ(decoded->bank_code, "001");
  EXPECT_EQ(decoded->due_factor, 1381);
  EXPECT_EQ(decoded->due_date, D(2026, 3, 10));
  EXPECT_EQ(decoded->amount, Money::FromCents(9456));
  EXPECT_EQ(decoded->campo_livre, "0000001238798977770016818");
  EXPECT_EQ(decoded->barcode, "00192138100000094560000001238798977770016818");
  EXPECT_EQ(decoded->linha, "00190000090123879897777700168188213810000009456");
}

TEST(BoletoDecode, IgnoresDotsSpacesAndLineBreaks) {
  for (const char* text : {"  00190.00009 01238.798977 77700.168188 2 13810000009456\n",
                           "00190.00009\t01238.798977\r\n77700.168188 2 1381000000 9456",
                           "0019 2138 1000 0009 4560 0000 0123 8798 9777 7001 6818"}) {
    EXPECT_EQ(Rejection(text), "") << text;
  }
}

TEST(BoletoDecode, WrongFieldDigitNamesTheField) {
  const std::string linha = "00190000090123879897777700168188213810000009456";
  const std::vector<std::pair<std::size_t, std::string>> dvs = {
      {9, "campo 1"}, {20, "campo 2"}, {31, "campo 3"}};
  for (const auto& [index, name] : dvs) {
    std::string bad = linha;
    bad[index] = bad[index] == '0' ? '1' : '0';
    const auto decoded = DecodeBoleto(bad, D(2025, 11, 22));
    ASSERT_FALSE(decoded.has_value()) << bad;
    EXPECT_EQ(decoded.error().field, "linha");
    EXPECT_NE(decoded.error().message_pt.find(name), std::string::npos)
        << decoded.error().message_pt;
  }
  // A change inside a field (not its DV) is caught by the same digit.
  std::string bad = linha;
  bad[12] = '7';
  EXPECT_NE(Rejection(bad).find("campo 2"), std::string::npos) << Rejection(bad);
}

TEST(BoletoDecode, WrongGeneralDigitIsRejected) {
  std::string linha = "00190000090123879897777700168188213810000009456";
  linha[32] = '3';
  EXPECT_NE(Rejection(linha).find("dígito verificador geral inválido: é 3, deveria ser 2"),
            std::string::npos)
      << Rejection(linha);
  EXPECT_NE(Rejection(linha).find("33ª posição da linha"), std::string::npos);
  std::string barcode = "00192138100000094560000001238798977770016818";
  barcode[4] = '0';  // 0 is never a general DV
  const auto decoded = DecodeBoleto(barcode, D(2025, 11, 22));
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().field, "barcode");
  EXPECT_NE(decoded.error().message_pt.find("5ª posição do código de barras"), std::string::npos);
  // The amount changed after the DV was computed.
  EXPECT_NE(Rejection("00192138100000094570000001238798977770016818").find("geral"),
            std::string::npos);
}

TEST(BoletoDecode, RejectsLettersWrongLengthAndArrecadacao) {
  EXPECT_NE(Rejection("00190.00009 01238.79897A 77700.168188 2 13810000009456").find("'A'"),
            std::string::npos);
  const std::string linha = "00190000090123879897777700168188213810000009456";
  EXPECT_NE(Rejection(linha.substr(0, 46)).find("tem 46 dígitos"), std::string::npos);
  EXPECT_NE(Rejection(linha + "1").find("tem 48 dígitos"), std::string::npos);
  EXPECT_NE(Rejection(linha.substr(0, 45)).find("tem 45 dígitos"), std::string::npos);
  EXPECT_NE(Rejection("").find("tem 0 dígitos"), std::string::npos);
  EXPECT_NE(Rejection("836200000005 667800481000 180975657313 001589636081").find("arrecadação"),
            std::string::npos);
}

TEST(BoletoDecode, RejectsOtherCurrenciesAndImpossibleFactors) {
  // Barcodes with a correct general DV but currency 8, or factor 0999.
  std::string currency = "0018X138100000094560000001238798977770016818";
  currency[4] = static_cast<char>('0' + BoletoModulo11(currency.substr(0, 4) + currency.substr(5)));
  EXPECT_NE(Rejection(currency).find("código de moeda 8"), std::string::npos)
      << Rejection(currency);
  std::string factor = "0019X099900000094560000001238798977770016818";
  factor[4] = static_cast<char>('0' + BoletoModulo11(factor.substr(0, 4) + factor.substr(5)));
  EXPECT_NE(Rejection(factor).find("fator de vencimento 0999"), std::string::npos)
      << Rejection(factor);
}

// ---- Shared vectors (../shared/vectors) -------------------------------------------------------

TEST(BoletoShared, CasesMatchReferenceLinhaAndDecode) {
  FIADO_REQUIRE_SHARED("vectors/boleto.json");
  const auto json = testing::ReadSharedJson("vectors/boleto.json");
  const Date reference = D(2026, 11, 22);
  ASSERT_EQ(json.at("cases").size(), 1000u);
  for (const auto& c : json.at("cases")) {
    const auto barcode = c.at("barcode").get<std::string>();
    const auto linha = c.at("reference_linha").get<std::string>();
    EXPECT_EQ(LinhaFromBarcode(barcode), linha);
    for (const std::string& input : {barcode, linha}) {
      const auto decoded = DecodeBoleto(input, reference);
      ASSERT_TRUE(decoded.has_value()) << input << ": " << decoded.error().message_pt;
      EXPECT_EQ(decoded->amount.cents(), c.at("brazilian-utils_amount_cents").get<std::int64_t>());
      ASSERT_TRUE(decoded->due_date.has_value());
      EXPECT_EQ(core::FormatIso(*decoded->due_date),
                c.at("brazilian-utils_expiration_ref_2026-11-22").get<std::string>());
    }
  }
}

TEST(BoletoShared, EveryTamperedLinhaIsRejected) {
  FIADO_REQUIRE_SHARED("vectors/boleto.json");
  const auto json = testing::ReadSharedJson("vectors/boleto.json");
  ASSERT_EQ(json.at("tampered").size(), 200u);
  for (const auto& c : json.at("tampered")) {
    const auto linha = c.at("linha").get<std::string>();
    EXPECT_NE(Rejection(linha), "") << linha << " (changed at " << c.at("changed_index") << ")";
  }
}

TEST(BoletoShared, ArrecadacaoIsRejectedWithItsReason) {
  FIADO_REQUIRE_SHARED("vectors/boleto.json");
  const auto json = testing::ReadSharedJson("vectors/boleto.json");
  ASSERT_EQ(json.at("arrecadacao").size(), 200u);
  for (const auto& c : json.at("arrecadacao")) {
    for (const auto& key : {"linha", "boleto-utils_barcode"}) {
      const auto text = c.at(key).get<std::string>();
      EXPECT_NE(Rejection(text).find("arrecadação"), std::string::npos) << text;
    }
  }
}

TEST(BoletoShared, LinhaCsvMatchesReference) {
  FIADO_REQUIRE_SHARED("vectors/boleto-linha.csv");
  std::istringstream csv(testing::ReadSharedText("vectors/boleto-linha.csv"));
  std::string line;
  std::getline(csv, line);
  ASSERT_EQ(line.rfind("barcode,linha_digitavel_reference,", 0), 0u) << line;
  int rows = 0;
  while (std::getline(csv, line)) {
    if (line.empty()) continue;
    const std::string barcode = line.substr(0, line.find(','));
    const std::string rest = line.substr(barcode.size() + 1);
    const std::string reference = rest.substr(0, rest.find(','));
    EXPECT_EQ(LinhaFromBarcode(barcode), reference) << barcode;
    EXPECT_EQ(Rejection(barcode), "") << barcode;
    EXPECT_EQ(Rejection(reference), "") << reference;
    ++rows;
  }
  EXPECT_EQ(rows, 1000);
}

}  // namespace
}  // namespace fiado::payments
