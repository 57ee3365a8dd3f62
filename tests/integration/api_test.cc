// The REST API over loopback, on SQLite and on a real PostgreSQL server: sign-in and
// sessions, CSRF, throttling, API keys, users, stores, customers, history, the bad-input
// answers of docs/api.md, and the isolation of one store from another.
#include <gtest/gtest.h>

#include "api_support.h"
#include "core/tax_id.h"

namespace fiado::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string ValidCpf(const std::string& first9) { return first9 + core::CpfCheckDigits(first9); }

json CustomerBody(const std::string& cpf, const std::string& name) {
  return {
      {"cpf", cpf},
      {"full_name", name},
      {"phones", {"(11) 98765-4321"}},
      {"email", "cliente@example.com"},
      {"address", {{"city", "São Paulo"}, {"state", "SP"}, {"postal_code", "01310-100"}}},
      {"monthly_income_cents", 250000},
      {"consents", {{{"channel", "whatsapp"}, {"granted", true}, {"source", "in_store_form"}}}}};
}

struct Shop {
  stores::Store store;
  std::string owner_email;
};

class ApiTest : public ApiSuite {
 protected:
  void SetUp() override {
    StartApi();
    a_ = MakeShop("Loja A", "11.222.333/0001-81", "dono@a.com.br");
    b_ = MakeShop("Loja B", "11.444.777/0001-61", "dono@b.com.br");
  }

  Shop MakeShop(const std::string& name, const std::string& cnpj, const std::string& email) {
    return {AddStore(name, cnpj, email), email};
  }

  // A customer of shop `shop` registered through the API; returns its JSON.
  json Register(ApiClient& client, const std::string& first9, const std::string& name) {
    Reply reply = client.Post("/api/v1/customers", CustomerBody(ValidCpf(first9), name));
    EXPECT_EQ(reply.status, 201) << reply.body.dump();
    return reply.body;
  }

  int CustomerCount(ApiClient& client) {
    return static_cast<int>(client.Get("/api/v1/customers?limit=200").body["items"].size());
  }

  std::optional<Shop> a_;
  std::optional<Shop> b_;
};

TEST_P(ApiTest, SignInSetsAStrictHttpOnlyCookieAndAnswersTheSession) {
  ApiClient client = api_->Client();
  Reply reply = client.SignIn("DONO@A.com.br", kPassword);
  ASSERT_EQ(reply.status, 201) << reply.body.dump();
  const std::string cookie = reply.Header("Set-Cookie");
  EXPECT_NE(cookie.find("fiado_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(reply.body["user"]["email"], "dono@a.com.br");
  EXPECT_EQ(reply.body["user"]["role"], "owner");
  EXPECT_EQ(reply.body["store"]["name"], "Loja A");
  EXPECT_FALSE(reply.body["csrf_token"].get<std::string>().empty());
  Reply current = client.Get("/api/v1/sessions/current");
  EXPECT_EQ(current.status, 200);
  EXPECT_EQ(current.body["user"]["email"], "dono@a.com.br");
  EXPECT_EQ(reply.body["expires_at"], "2026-11-23T01:00:00Z");  // 12 hours
  EXPECT_EQ(current.body["expires_at"], reply.body["expires_at"]);
}

TEST_P(ApiTest, WrongPasswordAndUnknownEmailGetTheSamePortugueseAnswer) {
  ApiClient client = api_->Client();
  Reply wrong = client.SignIn("dono@a.com.br", "outra-senha");
  Reply unknown = client.SignIn("ninguem@a.com.br", kPassword);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body["detail"], unknown.body["detail"]);
  EXPECT_EQ(wrong.body["detail"], "e-mail ou senha incorretos");
  EXPECT_EQ(client.Get("/api/v1/customers").status, 401);
}

TEST_P(ApiTest, FiveFailuresThrottleTheAccountEvenForTheRightPassword) {
  ApiClient client = api_->Client();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(client.SignIn("dono@a.com.br", "errada-123").status, 401);
  Reply throttled = client.SignIn("dono@a.com.br", kPassword);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.body["code"], "rate_limited");
  clock_.Advance(16min);
  EXPECT_EQ(client.SignIn("dono@a.com.br", kPassword).status, 201);
}

