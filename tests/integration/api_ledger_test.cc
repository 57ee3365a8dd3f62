// The crediário over the REST API, on SQLite and on a real PostgreSQL server: simulator,
// preview and sale with the credit check and its override, payments with Idempotency-Key
// (replay, conflict, concurrent posts), reversal, the statement, the bad-input answers,
// and the isolation of one store's ledger from another's.
#include <gtest/gtest.h>

#include <thread>

#include "api_support.h"
#include "core/tax_id.h"

namespace fiado::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class ApiLedgerTest : public ApiSuite {
 protected:
  void SetUp() override {
    StartApi();
    store_ = MakeStore("Loja A", "11.222.333/0001-81", "dono@a.com.br");
    AddUser(*store_, "caixa@a.com.br", "clerk");
    owner_.emplace(SignedIn("dono@a.com.br"));
    customer_ = Register(*owner_, "529982247", "Maria José da Silva");
  }

  stores::Store MakeStore(const std::string& name, const std::string& cnpj,
                          const std::string& email) {
    stores::StoreDraft draft;
    draft.settings.credit.default_monthly_rate = core::Rate::FromBps(200);
    return AddStore(name, cnpj, email, draft);
  }
  std::string Register(ApiClient& client, const std::string& first9, const std::string& name) {
    Reply reply = client.Post(
        "/api/v1/customers", {{"cpf", first9 + core::CpfCheckDigits(first9)}, {"full_name", name}});
    EXPECT_EQ(reply.status, 201) << reply.body.dump();
    return reply.body["id"];
  }
  void SetLimit(std::int64_t cents) {
    Reply reply = owner_->Put("/api/v1/customers/" + customer_ + "/credit-limit",
                              {{"credit_limit_cents", cents}, {"reason", "bom histórico"}});
    ASSERT_EQ(reply.status, 200) << reply.body.dump();
  }
  // R$ 1.000,00 in 12 at 2 % a.m., bought a month ago (first due 22/11/2026, today).
  json SaleBody() {
    return {{"customer_id", customer_},  {"description", "Geladeira Frost Free"},
            {"price_cents", 100000},     {"installment_count", 12},
            {"sale_date", "2026-10-23"}, {"first_due_date", "2026-11-22"}};
  }
  json Statement(const std::string& as_of = "") {
    Reply reply = owner_->Get("/api/v1/customers/" + customer_ + "/statement" +
                              (as_of.empty() ? "" : "?as_of=" + as_of));
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body;
  }
  std::string PaymentsPath() { return "/api/v1/customers/" + customer_ + "/payments"; }

  std::optional<stores::Store> store_;
  std::optional<ApiClient> owner_;
  std::string customer_;
};

TEST_P(ApiLedgerTest, SimulatorShowsPlansSideBySideWithoutWriting) {
  Reply reply = owner_->Post("/api/v1/sales/simulate",
                             {{"price_cents", 100000}, {"installment_counts", {1, 12}}});
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  ASSERT_EQ(reply.body["plans"].size(), 2u);
  const json& twelve = reply.body["plans"][1];
  EXPECT_EQ(twelve["installment_count"], 12);
  EXPECT_EQ(twelve["installment_cents"], 9456);  // STANDARDS §7.1, 2 % a.m.
  EXPECT_EQ(twelve["last_installment_cents"], 9454);
  EXPECT_EQ(twelve["total_cents"], 113470);
  EXPECT_FALSE(twelve["cet_annual_percent"].is_null());
  EXPECT_EQ(Statement()["events"].size(), 0u);
}

