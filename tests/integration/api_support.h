// A running Fiado API for tests: the real wiring (SQLite in a temporary folder or a real
// PostgreSQL database) served on a loopback port, and a small client that carries the
// session cookie and the CSRF token like the web UI does.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "app/wiring.h"
#include "http/server.h"
#include "storage/database.h"
#include "support/engine_database.h"
#include "support/temp_dir.h"

namespace fiado::testing {

struct Reply {
  int status = 0;
  nlohmann::json body;
  httplib::Headers headers;
  std::string Header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

class ApiClient {
 public:
  explicit ApiClient(int port) : client_("127.0.0.1", port) { client_.set_tcp_nodelay(true); }

  // Signs in; on success keeps the cookie and the CSRF token for later calls.
  Reply SignIn(const std::string& email, const std::string& password) {
    Reply reply = Send("POST", "/api/v1/sessions",
                       nlohmann::json{{"email", email}, {"password", password}}.dump());
    if (reply.status == 201) {
      const std::string cookie = reply.Header("Set-Cookie");
      cookie_ = cookie.substr(0, cookie.find(';'));
      csrf_ = reply.body["csrf_token"];
    }
    return reply;
  }
  void UseApiKey(const std::string& secret) { bearer_ = secret; }
  void ForgetCsrf() { csrf_.clear(); }
  const std::string& cookie() const { return cookie_; }

  Reply Get(const std::string& path) { return Send("GET", path, ""); }
  Reply Delete(const std::string& path) { return Send("DELETE", path, ""); }
  Reply Post(const std::string& path, const nlohmann::json& body) {
    return Send("POST", path, body.dump());
  }
  Reply Put(const std::string& path, const nlohmann::json& body) {
    return Send("PUT", path, body.dump());
  }
  Reply Patch(const std::string& path, const nlohmann::json& body) {
    return Send("PATCH", path, body.dump());
  }
  // A money-moving POST with its Idempotency-Key.
  Reply PostWithKey(const std::string& path, const nlohmann::json& body, const std::string& key) {
    return Send("POST", path, body.dump(), "application/json", {{"Idempotency-Key", key}});
  }

  Reply Send(const std::string& method, const std::string& path, const std::string& body,
             const std::string& content_type = "application/json",
             const httplib::Headers& extra = {}) {
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = extra;
    if (!cookie_.empty()) request.headers.emplace("Cookie", cookie_);
    if (!csrf_.empty()) request.headers.emplace("X-CSRF-Token", csrf_);
    if (!bearer_.empty()) request.headers.emplace("Authorization", "Bearer " + bearer_);
    if (!body.empty()) {
      request.body = body;
      request.headers.emplace("Content-Type", content_type);
    }
    auto result = client_.send(request);
    Reply reply;
    if (!result) return reply;
    reply.status = result->status;
    reply.headers = result->headers;
    if (!result->body.empty()) {
      reply.body = nlohmann::json::parse(result->body, nullptr, false);
    }
    return reply;
  }

 private:
  httplib::Client client_;
  std::string cookie_;
  std::string csrf_;
  std::string bearer_;
};

// The program's wiring on a fresh database, served on a free loopback port.
class RunningApi {
 public:
  RunningApi(storage::Engine engine, const core::Clock& clock)
      : wiring_(DatabaseUrl(engine), 4, clock),
        server_(http::ServerOptions{"127.0.0.1", 0, 4},
                http::ServerDependencies{[] { return http::HealthReport{true, "", "", 0, 0, ""}; },
                                         &wiring_.api(), ""}) {
    EXPECT_TRUE(server_.Bind().has_value());
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~RunningApi() {
    server_.Stop();
    thread_.join();
  }
  RunningApi(const RunningApi&) = delete;
  RunningApi& operator=(const RunningApi&) = delete;

  app::Wiring& wiring() { return wiring_; }
  ApiClient Client() const { return ApiClient(server_.port()); }
  int port() const { return server_.port(); }

 private:
  std::string DatabaseUrl(storage::Engine engine) { return TestDatabaseUrl(engine, dir_); }

  TempDir dir_;
  app::Wiring wiring_;
  http::Server server_;
  std::thread thread_;
};

// 22/11/2026, a Sunday, 10:00 in São Paulo: when every API suite starts.
inline const core::Instant kApiTestStart =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + std::chrono::hours{13};
inline constexpr const char* kPassword = "senha-forte-1";

// The base of the API suites, run on each engine: the API on a fixed clock, shops made
// through the program's wiring with their users, and clients signed in through the API.
class ApiSuite : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void StartApi() { api_ = std::make_unique<RunningApi>(GetParam(), clock_); }

  // A store named `name` with legal id `cnpj` (in São Paulo unless `draft` has an address)
  // and its owner `owner_email`.
  stores::Store AddStore(const std::string& name, const std::string& cnpj,
                         const std::string& owner_email, stores::StoreDraft draft = {}) {
    draft.name = name;
    draft.legal_id = cnpj;
    if (draft.address.city.empty()) {
      draft.address.city = "São Paulo";
      draft.address.state = "SP";
    }
    auto store = app::CreateStore(api_->wiring(), draft, "cli").value();
    AddUser(store, owner_email, "owner");
    return store;
  }

  void AddUser(const stores::Store& store, const std::string& email, const std::string& role) {
    const core::Actor actor{store.id, "cli"};
    ASSERT_TRUE(
        api_->wiring().access().CreateUser(actor, {email, "Pessoa " + role, role, kPassword}));
  }

  ApiClient SignedIn(const std::string& email) {
    ApiClient client = api_->Client();
    EXPECT_EQ(client.SignIn(email, kPassword).status, 201);
    return client;
  }

  core::FixedClock clock_{kApiTestStart};
  std::unique_ptr<RunningApi> api_;
};

inline std::string EngineTestName(const ::testing::TestParamInfo<storage::Engine>& engine) {
  return std::string(storage::EngineName(engine.param));
}

}  // namespace fiado::testing
