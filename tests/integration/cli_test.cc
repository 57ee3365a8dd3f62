// The `fiado` program as a user runs it: exit codes, messages, and a real server answering
// GET /healthz on SQLite and on a throwaway PostgreSQL, stopped by SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "support/postgres_cluster.h"
#include "support/process.h"
#include "support/shared_data.h"
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

// STANDARDS §1.3 C1 (CNPJ key, amount, txid).
TEST(Cli, ToolsPixEncodesAndDecodes) {
  const std::string c1 =
      "00020126360014br.gov.bcb.pix011411222333000181520400005303986540594.565802BR5917LOJA "
      "EXEMPLO LTDA6009SAO PAULO62180514CARNE000123P0163046E62";
  auto encoded =
      Fiado({"tools", "pix", "encode", "--key", "11.222.333/0001-81", "--name", "LOJA EXEMPLO LTDA",
             "--city", "SAO PAULO", "--amount", "94,56", "--txid", "CARNE000123P01"});
  EXPECT_EQ(encoded.exit_code, 0) << encoded.err;
  EXPECT_EQ(encoded.out, c1 + "\n");
  auto decoded = Fiado({"tools", "pix", "decode", c1});
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  const auto fields = nlohmann::json::parse(decoded.out);
  EXPECT_EQ(fields["valid"], true);
  EXPECT_EQ(fields["key"], "11222333000181");
  EXPECT_EQ(fields["amount_cents"], 9456);
  EXPECT_EQ(fields["txid"], "CARNE000123P01");
  // A wrong CRC, a txid with '-', a name that does not fit: exit 1 with the reason.
  auto bad_crc = Fiado({"tools", "pix", "decode", c1.substr(0, c1.size() - 4) + "6E63"});
  EXPECT_EQ(bad_crc.exit_code, 1);
  EXPECT_NE(bad_crc.err.find("CRC"), std::string::npos) << bad_crc.err;
  EXPECT_EQ(Fiado({"tools", "pix", "encode", "--key", "11222333000181", "--name", "LOJA", "--city",
                   "RECIFE", "--txid", "PARCELA-1"})
                .exit_code,
            1);
  EXPECT_EQ(Fiado({"tools", "pix", "encode", "--key", "11222333000181", "--name",
                   "CREDIARIO E MAGAZINE CENTRAL", "--city", "RECIFE"})
                .exit_code,
            1);
  EXPECT_EQ(Fiado({"tools", "pix", "encode", "--name", "LOJA", "--city", "RECIFE"}).exit_code, 2);
}

// STANDARDS §2.4: the BB manual's example, then the same linha with its amount changed.
TEST(Cli, ToolsBoletoDecodesALinhaAndRejectsAWrongDigit) {
  auto decoded =
      Fiado({"tools", "boleto", "decode", "00190.00009 01238.798977 77700.168188 2 13810000009456",
             "--today", "2026-01-10"});
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  const auto fields = nlohmann::json::parse(decoded.out);
  EXPECT_EQ(fields["valid"], true);
  EXPECT_EQ(fields["bank"], "001");
  EXPECT_EQ(fields["due_date"], "2026-03-10");
  EXPECT_EQ(fields["amount_cents"], 9456);
  EXPECT_EQ(fields["barcode"], "00192138100000094560000001238798977770016818");
  auto tampered = Fiado(
      {"tools", "boleto", "decode", "00190.00009 01238.798977 77700.168188 2 13810000009457"});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_FALSE(tampered.err.empty());
  EXPECT_EQ(Fiado({"tools", "boleto", "decode", "0019", "--today", "ontem"}).exit_code, 2);
}

// `fiado score`: train on the public HMDA split, report on its test rows, apply to every
// row; the written files are what the next command reads.
TEST(Cli, ScoreTrainsReportsAndAppliesAScorecard) {
  FIADO_REQUIRE_SHARED("data/credit/hmda.csv");
  TempDir dir;
  const std::string data = testing::SharedPath("data/credit/hmda.csv").string();
  const std::string model = dir.File("modelo.json");
  auto train = Fiado({"score", "train", "--data", data, "--target", "deny", "--event", "yes",
                      "--exclude", "afam", "--out", model});
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_TRUE(std::filesystem::exists(model));
  auto report = Fiado({"score", "report", "--model", model, "--data", data});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::smatch auc = [&] {
    std::smatch match;
    std::regex_search(report.out, match, std::regex(R"(AUC\D*([0-9]+[.,][0-9]+))"));
    return match;
  }();
  ASSERT_FALSE(auc.empty()) << report.out;
  std::string auc_text = auc[1].str();
  std::replace(auc_text.begin(), auc_text.end(), ',', '.');
  EXPECT_GE(std::stod(auc_text), 0.84) << report.out;
  const std::string scores = dir.File("scores.csv");
  auto apply = Fiado({"score", "apply", "--model", model, "--data", data, "--out", scores});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  std::ifstream in(scores);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "row,p_event,score,reasons");
  int rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, 2380);
}

