// Printed documents over the REST API, on SQLite and on a real PostgreSQL server: the
// carnê's codes (a txid per installment that never changes, a Pix payload carrying the
// slip's amount, a boleto from the bank agreement), chosen and updated slips, the PDFs of
// the carnê, the contract and the receipt, the shop's payment settings checked on save,
// and the bad-input answers.
#include <gtest/gtest.h>

#include <set>

#include "api_support.h"
#include "core/tax_id.h"
#include "payments/boleto.h"
#include "payments/pix.h"
#include "support/pdf_tools.h"

namespace fiado::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class ApiDocumentsTest : public ApiSuite {
 protected:
  void SetUp() override {
    StartApi();
    store_ = MakeStore("Loja Exemplo", "11.222.333/0001-81", "dono@a.com.br");
    owner_.emplace(SignedIn("dono@a.com.br"));
    customer_ = Register("529982247", "Maria José da Silva");
    Reply limit = owner_->Put("/api/v1/customers/" + customer_ + "/credit-limit",
                              {{"credit_limit_cents", 500000}, {"reason", "bom histórico"}});
    ASSERT_EQ(limit.status, 200) << limit.body.dump();
  }

  stores::Store MakeStore(const std::string& name, const std::string& cnpj,
                          const std::string& email) {
    stores::StoreDraft draft;
    draft.address = {"Rua Direita", "10", "", "Centro", "São Paulo", "SP", "01001000"};
    draft.settings.credit.default_monthly_rate = core::Rate::FromBps(200);
    return AddStore(name, cnpj, email, draft);
  }
  std::string Register(const std::string& first9, const std::string& name) {
    Reply reply = owner_->Post(
        "/api/v1/customers", {{"cpf", first9 + core::CpfCheckDigits(first9)}, {"full_name", name}});
    EXPECT_EQ(reply.status, 201) << reply.body.dump();
    return reply.body["id"];
  }
  // The store as the API shows it, with `settings` and the Pix key changed.
  Reply SaveStore(const std::string& pix_key, const json& settings_patch) {
    json store = owner_->Get("/api/v1/stores/" + store_->id.str()).body;
    json body = {{"name", store["name"]},
                 {"legal_id", store["legal_id"]},
                 {"address", store["address"]},
                 {"pix_key", pix_key},
                 {"settings", store["settings"]}};
    body["settings"].merge_patch(settings_patch);
    return owner_->Put("/api/v1/stores/" + store_->id.str(), body);
  }
  // R$ 1.000,00 in 3 at 2 % a.m., bought a month ago (first due 22/11/2026, today).
  std::string Sell(const std::string& key = "venda-1") {
    json body = {{"customer_id", customer_},  {"description", "Geladeira Frost Free"},
                 {"price_cents", 100000},     {"installment_count", 3},
                 {"sale_date", "2026-10-23"}, {"first_due_date", "2026-11-22"}};
    Reply sale = owner_->PostWithKey("/api/v1/sales", body, key);
    EXPECT_EQ(sale.status, 201) << sale.body.dump();
    return sale.body["id"];
  }
  Reply Carne(const std::string& sale, const std::string& query = "") {
    return owner_->Get("/api/v1/sales/" + sale + "/carne" + query);
  }
  httplib::Result Raw(const std::string& path) {
    httplib::Client client("127.0.0.1", api_->port());
    return client.Get(path, {{"Cookie", owner_->cookie()}});
  }

  std::optional<stores::Store> store_;
  std::optional<ApiClient> owner_;
  std::string customer_;
};

TEST_P(ApiDocumentsTest, EachSlipCarriesAPixCodeWithItsOwnTxidAndAmount) {
  ASSERT_EQ(SaveStore("11.222.333/0001-81", json::object()).status, 200);
  const std::string sale = Sell();
  Reply carne = Carne(sale);
  ASSERT_EQ(carne.status, 200) << carne.body.dump();
  ASSERT_EQ(carne.body["slips"].size(), 3u);
  std::set<std::string> txids;
  for (const json& slip : carne.body["slips"]) {
    txids.insert(slip["txid"].get<std::string>());
    const auto pix = payments::DecodePix(slip["pix_payload"].get<std::string>());
    ASSERT_TRUE(pix.has_value()) << pix.error().Describe();
    EXPECT_EQ(pix->key, "11222333000181");
    EXPECT_EQ(pix->txid, slip["txid"]);
    ASSERT_TRUE(pix->amount.has_value());
    EXPECT_EQ(pix->amount->cents(), slip["amount_cents"]);
    EXPECT_EQ(pix->merchant_name, "Loja Exemplo");
    EXPECT_EQ(pix->merchant_city, "Sao Paulo");
    EXPECT_TRUE(slip["boleto"].is_null());  // no bank agreement
  }
  EXPECT_EQ(txids.size(), 3u);
  EXPECT_EQ(carne.body["slips"][0]["amount_cents"], 34675);  // Price, 3 × 2 % a.m.
  EXPECT_NE(carne.body["late_charge_rule"].get<std::string>().find("multa de 2%"),
            std::string::npos);
  // Printed again: the same codes.
  EXPECT_EQ(Carne(sale).body["slips"], carne.body["slips"]);
}

