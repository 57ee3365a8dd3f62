// Bank files and reconciliation over the REST API, on SQLite and on a real PostgreSQL
// server: a CNAB 240 return posts each liquidation once (paid in full, more → credit,
// less → the rest open), records registrations and rejections, queues what names no
// installment; importing it again changes nothing; a returned cheque reverses; the queue
// is assigned or dismissed with a reason; Pix notifications authenticate by token or HMAC
// and post once per endToEndId; bad files are refused whole.
#include <gtest/gtest.h>

#include "api_support.h"
#include "app/return_file.h"
#include "core/tax_id.h"
#include "payments/boleto_banks.h"
#include "reconciliation/digest.h"

namespace fiado::testing {
namespace {

using core::Money;
using nlohmann::json;

core::Date D(int y, unsigned m, unsigned d) {
  return core::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

class ApiReconciliationTest : public ApiSuite {
 protected:
  void SetUp() override {
    StartApi();
    stores::StoreDraft draft;
    draft.address = {"Rua Direita", "10", "", "Centro", "São Paulo", "SP", "01001000"};
    draft.settings.credit.default_monthly_rate = core::Rate::FromBps(200);
    draft.settings.bank_agreement =
        stores::BankAgreement{"001", "4042", "", "61900", "", "18", "1238798", ""};
    store_ = AddStore("Loja Exemplo", "11.222.333/0001-81", "dono@a.com.br", draft);
    owner_.emplace(SignedIn("dono@a.com.br"));
    customer_ = Register("529982247", "Maria José da Silva");
    ASSERT_EQ(owner_
                  ->Put("/api/v1/customers/" + customer_ + "/credit-limit",
                        {{"credit_limit_cents", 500000}, {"reason", "bom histórico"}})
                  .status,
              200);
    sale_ = Sell();
    const Reply carne = owner_->Get("/api/v1/sales/" + sale_ + "/carne");
    ASSERT_EQ(carne.status, 200) << carne.body.dump();
    for (const json& slip : carne.body["slips"]) {
      nosso_.push_back(NossoOf(slip["txid"]));
      amounts_.push_back(Money::FromCents(slip["amount_cents"].get<std::int64_t>()));
    }
  }
  std::string NossoOf(const std::string& txid) {
    const auto sequence = payments::SequenceOfTxid(txid).value();
    return payments::MakeTitle(*store_->settings.bank_agreement, sequence, D(2026, 11, 22))
        .value()
        .nosso_numero_digits;
  }
  std::string Register(const std::string& first9, const std::string& name) {
    Reply reply = owner_->Post("/api/v1/customers", {{"cpf", first9 + core::CpfCheckDigits(first9)},
                                                     {"full_name", name},
                                                     {"address",
                                                      {{"street", "Rua das Flores"},
                                                       {"number", "100"},
                                                       {"district", "Centro"},
                                                       {"city", "São Paulo"},
                                                       {"state", "SP"},
                                                       {"postal_code", "01001000"}}}});
    EXPECT_EQ(reply.status, 201) << reply.body.dump();
    return reply.body["id"];
  }
  // R$ 1.000,00 in 3 at 2 % a.m., first due 22/12/2026.
  std::string Sell() {
    json body = {{"customer_id", customer_},  {"description", "Geladeira Frost Free"},
                 {"price_cents", 100000},     {"installment_count", 3},
                 {"sale_date", "2026-11-10"}, {"first_due_date", "2026-12-22"}};
    Reply sale = owner_->PostWithKey("/api/v1/sales", body, "venda-1");
    EXPECT_EQ(sale.status, 201) << sale.body.dump();
    return sale.body["id"];
  }
  app::ReturnTitleSpec Paying(std::size_t i, Money paid, std::string occurrence = "06") {
    return {nosso_[i], std::move(occurrence), D(2026, 12, 22), amounts_[i],
            paid,      Money::FromCents(250), Money(),         D(2026, 11, 21)};
  }
  Reply Upload(const std::string& text, const std::string& name = "retorno.ret") {
    return owner_->Send("POST", "/api/v1/bank-files?name=" + name, text,
                        "application/octet-stream");
  }
  json Statement() { return owner_->Get("/api/v1/customers/" + customer_ + "/statement").body; }
  // Cash received, net of reversals, as the statement tells it.
  std::int64_t PaidCents() {
    std::int64_t total = 0;
    const json statement = Statement();
    for (const json& event : statement["events"]) {
      if (event["kind"] == "payment") total += event["amount_cents"].get<std::int64_t>();
      if (event["kind"] == "reversal") total += event["amount_cents"].get<std::int64_t>();  // < 0
    }
    return total;
  }

  std::optional<stores::Store> store_;
  std::optional<ApiClient> owner_;
  std::string customer_;
  std::string sale_;
  std::vector<std::string> nosso_;
  std::vector<Money> amounts_;
};

TEST_P(ApiReconciliationTest, AReturnFilePostsEachLiquidationOnceAndQueuesTheRest) {
  ASSERT_EQ(nosso_.size(), 3u);
  const Money extra = Money::FromCents(1000);
  const Money short_by = Money::FromCents(5000);
  std::vector<app::ReturnTitleSpec> titles = {
      Paying(0, amounts_[0]),                // in full
      Paying(1, amounts_[1] + extra, "17"),  // more: R$ 10,00 of credit
      Paying(2, amounts_[2] - short_by),     // less: R$ 50,00 stay open
      {"12387989999999999", "06", D(2026, 12, 22), Money::FromCents(777), Money::FromCents(777),
       Money(), Money(), D(2026, 11, 21)},  // no such installment
      Paying(0, Money(), "02"),             // registration confirmed
      Paying(1, Money(), "03")};            // registration rejected
  const std::string file = app::ReturnFileText(*store_, titles, D(2026, 11, 22));
  Reply first = Upload(file);
  ASSERT_EQ(first.status, 200) << first.body.dump();
  EXPECT_EQ(first.body["records"], 6);
  EXPECT_EQ(first.body["posted"], 3);
  EXPECT_EQ(first.body["queued"], 1);
  EXPECT_EQ(first.body["registered"], 1);
  EXPECT_EQ(first.body["registration_rejected"], 1);
  const Money paid = amounts_[0] + amounts_[1] + extra + amounts_[2] - short_by;
  EXPECT_EQ(first.body["posted_cents"], paid.cents());
  EXPECT_EQ(first.body["queued_cents"], 777);
  EXPECT_EQ(first.body["fee_cents"], 250 * 5);
  EXPECT_EQ(PaidCents(), paid.cents());

  // Paid a month early: the art. 52 §2 discount also becomes credit, which later payments use.
  const json statement = Statement();
  EXPECT_EQ(statement["installments"][0]["position"]["status"], "paid") << statement.dump();
  EXPECT_EQ(statement["installments"][1]["position"]["status"], "paid");
  EXPECT_EQ(statement["installments"][2]["position"]["status"], "partially_paid");
  std::int64_t credit_kept = 0;
  for (const json& event : statement["events"]) {
    if (event["kind"] == "payment" && event["amount_cents"] == (amounts_[1] + extra).cents()) {
      credit_kept = event["credit_change_cents"].get<std::int64_t>();
    }
  }
  EXPECT_GE(credit_kept, extra.cents());
  EXPECT_GT(statement["installments"][2]["position"]["principal_open_cents"].get<std::int64_t>(),
            0);

  for (int again = 0; again < 3; ++again) {
    Reply replay = Upload(file, "copia.ret");
    ASSERT_EQ(replay.status, 200) << replay.body.dump();
    EXPECT_EQ(replay.body["posted"], 0);
    EXPECT_EQ(replay.body["queued"], 0);
    EXPECT_EQ(replay.body["already_imported"], 6);
    EXPECT_EQ(replay.body["duplicate_of"], first.body["id"]);
  }
  EXPECT_EQ(PaidCents(), paid.cents());
  EXPECT_EQ(owner_->Get("/api/v1/reconciliation").body["items"].size(), 1u);

  const json detail = owner_->Get("/api/v1/bank-files/" + first.body["id"].get<std::string>()).body;
  ASSERT_EQ(detail["events"].size(), 6u);
  EXPECT_EQ(detail["events"][0]["outcome"], "posted");
  EXPECT_EQ(detail["events"][0]["installment"]["number"], 1);
}

TEST_P(ApiReconciliationTest, AQueuedItemIsAssignedOrDismissedOnceWithAReason) {
  std::vector<app::ReturnTitleSpec> titles = {
      {"12387989999999999", "06", D(2026, 12, 22), amounts_[0], amounts_[0], Money(), Money(),
       D(2026, 11, 21)},
      {"12387989999999998", "06", D(2026, 12, 22), Money::FromCents(100), Money::FromCents(100),
       Money(), Money(), D(2026, 11, 21)}};
  ASSERT_EQ(Upload(app::ReturnFileText(*store_, titles, D(2026, 11, 22))).status, 200);
  const json items = owner_->Get("/api/v1/reconciliation").body["items"];
  ASSERT_EQ(items.size(), 2u);
  std::string big, small;
  for (const json& item : items) {
    (item["event"]["paid_cents"] == 100 ? small : big) = item["id"].get<std::string>();
  }
  Reply no_reason = owner_->Post("/api/v1/reconciliation/" + big + "/assign",
                                 {{"sale_id", sale_}, {"installment", 1}});
  EXPECT_EQ(no_reason.status, 422);
  Reply assigned =
      owner_->Post("/api/v1/reconciliation/" + big + "/assign",
                   {{"sale_id", sale_}, {"installment", 1}, {"reason", "boleto avulso"}});
  ASSERT_EQ(assigned.status, 200) << assigned.body.dump();
  EXPECT_EQ(assigned.body["status"], "resolved");
  EXPECT_EQ(PaidCents(), amounts_[0].cents());
  Reply twice = owner_->Post("/api/v1/reconciliation/" + big + "/dismiss", {{"reason", "x"}});
  EXPECT_EQ(twice.status, 409);
  Reply dismissed =
      owner_->Post("/api/v1/reconciliation/" + small + "/dismiss", {{"reason", "tarifa de teste"}});
  ASSERT_EQ(dismissed.status, 200) << dismissed.body.dump();
  EXPECT_TRUE(owner_->Get("/api/v1/reconciliation").body["items"].empty());
  EXPECT_EQ(owner_->Get("/api/v1/reconciliation?status=all").body["items"].size(), 2u);
  EXPECT_EQ(PaidCents(), amounts_[0].cents());
}

TEST_P(ApiReconciliationTest, AReturnedChequeReversesThePaymentItsTitlePosted) {
  ASSERT_EQ(Upload(app::ReturnFileText(*store_, {Paying(0, amounts_[0])}, D(2026, 11, 22))).status,
            200);
  EXPECT_EQ(PaidCents(), amounts_[0].cents());
  auto returned = Paying(0, amounts_[0], "44");
  returned.occurred_on = D(2026, 11, 22);
  Reply reply = Upload(app::ReturnFileText(*store_, {returned}, D(2026, 11, 22)));
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.body["reversed"], 1);
  EXPECT_EQ(PaidCents(), 0);
}

TEST_P(ApiReconciliationTest, BadFilesAreRefusedWholeAndNothingIsPosted) {
  const std::string good = app::ReturnFileText(
      *store_, {Paying(0, amounts_[0]), Paying(1, amounts_[1])}, D(2026, 11, 22));
  // A truncated file (no trailers).
  const std::string truncated = good.substr(0, good.size() - 2 * 242);
  Reply cut = Upload(truncated);
  EXPECT_EQ(cut.status, 422) << cut.body.dump();
  EXPECT_TRUE(cut.body["refused"].get<bool>());
  EXPECT_FALSE(cut.body["problems"].empty());
  // A wrong record count in the file trailer.
  std::string wrong = good;
  const std::size_t trailer = wrong.size() - 242;
  wrong.replace(trailer + 23, 6, "000099");
  EXPECT_EQ(Upload(wrong).status, 422);
  // A line of the wrong length.
  std::string long_line = good;
  long_line.insert(242 * 2 + 85, "XXXXXXXXXX");  // inside segment T's face value
  EXPECT_EQ(Upload(long_line).status, 422);
  // Another agreement's file.
  stores::Store other = *store_;
  other.settings.bank_agreement->agreement = "7654321";
  Reply foreign = Upload(app::ReturnFileText(other, {Paying(0, amounts_[0])}, D(2026, 11, 22)));
  EXPECT_EQ(foreign.status, 422) << foreign.body.dump();
  // Another bank.
  other = *store_;
  other.settings.bank_agreement->bank_code = "237";
  EXPECT_EQ(Upload(app::ReturnFileText(other, {Paying(0, amounts_[0])}, D(2026, 11, 22))).status,
            422);
  EXPECT_EQ(Upload("isto não é um arquivo CNAB\n").status, 422);
  EXPECT_EQ(Upload("").status, 422);
  EXPECT_EQ(PaidCents(), 0);
  EXPECT_TRUE(owner_->Get("/api/v1/reconciliation").body["items"].empty());
  // A clerk may not import.
  AddUser(*store_, "caixa@a.com.br", "clerk");
  ApiClient clerk = SignedIn("caixa@a.com.br");
  EXPECT_EQ(clerk.Send("POST", "/api/v1/bank-files", good, "application/octet-stream").status, 403);
}

TEST_P(ApiReconciliationTest, PixNotificationsPostOncePerEndToEndIdWhenSigned) {
  Reply created =
      owner_->Post("/api/v1/pix-webhooks", {{"provider", "PSP Exemplo"}, {"auth", "hmac-sha256"}});
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string secret = created.body["secret"];
  const std::string path = created.body["path"];
  const json slips = owner_->Get("/api/v1/sales/" + sale_ + "/carne").body["slips"];
  const auto valor = [](Money m) {
    return std::to_string(m.cents() / 100) + "." + (m.cents() % 100 < 10 ? "0" : "") +
           std::to_string(m.cents() % 100);
  };
  const json body = {{"pix", json::array({{{"endToEndId", "E12345678202611221200abcdefghijk"},
                                           {"txid", slips[0]["txid"]},
                                           {"valor", valor(amounts_[0])},
                                           {"horario", "2026-11-22T12:00:00.000Z"},
                                           {"infoPagador", "parcela 1"}},
                                          {{"endToEndId", "E12345678202611221200zzzzzzzzzzz"},
                                           {"txid", "FD9999999999"},
                                           {"valor", "10.00"},
                                           {"horario", "2026-11-22T12:01:00Z"}}})}};
  const std::string text = body.dump();
  ApiClient provider = api_->Client();
  const std::string signature = "sha256=" + reconciliation::HmacSha256Hex(secret, text);
  Reply bad = provider.Send("POST", path, text, "application/json", {{"X-Signature", "sha256=00"}});
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(PaidCents(), 0);
  for (int again = 0; again < 2; ++again) {
    Reply good = provider.Send("POST", path + "/pix", text, "application/json",
                               {{"X-Signature", signature}});
    ASSERT_EQ(good.status, 200) << good.body.dump();
    EXPECT_EQ(good.body["received"][0]["outcome"], again == 0 ? "posted" : "already_imported");
  }
  EXPECT_EQ(PaidCents(), amounts_[0].cents());
  const json items = owner_->Get("/api/v1/reconciliation").body["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["event"]["reference"], "FD9999999999");
  // Garbage in a signed body: 422 naming the field, nothing posted.
  const std::string garbage = R"({"pix":[{"endToEndId":"E1","valor":"12,50","horario":"x"}]})";
  Reply refused = provider.Send("POST", path, garbage, "application/json",
                                {{"X-Signature", reconciliation::HmacSha256Hex(secret, garbage)}});
  EXPECT_EQ(refused.status, 422) << refused.body.dump();
  // A revoked webhook is refused.
  ASSERT_EQ(owner_->Delete("/api/v1/pix-webhooks/" + created.body["id"].get<std::string>()).status,
            204);
  EXPECT_EQ(
      provider.Send("POST", path, text, "application/json", {{"X-Signature", signature}}).status,
      401);
}

// The remittance that registers the sale's boletos: P, Q, R per open installment with the
// carnê's nosso números; a wallet the bank's CNAB 240 does not take is refused by name.
TEST_P(ApiReconciliationTest, ARemittanceRegistersTheOpenInstallmentsBoletos) {
  const std::string path = "/api/v1/sales/" + sale_ + "/remittance.rem";
  httplib::Client client("127.0.0.1", api_->port());
  const httplib::Headers cookie = {{"Cookie", owner_->cookie()}};
  auto refused = client.Get(path, cookie);  // BB wallet 18: not in BB's CNAB 240
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422) << refused->body;
  json store = owner_->Get("/api/v1/stores/" + store_->id.str()).body;
  store["settings"]["bank_agreement"]["wallet"] = "17";
  store["settings"]["bank_agreement"]["agency_digit"] = "9";
  store["settings"]["bank_agreement"]["account_digit"] = "3";
  store["settings"]["bank_agreement"]["wallet_variation"] = "019";
  json body = {{"name", store["name"]},
               {"legal_id", store["legal_id"]},
               {"address", store["address"]},
               {"settings", store["settings"]}};
  ASSERT_EQ(owner_->Put("/api/v1/stores/" + store_->id.str(), body).status, 200);
  auto file = client.Get(path + "?sequence=7", cookie);
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200) << file->body;
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < file->body.size();) {
    const std::size_t end = file->body.find("\r\n", at);
    ASSERT_NE(end, std::string::npos);
    lines.push_back(file->body.substr(at, end - at));
    at = end + 2;
  }
  ASSERT_EQ(lines.size(), 3u * 3 + 4);
  for (const std::string& line : lines) EXPECT_EQ(line.size(), 240u);
  EXPECT_EQ(lines[0].substr(157, 6), "000007");  // NSA
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string& p = lines[2 + 3 * i];
    EXPECT_EQ(p[13], 'P');
    EXPECT_EQ(p.substr(37, 17), nosso_[i]);
    EXPECT_EQ(std::stoll(p.substr(85, 15)), amounts_[i].cents());
    EXPECT_EQ(lines[3 + 3 * i][13], 'Q');
    EXPECT_EQ(lines[4 + 3 * i][13], 'R');
  }
  EXPECT_EQ(client.Get("/api/v1/sales/" + sale_ + "/remittance.rem?sequence=0", cookie)->status,
            422);
}

