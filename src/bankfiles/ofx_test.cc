#include "bankfiles/ofx.h"

#include <stdlib.h>
#include <time.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/text.h"
#include "support/temp_dir.h"

namespace fiado::bankfiles {
namespace {

using core::Money;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

core::Date D(int y, unsigned m, unsigned d) { return core::Date{year(y), month(m), day(d)}; }

// ---------------------------------------------------------------------------------------
// Files as banks write them.

// One <STMTTRN>, SGML style (no end tags on elements); `extra` is more element lines.
std::string Trn(std::string_view type, std::string_view posted, std::string_view amount,
                std::string_view fitid, std::string_view extra = "") {
  std::string text = "<STMTTRN>\r\n<TRNTYPE>" + std::string(type) + "\r\n<DTPOSTED>" +
                     std::string(posted) + "\r\n<TRNAMT>" + std::string(amount) + "\r\n<FITID>" +
                     std::string(fitid) + "\r\n";
  text += extra;
  return text + "</STMTTRN>\r\n";
}

// An OFX 1.02 SGML file (the header Brazilian banks export) around `transactions`.
std::string Sgml(std::string_view transactions, std::string_view encoding = "USASCII",
                 std::string_view charset = "1252", std::string_view currency = "BRL") {
  return "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:" +
         std::string(encoding) + "\r\nCHARSET:" + std::string(charset) +
         "\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
         "<OFX>\r\n<SIGNONMSGSRSV1>\r\n<SONRS>\r\n<STATUS>\r\n<CODE>0\r\n<SEVERITY>INFO\r\n"
         "</STATUS>\r\n<DTSERVER>20250331120000[-3:BRT]\r\n<LANGUAGE>POR\r\n</SONRS>\r\n"
         "</SIGNONMSGSRSV1>\r\n<BANKMSGSRSV1>\r\n<STMTTRNRS>\r\n<TRNUID>1001\r\n<STATUS>\r\n"
         "<CODE>0\r\n<SEVERITY>INFO\r\n</STATUS>\r\n<STMTRS>\r\n<CURDEF>" +
         std::string(currency) +
         "\r\n<BANKACCTFROM>\r\n<BANKID>0341\r\n<BRANCHID>1234\r\n<ACCTID>56789-0\r\n"
         "<ACCTTYPE>CHECKING\r\n</BANKACCTFROM>\r\n<BANKTRANLIST>\r\n<DTSTART>20250301\r\n"
         "<DTEND>20250331\r\n" +
         std::string(transactions) +
         "</BANKTRANLIST>\r\n<LEDGERBAL>\r\n<BALAMT>1500.00\r\n<DTASOF>20250331\r\n"
         "</LEDGERBAL>\r\n</STMTRS>\r\n</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>\r\n";
}

// An OFX 2.11 XML file around `transactions` (already XML).
std::string Xml(std::string_view transactions, std::string_view encoding = "UTF-8") {
  return "<?xml version=\"1.0\" encoding=\"" + std::string(encoding) +
         "\" standalone=\"no\"?>\n"
         "<?OFX OFXHEADER=\"200\" VERSION=\"211\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" "
         "NEWFILEUID=\"NONE\"?>\n"
         "<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY>"
         "</STATUS><DTSERVER>20250331120000[-3:BRT]</DTSERVER><LANGUAGE>POR</LANGUAGE>"
         "</SONRS></SIGNONMSGSRSV1>\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS>"
         "<CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><STMTRS><CURDEF>BRL</CURDEF>\n"
         "<BANKACCTFROM><BANKID>260</BANKID><BRANCHID>0001</BRANCHID>"
         "<ACCTID>1234567-8</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>\n"
         "<BANKTRANLIST><DTSTART>20250301000000[-3:BRT]</DTSTART>"
         "<DTEND>20250331235959[-3:BRT]</DTEND>\n" +
         std::string(transactions) +
         "</BANKTRANLIST>\n<LEDGERBAL><BALAMT>10.00</BALAMT><DTASOF>20250331</DTASOF>"
         "</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";
}

std::string XmlTrn(std::string_view type, std::string_view posted, std::string_view amount,
                   std::string_view fitid, std::string_view memo) {
  return "<STMTTRN><TRNTYPE>" + std::string(type) + "</TRNTYPE><DTPOSTED>" + std::string(posted) +
         "</DTPOSTED><TRNAMT>" + std::string(amount) + "</TRNAMT><FITID>" + std::string(fitid) +
         "</FITID><MEMO>" + std::string(memo) + "</MEMO></STMTTRN>\n";
}

class OfxRead : public ::testing::Test {
 protected:
  std::string Write(std::string_view bytes, const std::string& name = "extrato.ofx") {
    const std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  core::Result<Statement> Read(std::string_view bytes) { return ReadOfx(Write(bytes)); }
  // The only transaction of a file, read; fails the test when the file is refused.
  StatementTransaction ReadOne(std::string_view bytes) {
    core::Result<Statement> statement = Read(bytes);
    EXPECT_TRUE(statement.has_value()) << statement.error().Describe();
    if (!statement || statement->transactions.size() != 1) return {};
    return statement->transactions.front();
  }
  std::string ReadError(std::string_view bytes) {
    core::Result<Statement> statement = Read(bytes);
    EXPECT_FALSE(statement.has_value());
    if (statement) return "";
    EXPECT_EQ(statement.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(statement.error().field, "arquivo");
    return statement.error().message_pt;
  }

  testing::TempDir dir_;
};

// ---------------------------------------------------------------------------------------
// Reading.

TEST_F(OfxRead, ReadsSgmlStatementAsBrazilianBanksExportIt) {
  const std::string file =
      Sgml(Trn("CREDIT", "20250317", "1234.56", "A1",
               "<CHECKNUM>000123\r\n<NAME>PIX RECEBIDO\r\n"
               "<MEMO>Pix de Jo\xE3o Concei\xE7\xE3o \x96 FD0000000042\r\n") +
           Trn("DEBIT", "20250318100000[-03:EST]", "-0.29", "A2", "<MEMO>Tarifa\r\n") +
           Trn("CREDIT", "20250319000000", "1.005", "A3", "<PAYEEID>77\r\n<MEMO>x\r\n"));

  const core::Result<Statement> statement = Read(file);

  ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
  EXPECT_EQ(statement->account, (StatementAccount{"0341", "1234", "56789-0"}));
  EXPECT_EQ(statement->currency, "BRL");
  EXPECT_EQ(statement->starts_on, D(2025, 3, 1));
  EXPECT_EQ(statement->ends_on, D(2025, 3, 31));
  ASSERT_EQ(statement->transactions.size(), 3u);
  const StatementTransaction& pix = statement->transactions[0];
  EXPECT_EQ(pix.fitid, "A1");
  EXPECT_EQ(pix.type, OfxTransactionType::kCredit);
  EXPECT_EQ(pix.posted_on, D(2025, 3, 17));
  EXPECT_EQ(pix.amount.cents(), 123456);
  EXPECT_EQ(pix.name, "PIX RECEBIDO");
  EXPECT_EQ(pix.memo, "Pix de João Conceição – FD0000000042");
  EXPECT_EQ(pix.check_number, "000123");
  EXPECT_EQ(pix.payee_id, "");
  EXPECT_TRUE(pix.IsCredit());
  const StatementTransaction& fee = statement->transactions[1];
  EXPECT_EQ(fee.type, OfxTransactionType::kDebit);
  EXPECT_EQ(fee.posted_on, D(2025, 3, 18));
  EXPECT_EQ(fee.amount.cents(), -29);
  EXPECT_FALSE(fee.IsCredit());
  const StatementTransaction& third = statement->transactions[2];
  EXPECT_EQ(third.posted_on, D(2025, 3, 19));
  EXPECT_EQ(third.amount.cents(), 101);  // 1.005 rounded half away from zero
  EXPECT_EQ(third.payee_id, "77");
  EXPECT_EQ(third.name, "");
}

TEST_F(OfxRead, ReadsACreditCardStatement) {
  std::string file = Sgml(Trn("PAYMENT", "20250310", "350.00", "C1", "<MEMO>PAGAMENTO\r\n"));
  const auto replace_all = [&file](std::string_view from, std::string_view to) {
    for (std::size_t at = file.find(from); at != std::string::npos; at = file.find(from, at)) {
      file.replace(at, from.size(), to);
      at += to.size();
    }
  };
  replace_all("BANKMSGSRSV1>", "CREDITCARDMSGSRSV1>");
  replace_all("STMTTRNRS>", "CCSTMTTRNRS>");
  replace_all("<STMTRS>", "<CCSTMTRS>");
  replace_all("</STMTRS>", "</CCSTMTRS>");
  const std::size_t from = file.find("<BANKACCTFROM>");
  const std::size_t to = file.find("<BANKTRANLIST>");
  file.replace(from, to - from, "<CCACCTFROM>\r\n<ACCTID>5555444433332222\r\n</CCACCTFROM>\r\n");

  const core::Result<Statement> statement = Read(file);

  ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
  EXPECT_EQ(statement->account, (StatementAccount{"", "", "5555444433332222"}));
  ASSERT_EQ(statement->transactions.size(), 1u);
  EXPECT_EQ(statement->transactions[0].type, OfxTransactionType::kPayment);
  EXPECT_EQ(statement->transactions[0].amount.cents(), 35000);
}

TEST_F(OfxRead, ReadsOfx2Xml) {
  const std::string file =
      Xml(XmlTrn("CREDIT", "20250317233000[-3:BRT]", "0.29", "nu-0001",
                 "Transferência recebida pelo Pix - MARIA JOSÉ &amp; FILHOS") +
          XmlTrn("DEBIT", "20250318", "-1234.56", "nu-0002", "Compra no débito"));

  const core::Result<Statement> statement = Read(file);

  ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
  EXPECT_EQ(statement->account, (StatementAccount{"260", "0001", "1234567-8"}));
  EXPECT_EQ(statement->starts_on, D(2025, 3, 1));
  EXPECT_EQ(statement->ends_on, D(2025, 3, 31));  // libofx: 1 April 02:59:59 UTC
  ASSERT_EQ(statement->transactions.size(), 2u);
  EXPECT_EQ(statement->transactions[0].fitid, "nu-0001");
  EXPECT_EQ(statement->transactions[0].posted_on, D(2025, 3, 17));  // libofx: the 18th, UTC
  EXPECT_EQ(statement->transactions[0].amount.cents(), 29);
  EXPECT_EQ(statement->transactions[0].memo,
            "Transferência recebida pelo Pix - MARIA JOSÉ & FILHOS");
  EXPECT_EQ(statement->transactions[1].amount.cents(), -123456);
  EXPECT_EQ(statement->transactions[1].memo, "Compra no débito");
}

// Restores the process time zone when the test ends.
class TimeZoneOverride {
 public:
  TimeZoneOverride() {
    const char* tz = getenv("TZ");
    if (tz != nullptr) saved_ = tz;
  }
  ~TimeZoneOverride() {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  void Set(const char* zone) {
    setenv("TZ", zone, 1);
    tzset();
  }

 private:
  std::optional<std::string> saved_;
};

TEST_F(OfxRead, PostedDateIsTheWrittenDateWhateverTheZones) {
  // What libofx 0.10.9 makes of them, as UTC: 17th 10:59, 17th 10:59, 17th 15:30, 18th
  // 02:30, 17th 14:30, 16th 16:30, 30th 11:30 ("-0300" taken as -300 hours), 17th 10:59.
  const std::vector<std::string> written = {"20250317",
                                            "20250317000000",
                                            "20250317153000",
                                            "20250317233000[-3:BRT]",
                                            "20250317233000[+9:JST]",
                                            "20250317013000[+9]",
                                            "20250317233000[-0300:BRT]",
                                            "20250317000000.000[-3:BRT]"};
  std::string transactions;
  for (std::size_t i = 0; i < written.size(); ++i) {
    transactions += Trn("CREDIT", written[i], "1.00", "T" + std::to_string(i));
  }
  const std::string path = Write(Sgml(transactions));
  TimeZoneOverride zone;
  for (const char* server_zone :
       {"UTC", "America/Sao_Paulo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Tokyo"}) {
    zone.Set(server_zone);
    const core::Result<Statement> statement = ReadOfx(path);
    ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
    ASSERT_EQ(statement->transactions.size(), written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
      EXPECT_EQ(statement->transactions[i].posted_on, D(2025, 3, 17))
          << written[i] << " with TZ=" << server_zone;
    }
    EXPECT_EQ(statement->starts_on, D(2025, 3, 1)) << server_zone;
  }
}

TEST_F(OfxRead, AmountsAreExactCentavos) {
  const std::vector<std::pair<std::string, std::int64_t>> cases = {
      {"1234.56", 123456},
      {"0.29", 29},
      {"1.005", 101},
      {"-1.005", -101},
      {"0,29", 29},
      {"-0.01", -1},
      {"100", 10000},
      {"0.295", 30},
      {"9999999999.99", 999999999999},
      {"12345678901.23", 1234567890123},
      {"1234.5600", 123456}};
  std::string transactions;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    transactions += Trn("CREDIT", "20250317", cases[i].first, "V" + std::to_string(i));
  }
  const core::Result<Statement> statement = Read(Sgml(transactions));
  ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
  ASSERT_EQ(statement->transactions.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(statement->transactions[i].amount.cents(), cases[i].second) << cases[i].first;
  }
}

TEST(OfxAmount, RecoversTheWrittenDecimalsWhereLlroundDrifts) {
  EXPECT_EQ(MoneyFromOfxAmount(1234.56)->cents(), 123456);
  EXPECT_EQ(MoneyFromOfxAmount(0.29)->cents(), 29);
  EXPECT_EQ(MoneyFromOfxAmount(1.005)->cents(), 101);
  EXPECT_EQ(MoneyFromOfxAmount(-1.005)->cents(), -101);
  EXPECT_EQ(MoneyFromOfxAmount(-0.0)->cents(), 0);
  // The naive way rounds the double, not what the bank wrote.
  EXPECT_EQ(std::llround(1.005 * 100), 100);
}

TEST(OfxAmount, EveryCentavoAmountSurvivesAtof) {
  char text[32];
  for (std::int64_t cents = -20000; cents <= 1000000; ++cents) {
    const std::int64_t magnitude = cents < 0 ? -cents : cents;
    std::snprintf(text, sizeof text, "%s%lld.%02lld", cents < 0 ? "-" : "",
                  static_cast<long long>(magnitude / 100), static_cast<long long>(magnitude % 100));
    ASSERT_EQ(MoneyFromOfxAmount(std::atof(text))->cents(), cents) << text;
  }
  for (const char* large : {"9999999999999.99", "123456789012.34", "1000000000000.01"}) {
    const core::Result<Money> money = MoneyFromOfxAmount(std::atof(large));
    ASSERT_TRUE(money.has_value()) << large;
    EXPECT_EQ(money->FormatDecimal(), large);
  }
}

TEST(OfxAmount, RefusesWhatIsNoAmount) {
  EXPECT_EQ(MoneyFromOfxAmount(1e-300)->cents(), 0);
  EXPECT_EQ(MoneyFromOfxAmount(0.0049)->cents(), 0);
  EXPECT_EQ(MoneyFromOfxAmount(0.005)->cents(), 1);
  for (const double amount : {std::nan(""), HUGE_VAL, -HUGE_VAL, 1e13, -2e15}) {
    const core::Result<Money> money = MoneyFromOfxAmount(amount);
    ASSERT_FALSE(money.has_value()) << amount;
    EXPECT_EQ(money.error().field, "arquivo");
  }
}

TEST_F(OfxRead, Windows1252BytesBecomeUtf8) {
  // CHARSET:1252 as declared; CHARSET:NONE; and an XML file that libofx leaves alone.
  const std::string memo = "Jo\xE3o Concei\xE7\xE3o \x80 5";
  EXPECT_EQ(ReadOne(Sgml(Trn("CREDIT", "20250317", "5.00", "L1", "<MEMO>" + memo + "\r\n"))).memo,
            "João Conceição € 5");
  EXPECT_EQ(ReadOne(Sgml(Trn("CREDIT", "20250317", "5.00", "L1", "<MEMO>" + memo + "\r\n"),
                         "USASCII", "NONE"))
                .memo,
            "João Conceição € 5");
  EXPECT_EQ(ReadOne(Xml(XmlTrn("CREDIT", "20250317", "5.00", "L1", memo), "ISO-8859-1")).memo,
            "João Conceição € 5");
}

TEST_F(OfxRead, Utf8FilesKeepTheirTextWhateverTheHeaderSays) {
  // libofx alone: "CHARSET:1252" over UTF-8 gives "Ã" and stops at the byte 0x81 of "Á";
  // "ENCODING:UTF-8" over Latin-1 stops at the first accent. The txid after it was lost.
  const std::string utf8 = "\xC3\x81GUA Jo\xC3\xA3o FD0000000042";
  EXPECT_EQ(ReadOne(Sgml(Trn("CREDIT", "20250317", "5.00", "U1", "<MEMO>" + utf8 + "\r\n"))).memo,
            "ÁGUA João FD0000000042");
  const std::string latin1 = "\xC1GUA Jo\xE3o FD0000000042";
  EXPECT_EQ(ReadOne(Sgml(Trn("CREDIT", "20250317", "5.00", "U2", "<MEMO>" + latin1 + "\r\n"),
                         "UTF-8", "NONE"))
                .memo,
            "ÁGUA João FD0000000042");
  // No ENCODING line at all (libofx would assume CP1252 and encode the UTF-8 twice).
  std::string headerless = Sgml(Trn("CREDIT", "20250317", "5.00", "U3", "<MEMO>Jo\xC3\xA3o\r\n"));
  headerless.erase(headerless.find("ENCODING:USASCII\r\n"), 18);
  EXPECT_EQ(ReadOne(headerless).memo, "João");
}

TEST_F(OfxRead, MemoCutByLibofxStaysValidUtf8) {
  // libofx keeps 391 bytes of a memo, without a terminating NUL, cutting the 196th "ã".
  std::string memo;
  for (int i = 0; i < 200; ++i) memo += "ã";
  const std::string read =
      ReadOne(Sgml(Trn("CREDIT", "20250317", "5.00", "M1", "<MEMO>" + memo + "\r\n"))).memo;
  EXPECT_TRUE(core::IsValidUtf8(read));
  EXPECT_EQ(read, memo.substr(0, 390));
}

TEST_F(OfxRead, AcceptsFilesOutsideTheDtdThatLibofxComplainsAbout) {
  // No <LEDGERBAL>; NAME and MEMO before CHECKNUM, which libofx drops; an unknown tag, after
  // which libofx loses the FITID. libofx returns an error code after delivering the rest.
  std::string file = Sgml(
      "<STMTTRN>\r\n<TRNTYPE>CREDIT\r\n<DTPOSTED>20250317\r\n<TRNAMT>10.00\r\n"
      "<FITID>D1\r\n<NAME>PIX RECEBIDO\r\n<MEMO>FD0000000042\r\n<CHECKNUM>77\r\n"
      "</STMTTRN>\r\n" +
      Trn("DEBIT", "20250318", "-3.50", "D2", "<XYZ>abc\r\n<MEMO>Tarifa\r\n"));
  const std::size_t ledger = file.find("<LEDGERBAL>");
  file.erase(ledger, file.find("</STMTRS>") - ledger);
  ::testing::internal::CaptureStderr();
  const core::Result<Statement> statement = Read(file);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");  // libofx kept quiet

  ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
  ASSERT_EQ(statement->transactions.size(), 2u);
  const StatementTransaction& pix = statement->transactions[0];
  EXPECT_EQ(pix.fitid, "D1");
  EXPECT_EQ(pix.name, "PIX RECEBIDO");
  EXPECT_EQ(pix.memo, "FD0000000042");
  EXPECT_EQ(pix.check_number, "77");
  EXPECT_EQ(pix.amount.cents(), 1000);
  const StatementTransaction& fee = statement->transactions[1];
  EXPECT_EQ(fee.fitid, "D2");
  EXPECT_EQ(fee.memo, "Tarifa");
  EXPECT_EQ(fee.amount.cents(), -350);
}

TEST_F(OfxRead, RefusesAmountsLibofxWouldMisread) {
  // atof("1.234,56") is 1.234; an absent TRNAMT is 0 for libofx; a MEMO before TRNAMT
  // makes libofx lose the amount.
  EXPECT_THAT(ReadError(Sgml(Trn("CREDIT", "20250317", "1.234,56", "A1"))),
              HasSubstr("não tem valor legível (TRNAMT \"1.234,56\")"));
  EXPECT_THAT(ReadError(Sgml("<STMTTRN>\r\n<TRNTYPE>CREDIT\r\n<DTPOSTED>20250317\r\n"
                             "<FITID>A1\r\n</STMTTRN>\r\n")),
              HasSubstr("não tem valor legível"));
  EXPECT_THAT(ReadError(Sgml("<STMTTRN>\r\n<TRNTYPE>CREDIT\r\n<DTPOSTED>20250317\r\n"
                             "<MEMO>antes\r\n<TRNAMT>10.00\r\n<FITID>A1\r\n</STMTTRN>\r\n")),
              HasSubstr("tem valor \"10.00\", que o libofx leu como 0.00"));
}

TEST_F(OfxRead, ReadsAStatementWithoutTransactions) {
  const core::Result<Statement> statement = Read(Sgml(""));
  ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
  EXPECT_TRUE(statement->transactions.empty());
}

TEST_F(OfxRead, GarbageEmptyAndMissingFilesAreErrorsInPortuguese) {
  EXPECT_THAT(ReadError("hello world\nthis is not ofx\n"), HasSubstr("não é um extrato OFX"));
  EXPECT_THAT(ReadError(std::string("\x00\x01\x02\xFF\xFE", 5)), HasSubstr("não é"));
  EXPECT_THAT(ReadError(""), HasSubstr("vazio"));
  const core::Result<Statement> missing = ReadOfx(dir_.File("nao-existe.ofx"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().field, "arquivo");
  EXPECT_THAT(missing.error().message_pt, HasSubstr("não foi possível abrir"));
  const core::Result<Statement> folder = ReadOfx(dir_.path().string());
  ASSERT_FALSE(folder.has_value());
}

TEST_F(OfxRead, EveryTruncationIsAnError) {
  const std::string file = Sgml(Trn("CREDIT", "20250317", "1234.56", "A1", "<MEMO>Jo\xE3o\r\n") +
                                Trn("DEBIT", "20250318", "-0.29", "A2"));
  const std::size_t end = file.find("</OFX>");
  for (std::size_t cut = 1; cut < end + 5; cut += 3) {
    const core::Result<Statement> statement = Read(file.substr(0, cut));
    ASSERT_FALSE(statement.has_value()) << "cut at " << cut;
    EXPECT_EQ(statement.error().field, "arquivo");
  }
  EXPECT_THAT(ReadError(file.substr(0, file.find("<MEMO>"))), HasSubstr("incompleto"));
}

TEST_F(OfxRead, DamageInsideACompleteFileIsAnError) {
  const std::string file =
      Sgml(Trn("CREDIT", "20250317", "1.00", "A1") + Trn("DEBIT", "20250318", "-0.29", "A2") +
           Trn("CREDIT", "20250319", "3.00", "A3"));
  // The second transaction lost its tail: libofx nests the third inside it and delivers
  // A1, A3 and then a transaction with no FITID.
  const std::size_t cut = file.find("<TRNAMT>-0.29");
  const std::string damaged = file.substr(0, cut) + file.substr(file.find("<STMTTRN>", cut));
  EXPECT_THAT(ReadError(damaged), HasSubstr("lançamento"));
}

TEST_F(OfxRead, RefusesWhatItCannotReconcile) {
  EXPECT_THAT(ReadError(Sgml(Trn("CREDIT", "20250317", "1.00", "A1"), "USASCII", "1252", "USD")),
              HasSubstr("USD"));
  EXPECT_THAT(ReadError(Sgml("<STMTTRN>\r\n<TRNTYPE>CREDIT\r\n<DTPOSTED>20250317\r\n"
                             "<TRNAMT>1.00\r\n<FITID>\r\n</STMTTRN>\r\n")),
              HasSubstr("FITID"));
  EXPECT_THAT(ReadError(Sgml(Trn("CREDIT", "20250230", "1.00", "A1"))), HasSubstr("data"));
  EXPECT_THAT(ReadError(Sgml(Trn("CREDIT", "20250317", "NaN", "A1"))), HasSubstr("valor"));
  EXPECT_THAT(ReadError(Sgml(Trn("CREDIT", "20250317", "1e-300", "A1"))), HasSubstr("valor"));
  EXPECT_THAT(ReadError(Sgml(Trn("CREDIT", "20250317", "1.00", "A2",
                                 "<CORRECTFITID>A1\r\n<CORRECTACTION>REPLACE\r\n"))),
              HasSubstr("CORRECTFITID"));
  // Two accounts in one file.
  std::string two = Sgml(Trn("CREDIT", "20250317", "1.00", "A1"));
  const std::size_t begin = two.find("<STMTTRNRS>");
  const std::size_t end = two.find("</BANKMSGSRSV1>");
  two.insert(end, two.substr(begin, end - begin));
  EXPECT_THAT(ReadError(two), HasSubstr("2 contas"));
  // A signon without any statement.
  std::string signon_only = Sgml("");
  signon_only.erase(signon_only.find("<BANKMSGSRSV1>"),
                    signon_only.find("</OFX>") - signon_only.find("<BANKMSGSRSV1>"));
  EXPECT_THAT(ReadError(signon_only), HasSubstr("não traz extrato"));
}

// ---------------------------------------------------------------------------------------
// Matching.

StatementTransaction Credit(std::string fitid, core::Date on, std::int64_t cents,
                            std::string memo = "", std::string name = "") {
  StatementTransaction credit;
  credit.fitid = std::move(fitid);
  credit.type = cents > 0 ? OfxTransactionType::kCredit : OfxTransactionType::kDebit;
  credit.posted_on = on;
  credit.amount = Money::FromCents(cents);
  credit.memo = std::move(memo);
  credit.name = std::move(name);
  return credit;
}

OpenInstallment Open(int number, std::string txid, core::Date due, std::int64_t updated_cents,
                     std::int64_t face_cents) {
  OpenInstallment installment;
  installment.installment.sale_id =
      sales::SaleId::FromTrusted("0190f3c2-7a1b-7c3d-8e4f-123456789abc");
  installment.installment.number = number;
  installment.customer_id =
      customers::CustomerId::FromTrusted("0190f3c2-7a1b-7c3d-8e4f-000000000001");
  installment.customer_name = "Maria José";
  installment.txid = std::move(txid);
  installment.due_date = due;
  installment.updated_value = Money::FromCents(updated_cents);
  installment.face_value = Money::FromCents(face_cents);
  return installment;
}

std::vector<int> Numbers(const std::vector<OpenInstallment>& installments) {
  std::vector<int> numbers;
  for (const OpenInstallment& installment : installments) {
    numbers.push_back(installment.installment.number);
  }
  return numbers;
}

const core::Date kCreditOn = D(2025, 3, 17);

TEST(OfxMatch, TxidAndEqualAmountIsCertain) {
  const std::vector<OpenInstallment> open = {Open(1, "FD0000000042", D(2025, 3, 10), 10250, 10000),
                                             Open(2, "FD0000000043", D(2025, 4, 10), 10000, 10000)};
  const std::vector<StatementTransaction> credits = {
      Credit("A1", kCreditOn, 10250, "PIX RECEBIDO FD0000000042 MARIA"),
      Credit("A2", kCreditOn, 10000, "", "PIX FD0000000043")};

  const std::vector<CreditMatch> matches = MatchCredits(credits, open);

  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].credit, &credits[0]);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kCertain);
  EXPECT_EQ(matches[0].score_0_100, 100);
  ASSERT_TRUE(matches[0].installment.has_value());
  EXPECT_EQ(matches[0].installment->installment.number, 1);
  EXPECT_EQ(matches[0].reason, "txid FD0000000042 no histórico e valor igual ao atualizado");
  EXPECT_TRUE(matches[0].candidates.empty());
  EXPECT_EQ(matches[1].confidence, MatchConfidence::kCertain);
  EXPECT_EQ(matches[1].installment->installment.number, 2);
}

TEST(OfxMatch, TxidWithTheFaceValueIsCertainTooAndMayBeInTheFitid) {
  const std::vector<OpenInstallment> open = {Open(1, "FD0000000042", D(2025, 3, 10), 10250, 10000)};
  const std::vector<StatementTransaction> credits = {Credit("PIX-FD0000000042", kCreditOn, 10000)};

  const std::vector<CreditMatch> matches = MatchCredits(credits, open);

  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kCertain);
  EXPECT_EQ(matches[0].score_0_100, 95);
  EXPECT_EQ(matches[0].reason, "txid FD0000000042 no histórico e valor igual ao de face");
}

TEST(OfxMatch, TxidFoundInLowerCaseOrWithDigitsGluedAfterIt) {
  const std::vector<OpenInstallment> open = {Open(1, "FD0000000042", D(2025, 3, 10), 10000, 10000),
                                             Open(2, "FD0000000043", D(2025, 4, 10), 10000, 10000)};
  const std::vector<StatementTransaction> credits = {
      Credit("A1", kCreditOn, 10000, "pix fd0000000042"),
      Credit("A2", kCreditOn, 10000, "TRANSF FD000000004320250317")};

  const std::vector<CreditMatch> matches = MatchCredits(credits, open);

  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kCertain);
  EXPECT_EQ(matches[0].installment->installment.number, 1);
  EXPECT_EQ(matches[1].confidence, MatchConfidence::kCertain);
  EXPECT_EQ(matches[1].installment->installment.number, 2);
}