TEST_P(ApiLedgerTest, SaleShowsTheConsumerCodeDisclosureAndReplaysItsKey) {
  SetLimit(200000);
  Reply preview = owner_->Post("/api/v1/sales/preview", SaleBody());
  ASSERT_EQ(preview.status, 200) << preview.body.dump();
  EXPECT_EQ(preview.body["credit"]["outcome"], "approved");
  Reply sale = owner_->PostWithKey("/api/v1/sales", SaleBody(), "venda-1");
  ASSERT_EQ(sale.status, 201) << sale.body.dump();
  const json& disclosure = sale.body["disclosure"];
  EXPECT_EQ(disclosure["price_cents"], 100000);
  EXPECT_EQ(disclosure["monthly_rate_percent"], "2");
  EXPECT_EQ(disclosure["annual_rate_percent"].get<std::string>().substr(0, 5), "26.82");
  EXPECT_EQ(disclosure["late_fee_percent"], "2");
  EXPECT_EQ(disclosure["moratory_monthly_rate_percent"], "1");
  EXPECT_EQ(disclosure["total_with_financing_cents"], 113470);
  EXPECT_EQ(disclosure["total_without_financing_cents"], 100000);
  EXPECT_EQ(sale.body["installments"].size(), 12u);
  EXPECT_EQ(sale.body["installments"][0]["due_date"], "2026-11-22");
  // The same key and body: the first sale again; another body: 409; nothing doubled.
  Reply again = owner_->PostWithKey("/api/v1/sales", SaleBody(), "venda-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.body["id"], sale.body["id"]);
  json other = SaleBody();
  other["price_cents"] = 90000;
  EXPECT_EQ(owner_->PostWithKey("/api/v1/sales", other, "venda-1").status, 409);
  EXPECT_EQ(Statement()["totals"]["open_installments"], 12);
  Reply read = owner_->Get("/api/v1/sales/" + sale.body["id"].get<std::string>());
  EXPECT_EQ(read.body["installments"][0]["position"]["status"], "open");
}

TEST_P(ApiLedgerTest, CreditLimitRefusesAndOnlyTheOwnerOverrides) {
  SetLimit(50000);
  Reply refused = owner_->PostWithKey("/api/v1/sales", SaleBody(), "venda-1");
  ASSERT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_NE(refused.body["detail"].get<std::string>().find("limite"), std::string::npos);
  EXPECT_FALSE(refused.body["decision_id"].get<std::string>().empty());
  json with_reason = SaleBody();
  with_reason["override_reason"] = "cliente antigo, pagou tudo em dia";
  ApiClient clerk = SignedIn("caixa@a.com.br");
  EXPECT_EQ(clerk.PostWithKey("/api/v1/sales", with_reason, "venda-2").status, 422);
  Reply overridden = owner_->PostWithKey("/api/v1/sales", with_reason, "venda-3");
  ASSERT_EQ(overridden.status, 201) << overridden.body.dump();
  Reply decisions = owner_->Get("/api/v1/customers/" + customer_ + "/credit-decisions");
  ASSERT_EQ(decisions.body["items"].size(), 3u);
  EXPECT_EQ(decisions.body["items"][0]["outcome"], "overridden");
  EXPECT_EQ(decisions.body["items"][0]["inputs"]["requested_cents"], 100000);
  EXPECT_EQ(decisions.body["items"][2]["outcome"], "refused");
}

TEST_P(ApiLedgerTest, BadSalesAreRefusedByFieldAndWriteNothing) {
  SetLimit(10000000);
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"price_cents", 0}}, "price_cents"},
      {{{"price_cents", -100}}, "price_cents"},
      {{{"installment_count", 0}}, "installment_count"},
      {{{"installment_count", 49}}, "installment_count"},
      {{{"monthly_rate_percent", "25"}}, "monthly_rate"},
      {{{"first_due_date", "2026-10-01"}}, "first_due_date"},
      {{{"down_payment_cents", 100000}}, "down_payment_cents"},
  };
  int index = 0;
  for (const auto& [change, field] : cases) {
    json body = SaleBody();
    body.update(change);
    Reply reply = owner_->PostWithKey("/api/v1/sales", body, "ruim-" + std::to_string(index++));
    EXPECT_EQ(reply.status, 422) << body.dump();
    ASSERT_TRUE(reply.body.contains("errors")) << reply.body.dump();
    EXPECT_EQ(reply.body["errors"][0]["field"], field) << reply.body.dump();
  }
  EXPECT_EQ(owner_->Post("/api/v1/sales", SaleBody()).status, 422);  // no key
  EXPECT_EQ(Statement()["events"].size(), 0u);
  EXPECT_EQ(
      owner_->Get("/api/v1/customers/" + customer_ + "/credit-decisions").body["items"].size(), 0u);
}

