#include "http/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "http/problem.h"

namespace fiado::http {
namespace {

class RunningServer {
 public:
  explicit RunningServer(std::function<HealthReport()> health)
      : server_(ServerOptions{"127.0.0.1", 0, 2}, ServerDependencies{std::move(health)}) {
    EXPECT_TRUE(server_.Bind().has_value());
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~RunningServer() {
    server_.Stop();
    thread_.join();
  }
  httplib::Client Client() const { return httplib::Client("127.0.0.1", server_.port()); }
  int port() const { return server_.port(); }

 private:
  Server server_;
  std::thread thread_;
};

HealthReport Healthy() { return {true, "9.9.9", "sqlite", 2, 2, ""}; }

TEST(Server, HealthzReportsVersionEngineAndMigrationLevel) {
  RunningServer running(Healthy);
  auto response = running.Client().Get("/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/json");
  EXPECT_FALSE(response->get_header_value("X-Request-Id").empty());
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["version"], "9.9.9");
  EXPECT_EQ(body["database"]["engine"], "sqlite");
  EXPECT_EQ(body["database"]["migration_level"], 2);
}

TEST(Server, HealthzIs503WhenTheDatabaseIsDown) {
  RunningServer running(
      [] { return HealthReport{false, "9.9.9", "postgresql", 0, 2, "conexão recusada"}; });
  auto response = running.Client().Get("/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["status"], "unavailable");
  EXPECT_EQ(body["database"]["problem"], "conexão recusada");
}

TEST(Server, UnknownRouteIsAPortugueseProblem) {
  RunningServer running(Healthy);
  auto response = running.Client().Get("/nada-aqui");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->get_header_value("Content-Type"), kProblemContentType);
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["detail"], "endereço não encontrado");
  EXPECT_EQ(body["request_id"], response->get_header_value("X-Request-Id"));
}

TEST(Server, AHandlerExceptionIsA500WithTheRequestId) {
  RunningServer running([]() -> HealthReport { throw std::runtime_error("disco cheio"); });
  auto response = running.Client().Get("/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["code"], "internal");
  EXPECT_NE(body["detail"].get<std::string>().find(response->get_header_value("X-Request-Id")),
            std::string::npos);
  EXPECT_EQ(body["detail"].get<std::string>().find("disco"), std::string::npos)
      << "internal details leaked to the client";
}

TEST(Server, BindFailsClearlyWhenThePortIsTaken) {
  RunningServer running(Healthy);
  const int taken = running.port();
  Server second(ServerOptions{"127.0.0.1", taken, 1}, ServerDependencies{Healthy});
  auto bound = second.Bind();
  ASSERT_FALSE(bound.has_value());
  EXPECT_NE(bound.error().message_pt.find("porta em uso"), std::string::npos);
}

TEST(Problem, ErrorFieldsBecomeTheErrorsList) {
  const auto body = nlohmann::json::parse(
      ProblemJson(core::Error::Invalid("cpf", "dígito verificador inválido"), "r-1"));
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["code"], "invalid_argument");
  EXPECT_EQ(body["errors"][0]["field"], "cpf");
  EXPECT_EQ(body["detail"], "cpf: dígito verificador inválido");
}

}  // namespace
}  // namespace fiado::http