TEST(OfxMatch, TxidWithAnotherAmountIsProbable) {
  const std::vector<OpenInstallment> open = {Open(1, "FD0000000042", D(2025, 3, 10), 10250, 10000)};
  const std::vector<StatementTransaction> credits = {Credit("A1", kCreditOn, 5000, "FD0000000042")};

  const std::vector<CreditMatch> matches = MatchCredits(credits, open);

  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kProbable);
  EXPECT_EQ(matches[0].score_0_100, 75);
  EXPECT_EQ(matches[0].installment->installment.number, 1);
  EXPECT_EQ(matches[0].reason,
            "txid FD0000000042 no histórico, mas o valor difere: crédito R$ 50,00, parcela "
            "R$ 102,50 (atualizado) e R$ 100,00 (face)");
}

TEST(OfxMatch, AmountAndDueDateAloneIsOnlyProbable) {
  const std::vector<OpenInstallment> open = {Open(1, "", D(2025, 3, 12), 8990, 8990),
                                             Open(2, "FD0000000050", D(2025, 4, 12), 12000, 12000)};
  const std::vector<StatementTransaction> credits = {Credit("A1", kCreditOn, 8990, "PIX JOAO")};

  const std::vector<CreditMatch> matches = MatchCredits(credits, open);

  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kProbable);
  EXPECT_EQ(matches[0].score_0_100, 65);
  EXPECT_EQ(matches[0].installment->installment.number, 1);
  EXPECT_EQ(matches[0].reason,
            "valor igual ao atualizado da única parcela em aberto com vencimento próximo "
            "(12/03/2025)");
}

