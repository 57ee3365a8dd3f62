// The régua over the REST API, on SQLite and on a real PostgreSQL server: the presets a
// shop starts with; what goes out today with the reasons for the rest; a run writes each
// (installment, step) once, so running the day again adds nothing, and a dry run writes
// no action; a promise to pay and an exemption hold the customer; bad policies, templates
// and contact hours are refused with the field and the previous ones stay in force; and
// who may do what.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "core/tax_id.h"

namespace fiado::testing {
namespace {

using nlohmann::json;

class ApiCollectionTest : public ApiSuite {
 protected:
  void SetUp() override {
    // The sale is made on 15/09/2026 (a sale may not be dated long before today); the
    // tests run on Sunday 22/11/2026.
    clock_.Set(std::chrono::sys_days{std::chrono::year{2026} / 9 / 15} + std::chrono::hours{13});
    StartApi();
    stores::StoreDraft draft;
    draft.address = {"Rua Direita", "10", "", "Centro", "São Paulo", "SP", "01001000"};
    store_ = AddStore("Loja Exemplo", "11.222.333/0001-81", "dono@a.com.br", draft);
    AddUser(*store_, "cobra@a.com.br", "collector");
    AddUser(*store_, "olha@a.com.br", "viewer");
    owner_.emplace(SignedIn("dono@a.com.br"));
    customer_ = Register("529982247", "Maria José da Silva");
    ASSERT_EQ(owner_
                  ->Put("/api/v1/customers/" + customer_ + "/credit-limit",
                        {{"credit_limit_cents", 500000}, {"reason", "bom histórico"}})
                  .status,
              200);
    // Three installments due 10/10, 10/11 and 10/12/2026; today is Sunday 22/11/2026.
    json body = {{"customer_id", customer_},  {"description", "Geladeira"},
                 {"price_cents", 90000},      {"installment_count", 3},
                 {"sale_date", "2026-09-10"}, {"first_due_date", "2026-10-10"}};
    Reply sale = owner_->PostWithKey("/api/v1/sales", body, "venda-1");
    ASSERT_EQ(sale.status, 201) << sale.body.dump();
    sale_ = sale.body["id"];
    clock_.Set(kApiTestStart);
    owner_.emplace(SignedIn("dono@a.com.br"));
  }
  std::string Register(const std::string& first9, const std::string& name) {
    Reply reply =
        owner_->Post("/api/v1/customers",
                     {{"cpf", first9 + core::CpfCheckDigits(first9)},
                      {"full_name", name},
                      {"phones", {"(11) 98765-4321"}},
                      {"email", "maria@exemplo.com.br"},
                      {"address",
                       {{"street", "Rua das Flores"},
                        {"number", "100"},
                        {"district", "Centro"},
                        {"city", "São Paulo"},
                        {"state", "SP"},
                        {"postal_code", "01001000"}}},
                      {"consents",
                       {{{"channel", "whatsapp"}, {"granted", true}, {"source", "in_store_form"}},
                        {{"channel", "email"}, {"granted", true}, {"source", "in_store_form"}}}}});
    EXPECT_EQ(reply.status, 201) << reply.body.dump();
    return reply.body["id"];
  }
  json Preview(const std::string& date = "") {
    Reply reply = owner_->Get("/api/v1/collection/preview" + (date.empty() ? "" : "?date=" + date));
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body;
  }
  // The reasons given for the installments of the customer, by number.
  std::map<int, std::string> ReasonsOf(const json& preview) {
    std::map<int, std::string> reasons;
    for (const json& skip : preview["skips"]) {
      if (skip["customer_id"] == customer_ && skip["reason"] != "deferred") {
        reasons[skip["number"].get<int>()] = skip["reason"];
      }
    }
    return reasons;
  }
  std::vector<json> ContactsOf(const json& actions) {
    std::vector<json> contacts;
    for (const json& action : actions) {
      const std::string kind = action["action"];
      if (kind == "whatsapp" || kind == "sms" || kind == "email" || kind == "call_task") {
        contacts.push_back(action);
      }
    }
    return contacts;
  }

