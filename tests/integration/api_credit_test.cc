// Credit analysis over the REST API, on SQLite and on a real PostgreSQL server: a new
// customer's neutral score and suggested first limit; a bureau lookup recorded by hand
// (and one asked of an HTTP bureau stub) that refuses the next sale, with the analysis
// stored and an owner's override; affordability against declared income giving a
// counter-offer; the ladder raising a limit after installments paid on time; settings
// checked field by field; profitability; and who may do what.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "api_support.h"
#include "core/tax_id.h"
#include "support/shared_data.h"

namespace fiado::testing {
namespace {

using nlohmann::json;

class ApiCreditTest : public ApiSuite {
 protected:
  void SetUp() override {
    // Sales are made on 01/08/2026; the tests run on Sunday 22/11/2026.
    clock_.Set(std::chrono::sys_days{std::chrono::year{2026} / 8 / 1} + std::chrono::hours{13});
    StartApi();
    store_ = AddStore("Loja Exemplo", "11.222.333/0001-81", "dono@a.com.br");
    AddUser(*store_, "vende@a.com.br", "clerk");
    AddUser(*store_, "olha@a.com.br", "viewer");
    owner_.emplace(SignedIn("dono@a.com.br"));
  }
  void TearDown() override {
    api_.reset();
    if (stub_thread_.joinable()) {
      stub_.stop();
      stub_thread_.join();
    }
  }
  void Today() {
    clock_.Set(kApiTestStart);
    owner_.emplace(SignedIn("dono@a.com.br"));
  }
  std::string Register(const std::string& first9, const std::string& name,
                       std::optional<std::int64_t> income_cents = std::nullopt) {
    json body = {{"cpf", first9 + core::CpfCheckDigits(first9)}, {"full_name", name}};
    if (income_cents) body["monthly_income_cents"] = *income_cents;
    Reply reply = owner_->Post("/api/v1/customers", body);
    EXPECT_EQ(reply.status, 201) << reply.body.dump();
    return reply.body["id"];
  }
  void SetLimit(const std::string& customer, std::int64_t cents) {
    Reply reply = owner_->Put("/api/v1/customers/" + customer + "/credit-limit",
                              {{"credit_limit_cents", cents}, {"reason", "cadastro aprovado"}});
    ASSERT_EQ(reply.status, 200) << reply.body.dump();
  }
  Reply Sell(ApiClient& client, const std::string& customer, std::int64_t price_cents, int count,
             const std::string& key, const std::string& override_reason = "") {
    json body = {{"customer_id", customer},    {"description", "Geladeira"},
                 {"price_cents", price_cents}, {"installment_count", count},
                 {"sale_date", "2026-08-01"},  {"first_due_date", "2026-09-01"}};
    if (!override_reason.empty()) body["override_reason"] = override_reason;
    return client.PostWithKey("/api/v1/sales", body, key);
  }
  json Profile(const std::string& customer) {
    Reply reply = owner_->Get("/api/v1/customers/" + customer + "/credit");
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body;
  }
  json LatestDecision(const std::string& customer) {
    Reply reply = owner_->Get("/api/v1/customers/" + customer + "/credit-decisions");
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body["items"].at(0);
  }
  // An HTTP bureau on a loopback port answering `answer` for every consultation.
  std::string StartBureau(json answer) {
    stub_.Post(R"(/consulta/(\d+))",
               [this, answer](const httplib::Request& request, httplib::Response& response) {
                 last_bureau_request_ = request.body;
                 last_bureau_auth_ = request.get_header_value("Authorization");
                 response.set_content(answer.dump(), "application/json");
               });
    const int port = stub_.bind_to_any_port("127.0.0.1");
    stub_thread_ = std::thread([this] { stub_.listen_after_bind(); });
    while (!stub_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return "http://127.0.0.1:" + std::to_string(port) + "/consulta/{cpf}";
  }

  std::optional<stores::Store> store_;
  std::optional<ApiClient> owner_;
  httplib::Server stub_;
  std::thread stub_thread_;
  std::string last_bureau_request_;
  std::string last_bureau_auth_;
};

TEST_P(ApiCreditTest, ANewCustomerHasANeutralScoreAndASmallSuggestedFirstLimit) {
  const std::string customer = Register("529982247", "Maria José da Silva", 200000);
  const json profile = Profile(customer);
  EXPECT_EQ(profile["behaviour"]["score"], 500);
  EXPECT_EQ(profile["behaviour"]["band"], "C");
  EXPECT_EQ(profile["behaviour"]["has_history"], false);
  EXPECT_EQ(profile["behaviour"]["reasons"].at(0)["code"], "no_history");
  // Band C gives R$ 300,00; 30 % of R$ 2.000,00 of income would allow more.
  EXPECT_EQ(profile["suggested_first_limit_cents"], 30000);
  EXPECT_EQ(profile["credit_limit_cents"], 0);
  EXPECT_EQ(profile["available_cents"], 0);
}

TEST_P(ApiCreditTest, ARestrictionFoundAtTheBureauRefusesTheSaleUntilTheOwnerOverrides) {
  const std::string customer = Register("529982247", "Maria José da Silva");
  SetLimit(customer, 500000);
  ApiClient clerk = SignedIn("vende@a.com.br");
  Reply lookup = clerk.Post("/api/v1/customers/" + customer + "/bureau-lookups",
                            {{"bureau", "SPC"},
                             {"purpose", "sale"},
                             {"consulted_on", "2026-08-01"},
                             {"restricted", true},
                             {"restrictions", {{{"creditor", "Loja Y"}, {"amount_cents", 45000}}}},
                             {"summary", "consulta feita no site do SPC"}});
  ASSERT_EQ(lookup.status, 201) << lookup.body.dump();
  EXPECT_EQ(lookup.body["source"], "manual");
  EXPECT_THAT(lookup.body["requested_by"].get<std::string>(), ::testing::StartsWith("user:"));

  Reply refused = Sell(clerk, customer, 60000, 3, "venda-1");
  EXPECT_EQ(refused.status, 422) << refused.body.dump();
  const json decision = LatestDecision(customer);
  EXPECT_EQ(decision["outcome"], "refused");
  EXPECT_EQ(decision["analysis"]["kind"], "sale");
  EXPECT_EQ(decision["analysis"]["reasons"].at(0)["code"], "bureau_restricted");
  EXPECT_EQ(decision["analysis"]["inputs"]["bureau"]["restricted_cents"], 45000);

  // A clerk may not override; the owner may, with a reason.
  EXPECT_EQ(Sell(clerk, customer, 60000, 3, "venda-2", "conheço a cliente").status, 422);
  Reply sold = Sell(*owner_, customer, 60000, 3, "venda-3", "dívida já paga, comprovante visto");
  ASSERT_EQ(sold.status, 201) << sold.body.dump();
  EXPECT_EQ(LatestDecision(customer)["outcome"], "overridden");

  Reply lookups = owner_->Get("/api/v1/customers/" + customer + "/bureau-lookups");
  ASSERT_EQ(lookups.status, 200);
  ASSERT_EQ(lookups.body["items"].size(), 1U);
  EXPECT_EQ(lookups.body["items"][0]["purpose"], "sale");
}

TEST_P(ApiCreditTest, AnHttpBureauIsAskedWithTheCpfAndItsAnswerRecorded) {
  const std::string url = StartBureau({{"protocol", "P-123"},
                                       {"restricted", false},
                                       {"restrictions", json::array()},
                                       {"score", 712}});
  Today();
  const std::string customer = Register("529982247", "Maria José da Silva");
  Reply settings = owner_->Get("/api/v1/credit/settings");
  ASSERT_EQ(settings.status, 200);
  json body = settings.body;
  body["bureaus"] = {
      {{"name", "Birô Teste"}, {"url", url}, {"auth_header", "Authorization: Bearer s3cr3t"}}};
  Reply saved = owner_->Put("/api/v1/credit/settings", body);
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  EXPECT_EQ(saved.body["bureaus"][0]["auth_header"], "");
  EXPECT_EQ(saved.body["bureaus"][0]["auth_header_set"], true);

  Reply lookup =
      owner_->Post("/api/v1/customers/" + customer + "/bureau-lookups",
                   {{"online", true}, {"bureau", "Birô Teste"}, {"purpose", "credit_review"}});
  ASSERT_EQ(lookup.status, 201) << lookup.body.dump();
  EXPECT_EQ(lookup.body["source"], "http");
  EXPECT_EQ(lookup.body["answer"]["bureau_score"], 712);
  EXPECT_EQ(lookup.body["provider_reference"], "P-123");
  EXPECT_EQ(lookup.body["consulted_on"], "2026-11-22");
  EXPECT_THAT(last_bureau_request_, ::testing::HasSubstr("52998224725"));
  EXPECT_THAT(last_bureau_request_, ::testing::HasSubstr("credit_review"));
  EXPECT_EQ(last_bureau_auth_, "Bearer s3cr3t");

  // Saving again without the secret keeps it.
  body = saved.body;
  Reply again = owner_->Put("/api/v1/credit/settings", body);
  ASSERT_EQ(again.status, 200) << again.body.dump();
  ASSERT_EQ(owner_
                ->Post("/api/v1/customers/" + customer + "/bureau-lookups",
                       {{"online", true}, {"bureau", "Birô Teste"}, {"purpose", "sale"}})
                .status,
            201);
  EXPECT_EQ(last_bureau_auth_, "Bearer s3cr3t");
  EXPECT_EQ(owner_
                ->Post("/api/v1/customers/" + customer + "/bureau-lookups",
                       {{"online", true}, {"bureau", "Outro"}, {"purpose", "sale"}})
                .status,
            422);
}

TEST_P(ApiCreditTest, AnInstallmentAboveWhatTheIncomeAffordsGetsACounterOffer) {
  // R$ 1.000,00 of income: at most R$ 300,00 a month in installments.
  const std::string customer = Register("529982247", "Maria José da Silva", 100000);
  SetLimit(customer, 500000);
  Reply refused = Sell(*owner_, customer, 120000, 3, "venda-1");  // R$ 400,00 a month
  EXPECT_EQ(refused.status, 422) << refused.body.dump();
  const json decision = LatestDecision(customer);
  EXPECT_EQ(decision["analysis"]["outcome"], "counter_offer");
  EXPECT_EQ(decision["analysis"]["reasons"].at(0)["code"], "affordability");
  const std::int64_t max_amount = decision["analysis"]["max_amount_cents"];
  EXPECT_GT(max_amount, 0);
  EXPECT_LE(max_amount, 90000);
  // The counter-offer's amount is approved.
  ASSERT_EQ(Sell(*owner_, customer, max_amount, 3, "venda-2").status, 201);

  // On demand: could she buy more? Her R$ 300,00 a month already take 30 % of her income.
  Reply analysis = owner_->Post("/api/v1/customers/" + customer + "/credit/analysis",
                                {{"requested_cents", 0}, {"installment_count", 0}});
  ASSERT_EQ(analysis.status, 201) << analysis.body.dump();
  EXPECT_EQ(analysis.body["analysis"]["kind"], "on_demand");
  EXPECT_EQ(analysis.body["analysis"]["outcome"], "refused");
  EXPECT_EQ(analysis.body["analysis"]["inputs"]["monthly_commitment_cents"], max_amount / 3);
  EXPECT_EQ(analysis.body["reasons"].at(0),
            "parcelas de R$ 300,00 por mês já ocupam 30% da renda declarada (R$ 1.000,00)");
  EXPECT_EQ(LatestDecision(customer)["id"], analysis.body["id"]);
}

TEST_P(ApiCreditTest, ThreeInstallmentsPaidOnTimeRaiseTheLimitOneRung) {
  const std::string customer = Register("529982247", "Maria José da Silva");
  SetLimit(customer, 50000);
  ASSERT_EQ(Sell(*owner_, customer, 30000, 3, "venda-1").status, 201);
  EXPECT_EQ(Profile(customer)["ladder"]["text"],
            "mais 3 parcelas em dia para subir para R$ 625,00");
  // Each installment paid at the counter on its due date (the clock moves along).
  const std::vector<int> months = {9, 10, 11};
  for (const int month : months) {
    clock_.Set(std::chrono::sys_days{std::chrono::year{2026} / month / 1} + std::chrono::hours{13});
    owner_.emplace(SignedIn("dono@a.com.br"));
    if (month == 11) {
      EXPECT_EQ(Profile(customer)["ladder"]["text"],
                "mais 1 parcela em dia para subir para R$ 625,00");
    }
    Reply paid = owner_->PostWithKey("/api/v1/customers/" + customer + "/payments",
                                     {{"amount_cents", 10000}, {"method", "cash"}},
                                     "pag-" + std::to_string(month));
    ASSERT_EQ(paid.status, 201) << paid.body.dump();
  }
  const json profile = Profile(customer);
  EXPECT_EQ(profile["credit_limit_cents"], 62500);
  EXPECT_EQ(profile["ladder"]["text"], "mais 3 parcelas em dia para subir para R$ 781,00");
  EXPECT_GE(profile["behaviour"]["score"].get<int>(), 600);
  Reply audit = owner_->Get("/api/v1/audit?entity_type=customer&entity_id=" + customer);
  ASSERT_EQ(audit.status, 200) << audit.body.dump();
  EXPECT_THAT(audit.body.dump(), ::testing::HasSubstr("escada de limite"));
  EXPECT_THAT(audit.body.dump(), ::testing::HasSubstr("system:credit"));
}

TEST_P(ApiCreditTest, SettingsAreCheckedFieldByFieldAndAStaleVersionIsRefused) {
  Today();
  Reply settings = owner_->Get("/api/v1/credit/settings");
  ASSERT_EQ(settings.status, 200);
  EXPECT_EQ(settings.body["version"], 0);
  json body = settings.body;
  body["rules"]["min_score"] = 2000;
  body["ladder"]["raise_bps"] = 0;
  Reply bad = owner_->Put("/api/v1/credit/settings", body);
  ASSERT_EQ(bad.status, 422) << bad.body.dump();
  EXPECT_THAT(bad.body.dump(), ::testing::HasSubstr("rules.min_score"));
  EXPECT_THAT(bad.body.dump(), ::testing::HasSubstr("ladder.raise_bps"));
  body = settings.body;
  body["rules"]["min_score"] = 400;
  ASSERT_EQ(owner_->Put("/api/v1/credit/settings", body).status, 200);
  EXPECT_EQ(owner_->Put("/api/v1/credit/settings", body).status, 409);  // version 0 again
  EXPECT_EQ(owner_->Get("/api/v1/credit/settings").body["rules"]["min_score"], 400);

  ApiClient viewer = SignedIn("olha@a.com.br");
  EXPECT_EQ(viewer.Put("/api/v1/credit/settings", body).status, 403);
  EXPECT_EQ(viewer.Get("/api/v1/credit/profitability").status, 403);
  EXPECT_EQ(viewer.Post("/api/v1/customers/x/bureau-lookups", json::object()).status, 403);
}

TEST_P(ApiCreditTest, ProfitabilityRanksCustomersByInterestReceivedMinusLosses) {
  const std::string maria = Register("529982247", "Maria José da Silva");
  const std::string joao = Register("111444777", "João Souza");
  SetLimit(maria, 500000);
  SetLimit(joao, 500000);
  json body = {{"customer_id", maria},          {"description", "Sofá"},
               {"price_cents", 100000},         {"installment_count", 2},
               {"monthly_rate_percent", "5"},   {"sale_date", "2026-08-01"},
               {"first_due_date", "2026-09-01"}};
  ASSERT_EQ(owner_->PostWithKey("/api/v1/sales", body, "v-maria").status, 201);
  ASSERT_EQ(Sell(*owner_, joao, 20000, 2, "v-joao").status, 201);
  Today();
  Reply paid = owner_->PostWithKey(
      "/api/v1/customers/" + maria + "/payments",
      {{"amount_cents", 200000}, {"method", "pix"}, {"paid_on", "2026-11-01"}}, "pag-maria");
  ASSERT_EQ(paid.status, 201) << paid.body.dump();
  Reply rows = owner_->Get("/api/v1/credit/profitability");
  ASSERT_EQ(rows.status, 200) << rows.body.dump();
  ASSERT_EQ(rows.body["items"].size(), 2U);
  EXPECT_EQ(rows.body["items"][0]["customer_id"], maria);
  EXPECT_GT(rows.body["items"][0]["income_cents"].get<std::int64_t>(), 0);
}

TEST_P(ApiCreditTest, BadLookupsNameEveryFieldAtFault) {
  const std::string customer = Register("529982247", "Maria José da Silva");
  Today();
  Reply bad = owner_->Post("/api/v1/customers/" + customer + "/bureau-lookups",
                           {{"bureau", ""},
                            {"purpose", "curiosidade"},
                            {"consulted_on", "2026-12-01"},
                            {"restricted", true},
                            {"restrictions", {{{"creditor", "Loja Y"}, {"amount_cents", -5}}}}});
  ASSERT_EQ(bad.status, 422) << bad.body.dump();
  const std::string text = bad.body.dump();
  for (const char* field : {"bureau", "purpose", "consulted_on", "restrictions[0].amount_cents"}) {
    EXPECT_THAT(text, ::testing::HasSubstr(std::string("\"") + field + "\"")) << field;
  }
  EXPECT_TRUE(
      owner_->Get("/api/v1/customers/" + customer + "/bureau-lookups").body["items"].empty());
}

TEST_P(ApiCreditTest, TheOwnerTrainsAScorecardFromACsvAndReadsItsReport) {
  FIADO_REQUIRE_SHARED("data/credit/german_credit.csv");
  Today();
  const std::string csv = ReadSharedText("data/credit/german_credit.csv");
  Reply trained = owner_->Post("/api/v1/scorecards", {{"name", "Alemão"},
                                                      {"csv", csv},
                                                      {"target", "Class"},
                                                      {"event", "Bad"},
                                                      {"exclude", json::array()}});
  ASSERT_EQ(trained.status, 201) << trained.body.dump().substr(0, 500);
  // On the 300 held-out rows of the public split (docs/scorecard.md).
  EXPECT_EQ(trained.body["report"]["rows"], 300);
  EXPECT_GE(trained.body["report"]["auc"].get<double>(), 0.79);
  EXPECT_FALSE(trained.body["features"].empty());
  EXPECT_FALSE(trained.body["report"]["bins"].empty());
  const std::string id = trained.body["id"];

  Reply list = owner_->Get("/api/v1/scorecards");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1U);
  EXPECT_EQ(list.body["items"][0]["test_auc"], trained.body["report"]["auc"]);
  Reply model = owner_->Get("/api/v1/scorecards/" + id + "/model.json");
  ASSERT_EQ(model.status, 200);
  EXPECT_EQ(model.body["target"], "Class");
  EXPECT_EQ(owner_->Get("/api/v1/scorecards/nao-existe").status, 404);

  // A ragged row is refused naming its line; nothing is stored.
  Reply ragged = owner_->Post("/api/v1/scorecards", {{"name", "Quebrado"},
                                                     {"csv", "alvo,renda\nbom,10\nruim\n"},
                                                     {"target", "alvo"},
                                                     {"event", "ruim"}});
  ASSERT_EQ(ragged.status, 422) << ragged.body.dump();
  EXPECT_THAT(ragged.body["detail"].get<std::string>(), ::testing::HasSubstr("linha 3"));
  EXPECT_EQ(owner_->Get("/api/v1/scorecards").body["items"].size(), 1U);
  ApiClient clerk = SignedIn("vende@a.com.br");
  EXPECT_EQ(clerk.Get("/api/v1/scorecards").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiCreditTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgresql),
                         EngineTestName);

}  // namespace
}  // namespace fiado::testing