TEST(OfxMatch, DueDateWindowRunsFromFiveDaysBeforeToThirtyFiveAfterTheCredit) {
  const std::vector<OpenInstallment> open = {Open(1, "", core::AddDays(kCreditOn, -6), 1000, 1000),
                                             Open(2, "", core::AddDays(kCreditOn, -5), 2000, 2000),
                                             Open(3, "", core::AddDays(kCreditOn, 35), 3000, 3000),
                                             Open(4, "", core::AddDays(kCreditOn, 36), 4000, 4000)};
  const std::vector<StatementTransaction> credits = {
      Credit("A1", kCreditOn, 1000), Credit("A2", kCreditOn, 2000), Credit("A3", kCreditOn, 3000),
      Credit("A4", kCreditOn, 4000)};

  const std::vector<CreditMatch> matches = MatchCredits(credits, open);

  ASSERT_EQ(matches.size(), 4u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kNone);
  EXPECT_EQ(matches[1].confidence, MatchConfidence::kProbable);
  EXPECT_EQ(matches[2].confidence, MatchConfidence::kProbable);
  EXPECT_EQ(matches[3].confidence, MatchConfidence::kNone);
  EXPECT_EQ(matches[3].reason,
            "nenhuma parcela em aberto com este valor e vencimento entre 5 dias antes e 35 dias "
            "depois do crédito");
  EXPECT_FALSE(matches[3].installment.has_value());
  EXPECT_EQ(matches[3].score_0_100, 0);
}