// An OFX statement (SGML, as Brazilian banks export it): a credit naming an installment's
// txid with its amount posts; a credit of the right amount without a txid only suggests
// (queued); a debit is ignored; the same statement again posts nothing.
std::string Ofx(const std::vector<std::string>& transactions) {
  std::string text =
      "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
      "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n<OFX>"
      "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261122"
      "<LANGUAGE>POR</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0"
      "<SEVERITY>INFO</STATUS><STMTRS><CURDEF>BRL<BANKACCTFROM><BANKID>0001<BRANCHID>4042"
      "<ACCTID>61900<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20261101"
      "<DTEND>20261122";
  for (const std::string& transaction : transactions) text += transaction;
  return text +
         "</BANKTRANLIST><LEDGERBAL><BALAMT>0.00<DTASOF>20261122</LEDGERBAL></STMTRS>"
         "</STMTTRNRS></BANKMSGSRSV1></OFX>\r\n";
}

std::string Transaction(const std::string& fitid, const std::string& amount,
                        const std::string& memo) {
  return "<STMTTRN><TRNTYPE>" + std::string(amount[0] == '-' ? "DEBIT" : "CREDIT") +
         "<DTPOSTED>20261121<TRNAMT>" + amount + "<FITID>" + fitid + "<MEMO>" + memo + "</STMTTRN>";
}