  std::optional<stores::Store> store_;
  std::optional<ApiClient> owner_;
  std::string customer_;
  std::string sale_;
};

TEST_P(ApiCollectionTest, AShopStartsWithThePresetPoliciesAndTemplates) {
  Reply policies = owner_->Get("/api/v1/collection/policies");
  ASSERT_EQ(policies.status, 200) << policies.body.dump();
  std::vector<std::string> names;
  for (const json& policy : policies.body["policies"]) names.push_back(policy["name"]);
  EXPECT_THAT(names, ::testing::Contains("Varejo padrão"));
  Reply templates = owner_->Get("/api/v1/collection/templates");
  ASSERT_EQ(templates.status, 200);
  EXPECT_FALSE(templates.body["templates"].empty());
  for (const json& t : templates.body["templates"]) {
    const std::string text = t["subject"].get<std::string>() + t["body"].get<std::string>();
    EXPECT_NE(text.find("{loja_cnpj}"), std::string::npos) << t["key"];
    EXPECT_EQ(text.find("dívida"), std::string::npos) << t["key"];
  }
  Reply settings = owner_->Get("/api/v1/collection/settings");
  ASSERT_EQ(settings.status, 200);
  EXPECT_EQ(settings.body["settings"]["hours"]["sunday"], nullptr);
  EXPECT_EQ(settings.body["settings"]["hours"]["saturday"]["close"], "14:00");
}

TEST_P(ApiCollectionTest, OnASundayTheMessageIsDeferredToMondayAndListsBothLateInstallments) {
  const json preview = Preview();
  EXPECT_EQ(preview["date"], "2026-11-22");
  const auto contacts = ContactsOf(preview["actions"]);
  ASSERT_EQ(contacts.size(), 1u) << preview.dump(1);
  const json& contact = contacts[0];
  EXPECT_EQ(contact["customer_id"], customer_);
  EXPECT_TRUE(contact["deferred"].get<bool>());
  EXPECT_EQ(contact["send_at"], "2026-11-23T11:00:00Z");  // Monday 08:00 in São Paulo
  std::vector<int> listed;
  for (const json& item : contact["listed"]) listed.push_back(item["number"]);
  EXPECT_EQ(listed, (std::vector<int>{1, 2}));
  if (contact["action"] != "call_task") {
    EXPECT_NE(contact["body"].get<std::string>().find("11.222.333/0001-81"), std::string::npos);
  }
  // Due 10/12: outside the régua's window until its first reminder (D−3).
  EXPECT_EQ(ReasonsOf(preview).count(3), 0u);
  // On Monday 07/12 (D−3 of the third) one message covers the reminder and the late ones.
  const auto monday = ContactsOf(Preview("2026-12-07")["actions"]);
  ASSERT_EQ(monday.size(), 1u);
  EXPECT_EQ(monday[0]["listed"].size(), 3u) << monday[0].dump(1);
  EXPECT_FALSE(monday[0]["deferred"].get<bool>());
}

TEST_P(ApiCollectionTest, RunningTheSameDayTwiceAddsNothingAndADryRunWritesNoAction) {
  Reply dry = owner_->Post("/api/v1/collection/runs", {{"dry_run", true}});
  ASSERT_EQ(dry.status, 200) << dry.body.dump();
  const std::int64_t planned = dry.body["actions"];
  EXPECT_GT(planned, 0);
  EXPECT_TRUE(owner_->Get("/api/v1/collection/actions").body["actions"].empty());

  Reply first = owner_->Post("/api/v1/collection/runs", json::object());
  ASSERT_EQ(first.status, 200) << first.body.dump();
  EXPECT_EQ(first.body["actions"], planned);
  EXPECT_EQ(first.body["trigger"], "api");
  Reply second = owner_->Post("/api/v1/collection/runs", json::object());
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.body["actions"], 0);

  const json actions = owner_->Get("/api/v1/collection/actions").body["actions"];
  EXPECT_EQ(static_cast<std::int64_t>(actions.size()), planned);
  // The collector's call list: the call tasks alone.
  const json calls = owner_->Get("/api/v1/collection/actions?action=call_task").body["actions"];
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0]["action"], "call_task");
  EXPECT_EQ(owner_->Get("/api/v1/collection/actions?action=pombo").status, 422);
  const json runs = owner_->Get("/api/v1/collection/runs").body["runs"];
  ASSERT_EQ(runs.size(), 3u);
  for (const auto& [number, reason] : ReasonsOf(Preview())) {
    if (number != 3) {
      EXPECT_EQ(reason, "already_done") << number;
    }
  }
  // The customer's page shows what was done.
  const json mine = owner_->Get("/api/v1/customers/" + customer_ + "/collection").body;
  EXPECT_EQ(static_cast<std::int64_t>(mine["actions"].size()), planned);
}