TEST(OfxMatch, SeveralInstallmentsWithTheAmountAreListedClosestDueFirst) {
  std::vector<OpenInstallment> open;
  for (int n = 1; n <= 7; ++n) {
    open.push_back(Open(n, "", core::AddDays(kCreditOn, 28 - 4 * n), 5000, 5000));
  }  // due in 24, 20, 16, 12, 8, 4, 0 days
  open.push_back(Open(8, "", kCreditOn, 5001, 5001));
  const std::vector<StatementTransaction> three = {Credit("A1", kCreditOn, 5000)};

  const std::vector<CreditMatch> matches =
      MatchCredits(three, std::span(open).subspan(4, 3));  // 8, 4 and 0 days
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kNone);
  EXPECT_EQ(matches[0].reason, "3 parcelas com o mesmo valor");
  EXPECT_THAT(Numbers(matches[0].candidates), ElementsAre(7, 6, 5));
  EXPECT_FALSE(matches[0].installment.has_value());

  const std::vector<CreditMatch> many = MatchCredits(three, open);
  EXPECT_EQ(many[0].reason, "7 parcelas com o mesmo valor");
  EXPECT_THAT(Numbers(many[0].candidates), ElementsAre(7, 6, 5, 4, 3));
}

TEST(OfxMatch, NothingOpenWithTheAmountIsNone) {
  const std::vector<OpenInstallment> open = {Open(1, "", kCreditOn, 10000, 10000)};
  const std::vector<StatementTransaction> credits = {Credit("A1", kCreditOn, 9999)};
  const std::vector<CreditMatch> matches = MatchCredits(credits, open);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kNone);
  EXPECT_TRUE(matches[0].candidates.empty());
  EXPECT_TRUE(MatchCredits(credits, {}).front().confidence == MatchConfidence::kNone);
}