TEST_P(ApiDocumentsTest, ChosenSlipsAndReprintsUpdatedToADate) {
  ASSERT_EQ(SaveStore("11.222.333/0001-81", json::object()).status, 200);
  const std::string sale = Sell();
  Reply second = Carne(sale, "?installments=2");
  ASSERT_EQ(second.status, 200) << second.body.dump();
  ASSERT_EQ(second.body["slips"].size(), 1u);
  EXPECT_EQ(second.body["slips"][0]["number"], 2);
  // The first installment, due today, a month late on 22/12/2026: 2 % fee + 1 % a month.
  Reply late = Carne(sale, "?installments=1&updated_to=2026-12-22");
  ASSERT_EQ(late.status, 200) << late.body.dump();
  const json& slip = late.body["slips"][0];
  EXPECT_EQ(slip["updated_to"], "2026-12-22");
  EXPECT_EQ(slip["face_cents"], 34675);
  EXPECT_EQ(slip["charges_cents"], 694 + 347);
  EXPECT_EQ(slip["amount_cents"], 34675 + 694 + 347);
  const auto pix = payments::DecodePix(slip["pix_payload"].get<std::string>());
  ASSERT_TRUE(pix.has_value());
  EXPECT_EQ(pix->amount->cents(), slip["amount_cents"]);
  EXPECT_EQ(pix->txid, Carne(sale).body["slips"][0]["txid"]);  // same installment, same txid
}

// Banco do Brasil, convênio of 7 digits (the agreement of brcobranca's BB spec).
TEST_P(ApiDocumentsTest, ABankAgreementAddsABoletoToEachSlip) {
  const json agreement = {{"bank_code", "001"},
                          {"agency", "4042"},
                          {"account", "61900"},
                          {"wallet", "18"},
                          {"agreement", "1238798"}};
  ASSERT_EQ(SaveStore("", {{"bank_agreement", agreement}}).status, 200);
  const std::string sale = Sell();
  Reply carne = Carne(sale, "?updated_to=2026-12-22");
  ASSERT_EQ(carne.status, 200) << carne.body.dump();
  const core::Date today = std::chrono::year{2026} / 11 / 22;
  std::set<std::string> nosso_numeros;
  for (const json& slip : carne.body["slips"]) {
    ASSERT_FALSE(slip["boleto"].is_null());
    const auto boleto = payments::DecodeBoleto(slip["boleto"]["linha"].get<std::string>(), today);
    ASSERT_TRUE(boleto.has_value()) << boleto.error().Describe();
    EXPECT_EQ(boleto->bank_code, "001");
    EXPECT_EQ(boleto->barcode, slip["boleto"]["barcode"]);
    EXPECT_EQ(boleto->amount.cents(), slip["amount_cents"]);
    // Overdue on the update date: due then; not yet due: its own due date.
    const std::string due = slip["number"] == 1 ? "2026-12-22" : slip["due_date"];
    ASSERT_TRUE(boleto->due_date.has_value());
    EXPECT_EQ(core::FormatIso(*boleto->due_date), due);
    nosso_numeros.insert(slip["boleto"]["nosso_numero"].get<std::string>());
  }
  EXPECT_EQ(nosso_numeros.size(), 3u);
  EXPECT_TRUE(carne.body["slips"][0]["pix_payload"].is_null());  // no Pix key
}

// The PDF the shop prints carries exactly the codes of the JSON: every QR code decodes to
// its slip's Pix payload and every ITF to its boleto's 44 digits; the text has the linhas.
TEST_P(ApiDocumentsTest, ThePrintedCarneCarriesTheSameCodes) {
  using namespace fiado::documents::testing;
  FIADO_REQUIRE_TOOL(kPdfToPpm, "poppler-utils");
  FIADO_REQUIRE_TOOL(kZbarImg, "zbar-tools");
  const json agreement = {
      {"bank_code", "237"}, {"agency", "1172"}, {"account", "403005"}, {"wallet", "09"}};
  ASSERT_EQ(SaveStore("loja@example.com", {{"bank_agreement", agreement}}).status, 200);
  const std::string sale = Sell();
  const json slips = Carne(sale).body["slips"];
  ASSERT_EQ(slips.size(), 3u);
  const auto pdf = Raw("/api/v1/sales/" + sale + "/carne.pdf");
  ASSERT_TRUE(pdf && pdf->status == 200);
  TempDir dir;
  const std::string path = WriteFile(dir, "carne.pdf", pdf->body);
  ASSERT_EQ(PdfPages(path), 1);
  std::multiset<std::string> expected;
  for (const json& slip : slips) {
    expected.insert(slip["pix_payload"].get<std::string>());
    expected.insert(slip["boleto"]["barcode"].get<std::string>());
  }
  const auto symbols = DecodeBarcodes(RenderPng(dir, path, 1, 200),
                                      {"-Sdisable", "-Sqrcode.enable", "-Si25.enable"});
  EXPECT_EQ(std::multiset<std::string>(symbols.begin(), symbols.end()), expected);
  const std::string text = PdfText(path);
  for (const json& slip : slips) {
    EXPECT_NE(text.find(slip["boleto"]["linha_formatted"].get<std::string>()), std::string::npos);
  }
  EXPECT_NE(text.find("Maria José da Silva"), std::string::npos);
  EXPECT_NE(text.find("11.222.333/0001-81"), std::string::npos);
}