TEST_P(ApiCollectionTest, APromiseToPayHoldsTheCustomerUntilItsDateAndThenResumes) {
  ApiClient collector = SignedIn("cobra@a.com.br");
  Reply pause =
      collector.Post("/api/v1/customers/" + customer_ + "/collection/pauses",
                     {{"kind", "promise"}, {"until", "2026-11-30"}, {"reason", "paga no dia 30"}});
  ASSERT_EQ(pause.status, 201) << pause.body.dump();
  EXPECT_TRUE(pause.body["active"].get<bool>());
  json preview = Preview();
  EXPECT_TRUE(ContactsOf(preview["actions"]).empty()) << preview.dump(1);
  EXPECT_EQ(ReasonsOf(preview)[2], "promise");
  // After the promised date, the régua resumes by itself.
  preview = Preview("2026-12-01");
  EXPECT_EQ(ContactsOf(preview["actions"]).size(), 1u) << preview.dump(1);

  const std::string id = pause.body["id"];
  Reply ended = collector.Post(
      "/api/v1/customers/" + customer_ + "/collection/pauses/" + id + "/end", {{"reason", ""}});
  EXPECT_EQ(ended.status, 422);
  ended = collector.Post("/api/v1/customers/" + customer_ + "/collection/pauses/" + id + "/end",
                         {{"reason", "não vai pagar"}});
  ASSERT_EQ(ended.status, 200) << ended.body.dump();
  EXPECT_FALSE(ended.body["active"].get<bool>());
  EXPECT_EQ(ContactsOf(Preview()["actions"]).size(), 1u);
  Reply again = collector.Post(
      "/api/v1/customers/" + customer_ + "/collection/pauses/" + id + "/end", {{"reason", "x"}});
  EXPECT_EQ(again.status, 409);

  Reply past = collector.Post("/api/v1/customers/" + customer_ + "/collection/pauses",
                              {{"kind", "promise"}, {"until", "2026-11-01"}});
  EXPECT_EQ(past.status, 422);
  EXPECT_EQ(past.body["errors"][0]["field"], "until");
}

TEST_P(ApiCollectionTest, AnExemptCustomerGetsNothing) {
  Reply exemption = owner_->Post("/api/v1/customers/" + customer_ + "/collection/exemptions",
                                 {{"reason", "cliente em tratamento de saúde"}});
  ASSERT_EQ(exemption.status, 201) << exemption.body.dump();
  const json preview = Preview();
  EXPECT_TRUE(preview["actions"].empty()) << preview.dump(1);
  EXPECT_EQ(ReasonsOf(preview)[1], "exempt_customer");
}