TEST(OfxMatch, AnInstallmentIsTakenByOneCreditOnly) {
  const std::vector<OpenInstallment> open = {Open(1, "FD0000000042", D(2025, 3, 15), 10000, 10000)};
  // A partial payment first in the statement, then the exact one, then a repeat.
  const std::vector<StatementTransaction> credits = {
      Credit("A1", kCreditOn, 4000, "FD0000000042"), Credit("A2", kCreditOn, 10000, "FD0000000042"),
      Credit("A3", D(2025, 3, 18), 10000, "FD0000000042"),
      Credit("A4", D(2025, 3, 18), 10000, "sem txid")};

  const std::vector<CreditMatch> matches = MatchCredits(credits, open);

  ASSERT_EQ(matches.size(), 4u);
  EXPECT_EQ(matches[1].confidence, MatchConfidence::kCertain);  // the exact amount wins
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kProbable);
  EXPECT_EQ(matches[0].score_0_100, 50);
  EXPECT_EQ(matches[0].reason,
            "txid FD0000000042 já associado ao crédito FITID A2 deste extrato; possível "
            "pagamento em duplicidade");
  EXPECT_EQ(matches[2].confidence, MatchConfidence::kProbable);
  EXPECT_THAT(matches[2].reason, HasSubstr("FITID A2"));
  EXPECT_EQ(matches[3].confidence, MatchConfidence::kNone);
  EXPECT_EQ(matches[3].reason,
            "a parcela com este valor já foi associada ao crédito FITID A2 deste extrato");
  EXPECT_THAT(Numbers(matches[3].candidates), ElementsAre(1));
  int certain = 0;
  for (const CreditMatch& match : matches) certain += match.confidence == MatchConfidence::kCertain;
  EXPECT_EQ(certain, 1);
}

