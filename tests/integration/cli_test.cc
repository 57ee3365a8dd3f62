// The `fiado` program as a user runs it: exit codes, messages, and a real server answering
// GET /healthz on SQLite and on a throwaway PostgreSQL, stopped by SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/postgres_cluster.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace fiado {
namespace {

using testing::Process;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

ProcessResult Fiado(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), FIADO_BINARY);
  return RunProcess(args, env);
}

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Cli, VersionPrintsTheVersion) {
  auto result = Fiado({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(^fiado \d+\.\d+\.\d+)"))) << result.out;
}

TEST(Cli, UnknownFlagPrintsUsageAndExitsTwo) {
  auto result = Fiado({"serve", "--frobnicate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("erro de uso: argumento não reconhecido"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("--frobnicate"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Uso:"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("Usage"), std::string::npos) << result.err;
}

TEST(Cli, NoCommandIsAUsageError) { EXPECT_EQ(Fiado({}).exit_code, 2); }

TEST(Cli, HelpIsInPortuguese) {
  auto result = Fiado({"serve", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("Uso:"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Opções"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("mostra esta ajuda"), std::string::npos) << result.out;
}

TEST(Cli, AValueOutOfRangeIsAUsageError) {
  auto result = Fiado({"serve", "--port", "99999"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("valor inválido"), std::string::npos) << result.err;
}

TEST(Cli, ToolsCheckCpfAndCnpj) {
  auto valid = Fiado({"tools", "cpf", "check", "529.982.247-25"});
  EXPECT_EQ(valid.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(valid.out)["digits"], "52998224725");
  auto invalid = Fiado({"tools", "cpf", "check", "529.982.247-26"});
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_NE(invalid.err.find("dígito verificador"), std::string::npos) << invalid.err;
  EXPECT_EQ(Fiado({"tools", "cnpj", "check", "12.ABC.345/01DE-35"}).exit_code, 0);
  EXPECT_EQ(Fiado({"tools", "cnpj", "check", "11.222.333/0001-80"}).exit_code, 1);
  EXPECT_EQ(Fiado({"tools", "cpf", "check"}).exit_code, 2);
  EXPECT_EQ(Fiado({"tools", "cpf", "verify", "1"}).exit_code, 2);
}

TEST(Cli, ToolsHolidaysPrintsJson) {
  auto result = Fiado({"tools", "holidays", "2025"});
  ASSERT_EQ(result.exit_code, 0);
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["holidays"].size(), 13u);
  EXPECT_EQ(Fiado({"tools", "holidays", "dois mil"}).exit_code, 1);
}

TEST(Cli, MigrateCreatesTheDatabaseOnce) {
  TempDir dir;
  const std::string db = "sqlite:" + dir.File("loja.db");
  auto first = Fiado({"migrate", "--db", db});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(std::filesystem::exists(dir.File("loja.db")));
  auto second = Fiado({"migrate", "--db", db});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find(" 0 migração"), std::string::npos) << second.out;
}

TEST(Cli, ServeRefusesAFileThatIsNotADatabase) {
  TempDir dir;
  std::ofstream(dir.File("planilha.csv")) << "nome;valor\nMaria;10,00\n";
  auto result = Fiado({"serve", "--db", "sqlite:" + dir.File("planilha.csv"), "--port", "0"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(CountLines(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("não é um banco de dados SQLite"), std::string::npos) << result.err;
}

TEST(Cli, ServeWithUnreachablePostgresExitsWithOneLine) {
  auto result = Fiado({"serve", "--port", "0"}, {"FIADO_DB=postgresql://fiado@127.0.0.1:1/fiado"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(CountLines(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("PostgreSQL"), std::string::npos) << result.err;
}

TEST(Cli, ServeRejectsAnUnknownDatabaseScheme) {
  auto result = Fiado({"serve", "--db", "mysql://localhost/fiado", "--port", "0"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("sqlite:CAMINHO"), std::string::npos) << result.err;
}

// Starts `fiado serve` on a free port and waits for the URL it prints.
class RunningFiado {
 public:
  explicit RunningFiado(const std::string& db_url)
      : process_({FIADO_BINARY, "serve", "--db", db_url, "--port", "0"}) {
    const std::regex url(R"(http://127\.0\.0\.1:(\d+))");
    for (int i = 0; i < 3000 && port_ == 0; ++i) {
      std::smatch match;
      const std::string out = process_.Stdout();
      if (std::regex_search(out, match, url)) port_ = std::stoi(match[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  int port() const { return port_; }
  Process& process() { return process_; }

 private:
  Process process_;
  int port_ = 0;
};

void ExpectHealthyAndCleanStop(RunningFiado& fiado, const std::string& engine) {
  ASSERT_NE(fiado.port(), 0) << fiado.process().Stderr();
  httplib::Client client("127.0.0.1", fiado.port());
  auto response = client.Get("/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["database"]["engine"], engine);
  EXPECT_GE(body["database"]["migration_level"].get<int>(), 2);
  EXPECT_EQ(body["database"]["migration_level"], body["database"]["latest_migration_level"]);
  EXPECT_FALSE(body["version"].get<std::string>().empty());

  fiado.process().Signal(SIGTERM);
  auto result = fiado.process().Wait();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("GET /healthz 200"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("SIGTERM"), std::string::npos) << result.err;
}

TEST(Cli, ServeAnswersHealthzOnSqliteAndStopsOnSigterm) {
  TempDir dir;
  RunningFiado fiado("sqlite:" + dir.File("fiado.db"));
  ExpectHealthyAndCleanStop(fiado, "sqlite");
  EXPECT_TRUE(std::filesystem::exists(dir.File("fiado.db")));
}

TEST(Cli, ServeAnswersHealthzOnPostgresql) {
  auto& cluster = testing::PostgresCluster::Shared();
  RunningFiado fiado(cluster.CreateDatabase());
  ExpectHealthyAndCleanStop(fiado, "postgresql");
}

TEST(Cli, ServeOnATakenPortFailsClearly) {
  TempDir dir;
  RunningFiado first("sqlite:" + dir.File("a.db"));
  ASSERT_NE(first.port(), 0);
  auto second = Fiado(
      {"serve", "--db", "sqlite:" + dir.File("b.db"), "--port", std::to_string(first.port())});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("porta em uso"), std::string::npos) << second.err;
}

}  // namespace
}  // namespace fiado