TEST_P(ApiLedgerTest, PaymentAllocatesWithLateChargesAndReplaysItsKey) {
  SetLimit(200000);
  ASSERT_EQ(owner_->PostWithKey("/api/v1/sales", SaleBody(), "venda-1").status, 201);
  // 30 days later the first installment (94,56, due 22/11, a Sunday → grace to 23/11) is
  // 30 days late: multa 1,89 + juros 94,56 × 1 % × 30/30 = 0,95.
  clock_.Advance(std::chrono::hours(24 * 30));
  owner_.emplace(SignedIn("dono@a.com.br"));  // sessions last 12 hours
  const json body = {{"amount_cents", 10000}, {"method", "pix"}};
  Reply paid = owner_->PostWithKey(PaymentsPath(), body, "pag-1");
  ASSERT_EQ(paid.status, 201) << paid.body.dump();
  ASSERT_EQ(paid.body["lines"].size(), 2u);
  EXPECT_EQ(paid.body["lines"][0]["late_fee_cents"], 189);
  EXPECT_EQ(paid.body["lines"][0]["interest_cents"], 95);
  EXPECT_EQ(paid.body["lines"][0]["principal_cents"], 9456);
  EXPECT_EQ(paid.body["lines"][1]["number"], 2);
  EXPECT_EQ(paid.body["lines"][1]["principal_cents"], 10000 - 9456 - 189 - 95);
  Reply again = owner_->PostWithKey(PaymentsPath(), body, "pag-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body["id"], paid.body["id"]);
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  Reply conflict =
      owner_->PostWithKey(PaymentsPath(), {{"amount_cents", 100}, {"method", "pix"}}, "pag-1");
  EXPECT_EQ(conflict.status, 409);
  const json statement = Statement();
  EXPECT_EQ(statement["events"].size(), 2u);  // the sale and one payment
  EXPECT_EQ(statement["installments"][0]["position"]["status"], "paid");
  EXPECT_EQ(statement["installments"][1]["position"]["status"], "partially_paid");
}

TEST_P(ApiLedgerTest, OverpaymentBecomesCreditUsedByTheNextPayment) {
  SetLimit(200000);
  json sale = SaleBody();
  sale["installment_count"] = 1;
  sale["price_cents"] = 10000;
  sale["monthly_rate_percent"] = "0";
  ASSERT_EQ(owner_->PostWithKey("/api/v1/sales", sale, "venda-1").status, 201);
  sale["first_due_date"] = "2026-12-22";
  ASSERT_EQ(owner_->PostWithKey("/api/v1/sales", sale, "venda-2").status, 201);
  Reply paid =
      owner_->PostWithKey(PaymentsPath(), {{"amount_cents", 15000}, {"method", "cash"}}, "pag-1");
  ASSERT_EQ(paid.status, 201) << paid.body.dump();
  // 100,00 for the first, 50,00 on the second (no discount at 0 %), nothing to credit.
  EXPECT_EQ(paid.body["credit_change_cents"], 0);
  Reply more =
      owner_->PostWithKey(PaymentsPath(), {{"amount_cents", 8000}, {"method", "cash"}}, "pag-2");
  ASSERT_EQ(more.status, 201) << more.body.dump();
  EXPECT_EQ(more.body["credit_change_cents"], 3000);
  EXPECT_EQ(Statement()["totals"]["credit_cents"], 3000);
  // Nothing open any more: a new payment is refused, and credit stays.
  EXPECT_EQ(
      owner_->PostWithKey(PaymentsPath(), {{"amount_cents", 100}, {"method", "cash"}}, "p3").status,
      409);
}

TEST_P(ApiLedgerTest, BadPaymentsAreRefusedAndWriteNothing) {
  SetLimit(200000);
  ASSERT_EQ(owner_->PostWithKey("/api/v1/sales", SaleBody(), "venda-1").status, 201);
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"amount_cents", 0}, {"method", "cash"}}, "amount_cents"},
      {{{"amount_cents", -5}, {"method", "cash"}}, "amount_cents"},
      {{{"amount_cents", 100}, {"method", "cheque"}}, "method"},
      {{{"amount_cents", 100}, {"method", "cash"}, {"paid_on", "2026-11-23"}}, "paid_on"},
  };
  int index = 0;
  for (const auto& [body, field] : cases) {
    Reply reply = owner_->PostWithKey(PaymentsPath(), body, "ruim-" + std::to_string(index++));
    EXPECT_EQ(reply.status, 422) << body.dump();
    EXPECT_EQ(reply.body["errors"][0]["field"], field) << reply.body.dump();
  }
  EXPECT_EQ(owner_->Post(PaymentsPath(), {{"amount_cents", 100}, {"method", "cash"}}).status, 422);
  // Another store's owner cannot pay into this customer.
  MakeStore("Loja B", "11.444.777/0001-61", "dono@b.com.br");
  ApiClient b = SignedIn("dono@b.com.br");
  EXPECT_EQ(b.PostWithKey(PaymentsPath(), {{"amount_cents", 100}, {"method", "cash"}}, "x").status,
            404);
  EXPECT_EQ(b.Get("/api/v1/customers/" + customer_ + "/statement").status, 404);
  EXPECT_EQ(Statement()["events"].size(), 1u);
}