TEST(OfxMatch, TwoCreditsForOneInstallmentByAmountSuggestItOnce) {
  const std::vector<OpenInstallment> open = {Open(1, "", D(2025, 3, 20), 7000, 7000)};
  const std::vector<StatementTransaction> credits = {Credit("A1", kCreditOn, 7000),
                                                     Credit("A2", kCreditOn, 7000)};
  const std::vector<CreditMatch> matches = MatchCredits(credits, open);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kProbable);
  EXPECT_EQ(matches[1].confidence, MatchConfidence::kNone);
  EXPECT_THAT(matches[1].reason, HasSubstr("FITID A1"));
}

TEST(OfxMatch, UnknownTxidFallsBackToTheAmountAndSaysSo) {
  const std::vector<OpenInstallment> open = {Open(1, "FD0000000042", D(2025, 3, 20), 7000, 7000)};
  const std::vector<StatementTransaction> credits = {
      Credit("A1", kCreditOn, 7000, "PIX FD0000000099")};
  const std::vector<CreditMatch> matches = MatchCredits(credits, open);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kProbable);
  EXPECT_EQ(matches[0].reason,
            "txid FD0000000099 não corresponde a parcela em aberto; valor igual ao atualizado "
            "da única parcela em aberto com vencimento próximo (20/03/2025)");
}