TEST_P(ApiTest, UnsafeRequestsWithTheCookieNeedTheCsrfToken) {
  ApiClient client = SignedIn(a_->owner_email);
  client.ForgetCsrf();
  Reply refused = client.Post("/api/v1/customers", CustomerBody(ValidCpf("529982247"), "Ana"));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body["code"], "permission_denied");
  EXPECT_EQ(client.Get("/api/v1/customers").status, 200);  // reads need no token
  ApiClient with_token = SignedIn(a_->owner_email);
  EXPECT_EQ(with_token.Post("/api/v1/customers", CustomerBody(ValidCpf("529982247"), "Ana")).status,
            201);
  EXPECT_EQ(CustomerCount(with_token), 1);
}

TEST_P(ApiTest, SignOutEndsTheSessionOnTheServer) {
  ApiClient client = SignedIn(a_->owner_email);
  const std::string cookie = client.cookie();
  EXPECT_EQ(client.Delete("/api/v1/sessions/current").status, 204);
  EXPECT_EQ(client.Get("/api/v1/sessions/current").status, 401);  // same cookie, now revoked
}

TEST_P(ApiTest, PasswordChangeChecksTheCurrentOneAndEndsOtherSessions) {
  ApiClient first = SignedIn(a_->owner_email);
  ApiClient second = SignedIn(a_->owner_email);
  Reply wrong = first.Post("/api/v1/me/password",
                           {{"current_password", "nao-e-esta"}, {"new_password", "nova-senha-9"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.body["errors"][0]["field"], "current_password");
  EXPECT_EQ(first
                .Post("/api/v1/me/password",
                      {{"current_password", kPassword}, {"new_password", "nova-senha-9"}})
                .status,
            204);
  EXPECT_EQ(first.Get("/api/v1/sessions/current").status, 200);
  EXPECT_EQ(second.Get("/api/v1/sessions/current").status, 401);
  EXPECT_EQ(api_->Client().SignIn(a_->owner_email, kPassword).status, 401);
  EXPECT_EQ(api_->Client().SignIn(a_->owner_email, "nova-senha-9").status, 201);
}

TEST_P(ApiTest, ApiKeysAreShownOnceWorkWithoutCsrfAndStopWhenRevoked) {
  ApiClient owner = SignedIn(a_->owner_email);
  Reply created = owner.Post("/api/v1/api-keys", {{"name", "PDV"}, {"role", "clerk"}});
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string secret = created.body["secret"];
  EXPECT_EQ(secret.rfind("fiado_", 0), 0u);
  Reply listed = owner.Get("/api/v1/api-keys");
  ASSERT_EQ(listed.body["items"].size(), 1u);
  EXPECT_FALSE(listed.body["items"][0].contains("secret"));

  ApiClient integration = api_->Client();
  integration.UseApiKey(secret);
  EXPECT_EQ(
      integration.Post("/api/v1/customers", CustomerBody(ValidCpf("111444777"), "Bia")).status,
      201);
  EXPECT_EQ(integration.Get("/api/v1/users").status, 403);  // a clerk key manages no users
  EXPECT_EQ(owner.Delete("/api/v1/api-keys/" + created.body["id"].get<std::string>()).status, 204);
  EXPECT_EQ(integration.Get("/api/v1/customers").status, 401);
  Reply owner_key = owner.Post("/api/v1/api-keys", {{"name", "Tudo"}, {"role", "owner"}});
  EXPECT_EQ(owner_key.status, 422);
  EXPECT_EQ(owner_key.body["errors"][0]["field"], "role");
}

TEST_P(ApiTest, PermissionsFollowTheRoleTable) {
  const auto& store = a_->store;
  AddUser(store, "vendas@a.com.br", "clerk");
  AddUser(store, "consulta@a.com.br", "viewer");
  AddUser(store, "cobranca@a.com.br", "collector");
  ApiClient clerk = SignedIn("vendas@a.com.br");
  ApiClient viewer = SignedIn("consulta@a.com.br");
  ApiClient collector = SignedIn("cobranca@a.com.br");
  EXPECT_EQ(clerk.Post("/api/v1/customers", CustomerBody(ValidCpf("529982247"), "Ana")).status,
            201);
  Reply denied = viewer.Post("/api/v1/customers", CustomerBody(ValidCpf("111444777"), "Bia"));
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.body["detail"], "seu papel não permite esta ação");
  EXPECT_EQ(collector.Post("/api/v1/customers", CustomerBody(ValidCpf("111444777"), "Bia")).status,
            403);
  EXPECT_EQ(CustomerCount(viewer), 1);
  EXPECT_EQ(clerk.Get("/api/v1/users").status, 403);
  EXPECT_EQ(
      clerk.Put("/api/v1/stores/" + store.id.str(), {{"name", "X"}, {"legal_id", "x"}}).status,
      403);
  EXPECT_EQ(viewer.Get("/api/v1/stores/" + store.id.str()).status, 200);
}

TEST_P(ApiTest, OwnerManagesUsersButCannotDemoteThemself) {
  ApiClient owner = SignedIn(a_->owner_email);
  Reply created = owner.Post("/api/v1/users", {{"email", "nova@a.com.br"},
                                               {"name", "Nova"},
                                               {"role", "clerk"},
                                               {"password", "senha-da-nova"}});
  ASSERT_EQ(created.status, 201) << created.body.dump();
  EXPECT_FALSE(created.body.contains("password_hash"));
  const std::string id = created.body["id"];
  Reply changed = owner.Patch("/api/v1/users/" + id, {{"role", "collector"}, {"active", false}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body["role"], "collector");
  EXPECT_EQ(api_->Client().SignIn("nova@a.com.br", "senha-da-nova").status, 401);  // inactive
  Reply duplicate = owner.Post("/api/v1/users", {{"email", "dono@b.com.br"},
                                                 {"name", "X"},
                                                 {"role", "viewer"},
                                                 {"password", "senha-qualquer"}});
  EXPECT_EQ(duplicate.status, 409);
  const std::string self = owner.Get("/api/v1/sessions/current").body["user"]["id"];
  EXPECT_EQ(owner.Patch("/api/v1/users/" + self, {{"role", "viewer"}}).status, 409);
  Reply invalid = owner.Post(
      "/api/v1/users", {{"email", "x"}, {"name", ""}, {"role", "chefe"}, {"password", "curta"}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_GE(invalid.body["errors"].size(), 3u);
}

TEST_P(ApiTest, OwnerEditsTheStore) {
  ApiClient owner = SignedIn(a_->owner_email);
  const std::string path = "/api/v1/stores/" + a_->store.id.str();
  json body = {
      {"name", "Loja A Renovada"},
      {"legal_id", "11.222.333/0001-81"},
      {"address", {{"city", "Campinas"}, {"state", "sp"}, {"postal_code", "13010-000"}}},
      {"phone", "(19) 3232-4545"},
      {"time_zone", "America/Sao_Paulo"},
      {"settings", {{"local_holidays", {{{"month", 7}, {"day", 14}, {"name", "Campinas"}}}}}}};
  Reply saved = owner.Put(path, body);
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  EXPECT_EQ(saved.body["address"]["state"], "SP");
  EXPECT_EQ(saved.body["phone"], "+551932324545");
  EXPECT_EQ(owner.Get("/api/v1/stores").body["items"][0]["name"], "Loja A Renovada");
  body["address"]["state"] = "ZZ";
  Reply invalid = owner.Put(path, body);
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(invalid.body["errors"][0]["field"], "address.state");
}

TEST_P(ApiTest, RegisterReadReviseAndSeeTheHistory) {
  ApiClient owner = SignedIn(a_->owner_email);
  Reply created = owner.Post("/api/v1/customers", CustomerBody("529.982.247-25", "Maria José"));
  ASSERT_EQ(created.status, 201) << created.body.dump();
  const std::string id = created.body["id"];
  EXPECT_EQ(created.Header("Location"), "/api/v1/customers/" + id);
  EXPECT_EQ(created.body["cpf"], "52998224725");
  EXPECT_EQ(created.body["phones"][0], "+5511987654321");
  EXPECT_EQ(created.body["address"]["postal_code"], "01310100");
  EXPECT_EQ(created.body["consents"][0]["granted"], true);

  json revised = CustomerBody("52998224725", "Maria José da Silva");
  revised["occupation"] = "costureira";
  revised["version"] = 1;
  Reply saved = owner.Put("/api/v1/customers/" + id, revised);
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  EXPECT_EQ(saved.body["version"], 2);
  Reply stale = owner.Put("/api/v1/customers/" + id, revised);
  EXPECT_EQ(stale.status, 409);

  Reply history = owner.Get("/api/v1/customers/" + id + "/history");
  ASSERT_EQ(history.status, 200);
  ASSERT_EQ(history.body["items"].size(), 2u);
  const json& update = history.body["items"][1];
  EXPECT_EQ(update["action"], "update");
  EXPECT_EQ(update["actor_name"], "Pessoa owner");
  EXPECT_EQ(update["before"]["full_name"], "Maria José");
  EXPECT_EQ(update["after"]["occupation"], "costureira");
}

TEST_P(ApiTest, BlockNeedsAReasonAndUnblockRestores) {
  ApiClient owner = SignedIn(a_->owner_email);
  const std::string id = Register(owner, "529982247", "Ana")["id"];
  EXPECT_EQ(owner.Post("/api/v1/customers/" + id + "/block", json::object()).status, 422);
  Reply blocked =
      owner.Post("/api/v1/customers/" + id + "/block", {{"reason", "cheque devolvido"}});
  EXPECT_EQ(blocked.body["status"], "blocked");
  EXPECT_EQ(owner.Get("/api/v1/customers?status=blocked").body["items"].size(), 1u);
  Reply unblocked = owner.Post("/api/v1/customers/" + id + "/unblock", json::object());
  EXPECT_EQ(unblocked.body["status"], "active");
}

TEST_P(ApiTest, InvalidFieldsAreAllNamedAndNothingIsWritten) {
  ApiClient owner = SignedIn(a_->owner_email);
  json body = CustomerBody("529.982.247-26", "Ana");
  body["phones"] = {"(00) 1234-5678"};
  body["email"] = "ana@";
  body["address"]["postal_code"] = "123";
  Reply reply = owner.Post("/api/v1/customers", body);
  ASSERT_EQ(reply.status, 422);
  EXPECT_EQ(reply.Header("Content-Type"), "application/problem+json");
  std::set<std::string> fields;
  for (const auto& error : reply.body["errors"]) fields.insert(error["field"]);
  for (const char* expected : {"cpf", "phones[0]", "email", "address.postal_code"}) {
    EXPECT_TRUE(fields.count(expected)) << expected << " in " << reply.body.dump();
  }
  EXPECT_EQ(CustomerCount(owner), 0);
}

TEST_P(ApiTest, BadBodiesGetTheirOwnStatus) {
  ApiClient owner = SignedIn(a_->owner_email);
  Reply malformed = owner.Send("POST", "/api/v1/customers", "{\"cpf\": ");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.body["code"], "bad_request");
  Reply form =
      owner.Send("POST", "/api/v1/customers", "cpf=1", "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 415);
  json huge = CustomerBody(ValidCpf("529982247"), "Ana");
  huge["notes"] = std::string(1100 * 1024, 'x');
  Reply too_large = owner.Post("/api/v1/customers", huge);
  EXPECT_EQ(too_large.status, 413);
  json unknown = CustomerBody(ValidCpf("529982247"), "Ana");
  unknown["apelido"] = "Nica";
  Reply rejected = owner.Post("/api/v1/customers", unknown);
  EXPECT_EQ(rejected.status, 422);
  EXPECT_EQ(rejected.body["errors"][0]["field"], "apelido");
  EXPECT_EQ(CustomerCount(owner), 0);
}

TEST_P(ApiTest, DuplicateCpfIsAConflictLinkingTheExistingCustomer) {
  ApiClient owner = SignedIn(a_->owner_email);
  const std::string id = Register(owner, "529982247", "Ana")["id"];
  Reply duplicate = owner.Post("/api/v1/customers", CustomerBody("529.982.247-25", "Outra Ana"));
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(duplicate.body["existing"], "/api/v1/customers/" + id);
  EXPECT_EQ(CustomerCount(owner), 1);
  ApiClient other_shop = SignedIn(b_->owner_email);
  EXPECT_EQ(other_shop.Post("/api/v1/customers", CustomerBody("529.982.247-25", "Ana B")).status,
            201);
}

TEST_P(ApiTest, SearchByNameCpfAndPhoneWithCursorPages) {
  ApiClient owner = SignedIn(a_->owner_email);
  Register(owner, "529982247", "José Antônio");
  Register(owner, "111444777", "Joana Prado");
  Register(owner, "123456789", "Pedro Jose Lima");
  auto names = [&](const std::string& query) {
    std::vector<std::string> found;
    const Reply reply = owner.Get("/api/v1/customers?" + query);
    for (const auto& item : reply.body["items"]) {
      found.push_back(item["full_name"]);
    }
    return found;
  };
  EXPECT_EQ(names("q=jose"), (std::vector<std::string>{"José Antônio", "Pedro Jose Lima"}));
  EXPECT_EQ(names("q=ANTO"), (std::vector<std::string>{"José Antônio"}));
  EXPECT_EQ(names("q=111.444"), (std::vector<std::string>{"Joana Prado"}));
  EXPECT_EQ(names("q=1198765").size(), 3u);
  EXPECT_EQ(names("q=jo&sort=-name"),
            (std::vector<std::string>{"Pedro Jose Lima", "José Antônio", "Joana Prado"}));
  EXPECT_EQ(names("q=jo+pra"), (std::vector<std::string>{"Joana Prado"}));
  Reply first = owner.Get("/api/v1/customers?limit=2");
  ASSERT_EQ(first.body["items"].size(), 2u);
  const std::string cursor = first.body["next_cursor"];
  Reply second = owner.Get("/api/v1/customers?limit=2&cursor=" + cursor);
  ASSERT_EQ(second.body["items"].size(), 1u);
  EXPECT_TRUE(second.body["next_cursor"].is_null());
  EXPECT_EQ(owner.Get("/api/v1/customers?cursor=lixo").status, 422);
  EXPECT_EQ(owner.Get("/api/v1/customers?limit=0").status, 422);
}

// The isolation matrix: a user of store A gets 404 for every id of store B on every
// endpoint, and never sees B's rows in lists or searches.
TEST_P(ApiTest, AUserOfOneStoreNeverReachesAnotherStore) {
  ApiClient b = SignedIn(b_->owner_email);
  const std::string b_customer = Register(b, "529982247", "Cliente Secreto")["id"];
  const std::string b_key =
      b.Post("/api/v1/api-keys", {{"name", "k"}, {"role", "viewer"}}).body["id"];
  const std::string b_user = b.Get("/api/v1/sessions/current").body["user"]["id"];
  const std::string b_store = b_->store.id.str();

  ApiClient a = SignedIn(a_->owner_email);
  const json customer = CustomerBody(ValidCpf("529982247"), "Invasor");
  json revised = customer;
  revised["version"] = 1;
  const std::vector<std::tuple<std::string, std::string, json>> calls = {
      {"GET", "/api/v1/customers/" + b_customer, nullptr},
      {"PUT", "/api/v1/customers/" + b_customer, revised},
      {"POST", "/api/v1/customers/" + b_customer + "/block", {{"reason", "x"}}},
      {"POST", "/api/v1/customers/" + b_customer + "/unblock", json::object()},
      {"GET", "/api/v1/customers/" + b_customer + "/history", nullptr},
      {"GET", "/api/v1/users/" + b_user, nullptr},
      {"PATCH", "/api/v1/users/" + b_user, {{"active", false}}},
      {"DELETE", "/api/v1/api-keys/" + b_key, nullptr},
      {"GET", "/api/v1/stores/" + b_store, nullptr},
      {"PUT", "/api/v1/stores/" + b_store, {{"name", "X"}, {"legal_id", "11.444.777/0001-61"}}},
  };
  for (const auto& [method, path, body] : calls) {
    Reply reply = a.Send(method, path, body.is_null() ? "" : body.dump());
    EXPECT_EQ(reply.status, 404) << method << " " << path << " " << reply.body.dump();
  }
  EXPECT_EQ(a.Get("/api/v1/customers?q=secreto").body["items"].size(), 0u);
  EXPECT_EQ(a.Get("/api/v1/customers").body["items"].size(), 0u);
  EXPECT_EQ(a.Get("/api/v1/users").body["items"].size(), 1u);
  EXPECT_EQ(a.Get("/api/v1/api-keys").body["items"].size(), 0u);
  EXPECT_EQ(a.Get("/api/v1/stores").body["items"].size(), 1u);
  EXPECT_EQ(
      a.Get("/api/v1/audit?entity_type=customer&entity_id=" + b_customer).body["items"].size(), 0u);
  // Nothing of B changed.
  Reply untouched = b.Get("/api/v1/customers/" + b_customer);
  EXPECT_EQ(untouched.body["full_name"], "Cliente Secreto");
  EXPECT_EQ(untouched.body["status"], "active");
  EXPECT_EQ(b.Get("/api/v1/api-keys").body["items"][0]["revoked_at"], nullptr);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgresql),
                         EngineTestName);

}  // namespace
}  // namespace fiado::testing