TEST_P(ApiCollectionTest, BadPoliciesTemplatesAndHoursAreRefusedAndThePreviousStayInForce) {
  const json before = owner_->Get("/api/v1/collection/policies").body["policies"][0];
  json policy = before;
  policy["steps"].push_back({{"key", "repetido"},
                             {"day_offset", policy["steps"][0]["day_offset"]},
                             {"action", policy["steps"][0]["action"]},
                             {"template_key", policy["steps"][0]["template_key"]}});
  Reply refused =
      owner_->Put("/api/v1/collection/policies/" + before["id"].get<std::string>(), policy);
  EXPECT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_EQ(owner_->Get("/api/v1/collection/policies").body["policies"][0], before);

  Reply threat = owner_->Post("/api/v1/collection/templates/preview",
                              {{"channel", "sms"},
                               {"body",
                                "Pague sua dívida ou vamos à justiça. {loja_nome} "
                                "{loja_endereco} {loja_cnpj}"}});
  EXPECT_EQ(threat.status, 422) << threat.body.dump();
  Reply unknown = owner_->Put("/api/v1/collection/templates/novo",
                              {{"name", "Novo"},
                               {"channel", "sms"},
                               {"body", "Olá {apelido}. {loja_nome} {loja_endereco} {loja_cnpj}"}});
  EXPECT_EQ(unknown.status, 422) << unknown.body.dump();
  Reply good = owner_->Post("/api/v1/collection/templates/preview",
                            {{"channel", "sms"},
                             {"body",
                              "Olá, {primeiro_nome}: valor em aberto {valor_em_aberto}. "
                              "{loja_nome} {loja_endereco} {loja_cnpj}"},
                             {"customer_id", customer_}});
  ASSERT_EQ(good.status, 200) << good.body.dump();
  EXPECT_EQ(good.body["body"].get<std::string>().rfind("Olá, Maria: valor em aberto R$ ", 0), 0u)
      << good.body["body"];

  json settings = owner_->Get("/api/v1/collection/settings").body["settings"];
  json wider = settings;
  wider["hours"]["sunday"] = {{"open", "09:00"}, {"close", "12:00"}};
  Reply law = owner_->Put("/api/v1/collection/settings", wider);
  EXPECT_EQ(law.status, 422) << law.body.dump();
  EXPECT_EQ(owner_->Get("/api/v1/collection/settings").body["settings"], settings);
  json narrower = settings;
  narrower["hours"]["monday"] = {{"open", "09:00"}, {"close", "18:00"}};
  Reply saved = owner_->Put("/api/v1/collection/settings", narrower);
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  EXPECT_EQ(saved.body["settings"]["hours"]["monday"]["open"], "09:00");

  // A late fee above 2 % (the amount the messages show) is refused in the shop's terms.
  const std::string store_path = "/api/v1/stores/" + store_->id.str();
  json shop = owner_->Get(store_path).body;
  for (const char* read_only : {"id", "created_at", "updated_at", "legal_id_kind"}) {
    shop.erase(read_only);
  }
  shop["settings"]["credit"]["late_fee_percent"] = "3";
  Reply fee = owner_->Put(store_path, shop);
  EXPECT_EQ(fee.status, 422) << fee.body.dump();
  EXPECT_EQ(fee.body["errors"][0]["field"], "settings.credit.late_fee_percent") << fee.body.dump();
  EXPECT_EQ(owner_->Get(store_path).body["settings"]["credit"]["late_fee_percent"], "2");
}

TEST_P(ApiCollectionTest, CollectorsPauseButOnlyOwnersChangeTheRegua) {
  ApiClient collector = SignedIn("cobra@a.com.br");
  EXPECT_EQ(collector.Get("/api/v1/collection/preview").status, 200);
  const json policy = collector.Get("/api/v1/collection/policies").body["policies"][0];
  EXPECT_EQ(collector.Put("/api/v1/collection/policies/" + policy["id"].get<std::string>(), policy)
                .status,
            403);
  EXPECT_EQ(collector.Post("/api/v1/collection/runs", json::object()).status, 403);
  ApiClient viewer = SignedIn("olha@a.com.br");
  EXPECT_EQ(viewer.Get("/api/v1/collection/preview").status, 403);
  EXPECT_EQ(
      viewer.Post("/api/v1/customers/" + customer_ + "/collection/pauses", {{"kind", "dispute"}})
          .status,
      403);
}

TEST_P(ApiCollectionTest, TheSchedulerRunsEachShopOnceADayWhenItsHourComes) {
  collection::CollectionService& service = api_->wiring().collection();
  const auto monday = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23};
  clock_.Set(monday + std::chrono::hours{11} + std::chrono::minutes{59});  // 08:59 local
  EXPECT_TRUE(service.RunDueShops().empty());
  clock_.Set(monday + std::chrono::hours{12});  // 09:00 local, the default run time
  const auto runs = service.RunDueShops();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].trigger, "scheduler");
  EXPECT_EQ(core::FormatIso(runs[0].run_date), "2026-11-23");
  EXPECT_GT(runs[0].actions, 0);
  clock_.Set(monday + std::chrono::hours{20});
  EXPECT_TRUE(service.RunDueShops().empty());  // once a day
  clock_.Set(monday + std::chrono::days{1} + std::chrono::hours{12});
  EXPECT_EQ(service.RunDueShops().size(), 1u);  // and again the next day
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiCollectionTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgresql),
                         EngineTestName);

}  // namespace
}  // namespace fiado::testing