TEST(OfxMatch, SeveralTxidsInOneCreditAreForAPersonToSort) {
  const std::vector<OpenInstallment> open = {Open(1, "FD0000000042", D(2025, 3, 10), 5000, 5000),
                                             Open(2, "FD0000000043", D(2025, 4, 10), 5000, 5000)};
  const std::vector<StatementTransaction> credits = {
      Credit("A1", kCreditOn, 10000, "FD0000000042 FD0000000043 FD0000000042")};
  const std::vector<CreditMatch> matches = MatchCredits(credits, open);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kNone);
  EXPECT_EQ(matches[0].reason,
            "2 txids de parcelas em aberto no histórico: FD0000000042, FD0000000043");
  EXPECT_THAT(Numbers(matches[0].candidates), ElementsAre(1, 2));
}

TEST(OfxMatch, DebitsAndZeroAmountsAreSkipped) {
  const std::vector<OpenInstallment> open = {Open(1, "FD0000000042", D(2025, 3, 10), 10000, 10000)};
  const std::vector<StatementTransaction> transactions = {
      Credit("D1", kCreditOn, -10000, "FD0000000042"), Credit("Z1", kCreditOn, 0),
      Credit("C1", kCreditOn, 10000, "FD0000000042"), Credit("D2", kCreditOn, -5)};
  const std::vector<CreditMatch> matches = MatchCredits(transactions, open);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].credit, &transactions[2]);
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kCertain);
}

TEST(OfxMatch, MatchesAStatementReadFromAFile) {
  testing::TempDir dir;
  const std::string path = dir.File("extrato.ofx");
  std::ofstream(path, std::ios::binary)
      << Sgml(Trn("CREDIT", "20250317", "102.50", "A1", "<MEMO>PIX FD0000000042\r\n") +
              Trn("DEBIT", "20250317", "-102.50", "A2", "<MEMO>FD0000000042\r\n"));
  const core::Result<Statement> statement = ReadOfx(path);
  ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
  const std::vector<OpenInstallment> open = {Open(3, "FD0000000042", D(2025, 3, 10), 10250, 10000)};

  const std::vector<CreditMatch> matches = MatchCredits(statement->transactions, open);

  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].credit->fitid, "A1");
  EXPECT_EQ(matches[0].confidence, MatchConfidence::kCertain);
  EXPECT_EQ(matches[0].installment->installment.number, 3);
}

}  // namespace
}  // namespace fiado::bankfiles