// A shop trains on its own history: `score export` writes what `score train` reads.
TEST(Cli, ScoreExportWritesTheShopsHistoryForTraining) {
  TempDir dir;
  const std::string db = "sqlite:" + dir.File("loja.db");
  auto generated = Fiado({"demo", "generate", "--db", db, "--customers", "600", "--seed", "11",
                          "--today", "2026-11-22"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const std::smatch store = [&] {
    std::smatch match;
    std::regex_search(generated.out, match, std::regex(R"(([0-9a-f]{8}-[0-9a-f-]{27}))"));
    return match;
  }();
  ASSERT_FALSE(store.empty()) << generated.out;
  const std::string csv = dir.File("historico.csv");
  auto exported = Fiado({"score", "export", "--db", db, "--store", store[1].str(), "--out", csv});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header,
            "customer,age,monthly_income,state,occupation,has_email,has_guarantor,references,"
            "first_financed,first_installments,bad,split");
  int rows = 0;
  int bad = 0;
  for (std::string line; std::getline(in, line); ++rows) {
    if (line.find(",yes,t") != std::string::npos) ++bad;
  }
  EXPECT_GT(rows, 400);
  EXPECT_GT(bad, 0);  // the generator makes some customers default
  auto train = Fiado({"score", "train", "--data", csv, "--target", "bad", "--event", "yes",
                      "--exclude", "customer", "--out", dir.File("m.json")});
  EXPECT_EQ(train.exit_code, 0) << train.err << train.out;
  EXPECT_EQ(
      Fiado({"score", "export", "--db", db, "--store", "00000000000000", "--out", csv}).exit_code,
      1);
}

TEST(Cli, ScoreRefusesBadDataNamingTheLineOrField) {
  TempDir dir;
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.File(name)) << text;
    return dir.File(name);
  };
  const std::string ragged = write("ragged.csv", "alvo,renda\nbom,10\nruim\n");
  const std::string one_class = write("uma.csv", "alvo,renda\nbom,10\nbom,20\n");
  const std::string model = dir.File("m.json");
  auto missing_target = Fiado({"score", "train", "--data", ragged, "--target", "classe", "--event",
                               "ruim", "--out", model});
  EXPECT_EQ(missing_target.exit_code, 1);
  EXPECT_NE(missing_target.err.find("linha 3"), std::string::npos) << missing_target.err;
  auto single = Fiado({"score", "train", "--data", one_class, "--target", "alvo", "--event", "ruim",
                       "--out", model});
  EXPECT_EQ(single.exit_code, 1);
  EXPECT_FALSE(single.err.empty());
  EXPECT_FALSE(std::filesystem::exists(model));
  const std::string other = write("outro.json", R"({"format_version": 99})");
  auto old_model = Fiado({"score", "report", "--model", other, "--data", ragged});
  EXPECT_EQ(old_model.exit_code, 1);
  EXPECT_NE(old_model.err.find("vers"), std::string::npos) << old_model.err;
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
  explicit RunningFiado(const std::string& db_url, const std::vector<std::string>& extra = {})
      : process_(ServeArgs(db_url, extra)) {
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
  static std::vector<std::string> ServeArgs(const std::string& db_url,
                                            const std::vector<std::string>& extra) {
    std::vector<std::string> args = {FIADO_BINARY, "serve", "--db", db_url, "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

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

TEST(Cli, StoreAddAndUserAddPrepareAShopFromTheCommandLine) {
  TempDir dir;
  const std::string db = "sqlite:" + dir.File("fiado.db");
  auto bad_store = Fiado({"store", "add", "--db", db, "--name", "Loja", "--legal-id",
                          "11.222.333/0001-80", "--city", "Recife", "--state", "PE"});
  EXPECT_EQ(bad_store.exit_code, 1);
  EXPECT_NE(bad_store.err.find("legal_id"), std::string::npos) << bad_store.err;
  auto store = Fiado({"store", "add", "--db", db, "--name", "Loja do Zé", "--legal-id",
                      "11.222.333/0001-81", "--city", "Recife", "--state", "PE"});
  ASSERT_EQ(store.exit_code, 0) << store.err;
  EXPECT_EQ(store.out.size(), 37u);  // a UUID and a newline
  auto bad_role = Fiado({"user", "add", "--db", db, "--store", "11222333000181", "--email",
                         "ze@loja.com.br", "--role", "chefe"});
  EXPECT_EQ(bad_role.exit_code, 1);
  EXPECT_NE(bad_role.err.find("role"), std::string::npos) << bad_role.err;
  auto user = Fiado({"user", "add", "--db", db, "--store", "11222333000181", "--email",
                     "ze@loja.com.br", "--role", "owner"});
  ASSERT_EQ(user.exit_code, 0) << user.err;
  std::smatch password;
  ASSERT_TRUE(std::regex_search(user.out, password, std::regex(R"(senha: (\S+))"))) << user.out;
  auto unknown_store = Fiado({"user", "add", "--db", db, "--store", "00000000000191", "--email",
                              "x@loja.com.br", "--role", "clerk", "--password", "senha-123"});
  EXPECT_EQ(unknown_store.exit_code, 1);
  EXPECT_NE(unknown_store.err.find("loja não encontrada"), std::string::npos);

  RunningFiado fiado(db);
  ASSERT_NE(fiado.port(), 0) << fiado.process().Stderr();
  httplib::Client client("127.0.0.1", fiado.port());
  const nlohmann::json login = {{"email", "ze@loja.com.br"}, {"password", password[1].str()}};
  auto signed_in = client.Post("/api/v1/sessions", login.dump(), "application/json");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 201) << signed_in->body;
}

TEST(Cli, ServeDemoCreatesAShopOnceAndPrintsTheLogin) {
  TempDir dir;
  const std::string db = "sqlite:" + dir.File("fiado.db");
  std::string password;
  {
    RunningFiado fiado(db, {"--demo"});
    ASSERT_NE(fiado.port(), 0) << fiado.process().Stderr();
    std::smatch match;
    std::string out;
    for (int i = 0; i < 500 && !std::regex_search(out, match, std::regex(R"(senha: (\S+)\n)"));
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      out = fiado.process().Stdout();
    }
    ASSERT_FALSE(match.empty()) << out;
    password = match[1];
    EXPECT_NE(out.find("e-mail: dono@demo.fiado.com.br"), std::string::npos) << out;
    httplib::Client client("127.0.0.1", fiado.port());
    const nlohmann::json login = {{"email", "dono@demo.fiado.com.br"}, {"password", password}};
    auto signed_in = client.Post("/api/v1/sessions", login.dump(), "application/json");
    ASSERT_TRUE(signed_in);
    ASSERT_EQ(signed_in->status, 201) << signed_in->body;
    const std::string cookie = signed_in->get_header_value("Set-Cookie");
    const httplib::Headers with_cookie = {{"Cookie", cookie.substr(0, cookie.find(';'))}};
    // The 8 named customers and a generated portfolio with sales and payments.
    auto customers = client.Get("/api/v1/customers?limit=200", with_cookie);
    ASSERT_TRUE(customers);
    const auto items = nlohmann::json::parse(customers->body)["items"];
    EXPECT_GT(items.size(), 100u);
    auto maria = client.Get("/api/v1/customers?q=maria%20jose%20da%20silva", with_cookie);
    ASSERT_TRUE(maria);
    EXPECT_GE(nlohmann::json::parse(maria->body)["items"].size(), 1u);
    int with_installments = 0;
    for (std::size_t i = 0; i < 20 && i < items.size(); ++i) {
      auto statement = client.Get(
          "/api/v1/customers/" + items[i]["id"].get<std::string>() + "/statement", with_cookie);
      ASSERT_TRUE(statement);
      ASSERT_EQ(statement->status, 200) << statement->body;
      if (!nlohmann::json::parse(statement->body)["installments"].empty()) ++with_installments;
    }
    EXPECT_GT(with_installments, 5);
    fiado.process().Signal(SIGTERM);
    fiado.process().Wait();
  }
  RunningFiado again(db, {"--demo"});
  ASSERT_NE(again.port(), 0);
  again.process().Signal(SIGTERM);
  auto result = again.process().Wait();
  EXPECT_EQ(result.out.find("senha:"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("primeira execução"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace fiado

namespace fiado {
namespace {

// The number after `label` in `text` ("ações: 12 (…)" → 12), or -1.
long NumberAfter(const std::string& text, const std::string& label) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(label + R"(: (\d+))"))) return -1;
  return std::stol(match[1].str());
}

TEST(Cli, DailyRunWritesEachStepOnceAndADryRunWritesNothing) {
  TempDir dir;
  const std::string db = "sqlite:" + dir.File("fiado.db");
  auto generated = Fiado({"demo", "generate", "--db", db, "--customers", "400", "--seed", "5",
                          "--today", "2026-11-20"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  auto dry = Fiado({"daily-run", "--db", db, "--date", "2026-11-23", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("simulação"), std::string::npos) << dry.out;
  const long planned = NumberAfter(dry.out, "ações");
  EXPECT_GT(planned, 0) << dry.out;
  EXPECT_NE(dry.err.find("clientes decididos"), std::string::npos);  // the progress line
  EXPECT_NE(dry.out.find("sem ação (sem consentimento para o canal)"), std::string::npos)
      << dry.out;  // reasons in Portuguese

  auto first = Fiado({"daily-run", "--db", db, "--date", "2026-11-23"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(NumberAfter(first.out, "ações"), planned) << first.out;
  auto second = Fiado({"daily-run", "--db", db, "--date", "2026-11-23"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(NumberAfter(second.out, "ações"), 0) << second.out;

  auto unknown = Fiado({"daily-run", "--db", db, "--store", "00000000000191"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("loja não encontrada"), std::string::npos) << unknown.err;
  auto bad_date = Fiado({"daily-run", "--db", db, "--date", "2026-13-01"});
  EXPECT_EQ(bad_date.exit_code, 1);
  EXPECT_NE(bad_date.err.find("--date"), std::string::npos) << bad_date.err;
}

}  // namespace
}  // namespace fiado