TEST_P(ApiLedgerTest, ReversalRestoresWhatThePaymentPaid) {
  SetLimit(200000);
  ASSERT_EQ(owner_->PostWithKey("/api/v1/sales", SaleBody(), "venda-1").status, 201);
  Reply paid =
      owner_->PostWithKey(PaymentsPath(), {{"amount_cents", 9456}, {"method", "cash"}}, "pag-1");
  ASSERT_EQ(paid.status, 201) << paid.body.dump();
  const std::string path = "/api/v1/payments/" + paid.body["id"].get<std::string>() + "/reversal";
  ApiClient clerk = SignedIn("caixa@a.com.br");
  EXPECT_EQ(clerk.Post(path, {{"reason", "cheque devolvido"}}).status, 403);
  EXPECT_EQ(owner_->Post(path, json::object()).status, 422);
  Reply reversed = owner_->Post(path, {{"reason", "cheque devolvido"}});
  ASSERT_EQ(reversed.status, 200) << reversed.body.dump();
  EXPECT_EQ(reversed.body["reversal"]["reason"], "cheque devolvido");
  EXPECT_EQ(owner_->Post(path, {{"reason", "de novo"}}).status, 409);
  const json statement = Statement();
  EXPECT_EQ(statement["installments"][0]["position"]["status"], "open");
  EXPECT_EQ(statement["events"].back()["kind"], "reversal");
  EXPECT_EQ(statement["events"].back()["amount_cents"], -9456);
}

TEST_P(ApiLedgerTest, ConcurrentPostsWithOneKeyMakeOnePayment) {
  SetLimit(200000);
  ASSERT_EQ(owner_->PostWithKey("/api/v1/sales", SaleBody(), "venda-1").status, 201);
  const json body = {{"amount_cents", 5000}, {"method", "pix"}};
  std::vector<int> statuses(4);
  std::vector<std::string> ids(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      ApiClient client = api_->Client();
      client.SignIn("dono@a.com.br", kPassword);
      Reply reply = client.PostWithKey(PaymentsPath(), body, "mesma-chave");
      statuses[i] = reply.status;
      ids[i] = reply.body.value("id", "");
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(statuses[i], 201);
    EXPECT_EQ(ids[i], ids[0]);
  }
  EXPECT_EQ(Statement()["events"].size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiLedgerTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgresql),
                         EngineTestName);

}  // namespace
}  // namespace fiado::testing