std::string Reais(Money m) {
  const auto cents = m.cents();
  return std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") +
         std::to_string(cents % 100);
}

TEST_P(ApiReconciliationTest, AStatementPostsCertainCreditsAndQueuesTheRest) {
  const json slips = owner_->Get("/api/v1/sales/" + sale_ + "/carne").body["slips"];
  const std::string ofx = Ofx(
      {Transaction("A1", Reais(amounts_[0]), "PIX RECEBIDO " + slips[0]["txid"].get<std::string>()),
       Transaction("A2", Reais(amounts_[1]), "TED MARIA JOSE"),
       Transaction("A3", "-50.00", "TARIFA")});
  const auto upload = [&] {
    return owner_->Send("POST", "/api/v1/bank-statements?name=extrato.ofx", ofx,
                        "application/octet-stream");
  };
  Reply first = upload();
  ASSERT_EQ(first.status, 200) << first.body.dump();
  EXPECT_EQ(first.body["kind"], "ofx");
  EXPECT_EQ(first.body["records"], 2);
  EXPECT_EQ(first.body["posted"], 1);
  EXPECT_EQ(first.body["queued"], 1);
  EXPECT_EQ(PaidCents(), amounts_[0].cents());
  const json items = owner_->Get("/api/v1/reconciliation").body["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["event"]["reference"], "A2");
  // Installment 1 (the only one due near 21/11) was taken by A1; the rest are too far.
  EXPECT_NE(items[0]["reason"].get<std::string>().find("FITID A1"), std::string::npos)
      << items[0].dump();
  Reply again = upload();
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body["already_imported"], 2);
  EXPECT_EQ(PaidCents(), amounts_[0].cents());
  Reply garbage =
      owner_->Send("POST", "/api/v1/bank-statements", "não é OFX", "application/octet-stream");
  EXPECT_EQ(garbage.status, 422);
  EXPECT_TRUE(garbage.body["refused"].get<bool>());
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiReconciliationTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgresql),
                         EngineTestName);

}  // namespace
}  // namespace fiado::testing