TEST_P(ApiDocumentsTest, PaidInstallmentsLeaveTheCarneAndCannotBeChosen) {
  const std::string sale = Sell();
  Reply paid = owner_->PostWithKey("/api/v1/customers/" + customer_ + "/payments",
                                   {{"amount_cents", 34675}, {"method", "cash"}}, "pag-1");
  ASSERT_EQ(paid.status, 201) << paid.body.dump();
  Reply carne = Carne(sale);
  ASSERT_EQ(carne.status, 200) << carne.body.dump();
  ASSERT_EQ(carne.body["slips"].size(), 2u);
  EXPECT_EQ(carne.body["slips"][0]["number"], 2);
  EXPECT_TRUE(carne.body["slips"][0]["pix_payload"].is_null());  // the shop has no Pix key
  Reply chosen = Carne(sale, "?installments=1");
  EXPECT_EQ(chosen.status, 422);
  EXPECT_EQ(chosen.body["errors"][0]["field"], "installments[0]");
  EXPECT_EQ(Carne(sale, "?installments=4").status, 422);
  EXPECT_EQ(Carne(sale, "?installments=a,b").status, 422);
  EXPECT_EQ(Carne(sale, "?updated_to=22/12/2026").status, 422);
}

TEST_P(ApiDocumentsTest, DocumentsArePdfs) {
  ASSERT_EQ(SaveStore("loja@example.com", json::object()).status, 200);
  const std::string sale = Sell();
  Reply paid = owner_->PostWithKey("/api/v1/customers/" + customer_ + "/payments",
                                   {{"amount_cents", 40000}, {"method", "pix"}}, "pag-1");
  ASSERT_EQ(paid.status, 201) << paid.body.dump();
  const std::string payment = paid.body["id"];
  for (const std::string& path :
       {"/api/v1/sales/" + sale + "/carne.pdf",
        "/api/v1/sales/" + sale + "/carne.pdf?installments=3",
        "/api/v1/sales/" + sale + "/contract.pdf", "/api/v1/payments/" + payment + "/receipt.pdf",
        "/api/v1/payments/" + payment + "/receipt.pdf?paper=80mm"}) {
    const auto result = Raw(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200) << path << ' ' << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/pdf") << path;
    EXPECT_EQ(result->body.substr(0, 5), "%PDF-") << path;
  }
  EXPECT_EQ(Raw("/api/v1/payments/" + payment + "/receipt.pdf?paper=a5")->status, 422);
  EXPECT_EQ(Raw("/api/v1/sales/0190a5b0-0000-7000-8000-000000000000/carne.pdf")->status, 404);
  EXPECT_EQ(Raw("/api/v1/sales/" + sale + "/contract.pdf?x=1")->status, 200);
}

TEST_P(ApiDocumentsTest, PaymentSettingsAreCheckedWhenSaved) {
  Reply bad_key = SaveStore("123.456.789-00", json::object());
  EXPECT_EQ(bad_key.status, 422);
  EXPECT_EQ(bad_key.body["errors"][0]["field"], "pix_key");
  Reply long_city = SaveStore("loja@example.com", {{"pix_merchant_city", "Sao Jose dos Campos"}});
  EXPECT_EQ(long_city.status, 422);
  EXPECT_EQ(long_city.body["errors"][0]["field"], "settings.pix_merchant_city");
  Reply unsupported = SaveStore("", {{"bank_agreement", {{"bank_code", "999"}}}});
  EXPECT_EQ(unsupported.status, 422);
  EXPECT_EQ(unsupported.body["errors"][0]["field"], "settings.bank_agreement.bank_code");
  Reply normalised = SaveStore("LOJA@Example.com", json::object());
  ASSERT_EQ(normalised.status, 200) << normalised.body.dump();
  EXPECT_EQ(normalised.body["pix_key"], "loja@example.com");
}

TEST_P(ApiDocumentsTest, AnotherStoresSaleIsNotFound) {
  const std::string sale = Sell();
  MakeStore("Loja B", "00.000.000/0001-91", "dono@b.com.br");
  ApiClient other = SignedIn("dono@b.com.br");
  EXPECT_EQ(other.Get("/api/v1/sales/" + sale + "/carne").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiDocumentsTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgresql),
                         EngineTestName);

}  // namespace
}  // namespace fiado::testing
