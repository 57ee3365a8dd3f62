#include "credit/providers/http_bureau.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/money.h"
#include "core/tax_id.h"
#include "messaging/providers/stub_http_server.h"

namespace fiado::credit::providers {
namespace {

using core::ErrorCode;
using core::Money;
using messaging::providers::testing::Answer;
using messaging::providers::testing::ClosedPort;
using messaging::providers::testing::StubHttpServer;
using nlohmann::json;

core::Cpf TestCpf() { return core::Cpf::Parse("529.982.247-25").value(); }

core::Date Day(int year, unsigned month, unsigned day) {
  return core::Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// The defaults of HttpBureauSettings: {"restricted":…,"restrictions":[…],"score":…,
// "protocol":…}.
HttpBureauSettings SimpleSettings(const std::string& base_url) {
  HttpBureauSettings settings;
  settings.name = "Birô Simples";
  settings.url = base_url + "/v1/consultas/{cpf}";
  settings.auth_header = "Authorization: Bearer chave-secreta";
  settings.timeout_ms = 2'000;
  return settings;
}

// A Serasa-like answer with Portuguese field names, read through the pointers.
HttpBureauSettings SerasaLikeSettings(const std::string& base_url) {
  HttpBureauSettings settings;
  settings.name = "Serasa";
  settings.url = base_url + "/consulta-pf";
  settings.auth_header = "X-Api-Key: abc123";
  settings.body_template =
      R"({"documento":"{cpf}","finalidade":"{purpose}","produto":"basico","cpfDeNovo":"{cpf}"})";
  settings.restricted_pointer = "/resultado/possuiRestricao";
  settings.restrictions_pointer = "/resultado/pendencias";
  settings.creditor_field = "credor";
  settings.amount_cents_field = "valorCentavos";
  settings.date_field = "dataOcorrencia";
  settings.score_pointer = "/score/valor";
  settings.reference_pointer = "/protocolo";
  settings.timeout_ms = 2'000;
  return settings;
}

constexpr const char* kSerasaRestricted = R"({
  "protocolo": "SER-2026-000123",
  "score": {"valor": 612, "faixa": "C"},
  "resultado": {
    "possuiRestricao": true,
    "pendencias": [
      {"credor": "Loja X", "valorCentavos": 12345, "dataOcorrencia": "2026-03-10"},
      {"credor": "Banco Y", "valorCentavos": 500000, "dataOcorrencia": "15/01/2026"}
    ]
  }
})";

TEST(HttpBureauTest, PostsTheCpfAndPurposeWithTheConfiguredHeaders) {
  StubHttpServer server(
      Answer(200, R"({"restricted":false,"restrictions":[],"score":780,"protocol":"P-1"})"));
  auto bureau = MakeHttpBureau(SimpleSettings(server.url()));
  std::string reference;

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kCreditReview, &reference);

  ASSERT_TRUE(answer) << answer.error().message_pt;
  EXPECT_EQ(bureau->Name(), "Birô Simples");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/v1/consultas/52998224725");
  EXPECT_EQ(requests[0].Header("Authorization"), "Bearer chave-secreta");
  EXPECT_EQ(requests[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(requests[0].Header("Accept"), "application/json");
  EXPECT_EQ(json::parse(requests[0].body),
            json({{"cpf", "52998224725"}, {"purpose", "credit_review"}}));
  EXPECT_FALSE(answer->restricted);
  EXPECT_TRUE(answer->restrictions.empty());
  EXPECT_EQ(answer->bureau_score, 780);
  EXPECT_EQ(answer->summary, "nada consta");
  EXPECT_EQ(reference, "P-1");
}

TEST(HttpBureauTest, ReadsARestrictedAnswerThroughTheConfiguredPointers) {
  StubHttpServer server(Answer(200, kSerasaRestricted));
  auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));
  std::string reference;

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, &reference);

  ASSERT_TRUE(answer) << answer.error().message_pt;
  const auto request = server.requests().at(0);
  EXPECT_EQ(request.path, "/consulta-pf");
  EXPECT_EQ(request.Header("X-Api-Key"), "abc123");
  EXPECT_EQ(request.Header("Authorization"), "");
  EXPECT_EQ(json::parse(request.body), json({{"documento", "52998224725"},
                                             {"finalidade", "sale"},
                                             {"produto", "basico"},
                                             {"cpfDeNovo", "52998224725"}}));
  EXPECT_TRUE(answer->restricted);
  ASSERT_EQ(answer->restrictions.size(), 2U);
  EXPECT_EQ(answer->restrictions[0], (Restriction{.creditor = "Loja X",
                                                  .amount = Money::FromCents(12345),
                                                  .registered_on = Day(2026, 3, 10)}));
  EXPECT_EQ(answer->restrictions[1], (Restriction{.creditor = "Banco Y",
                                                  .amount = Money::FromCents(500000),
                                                  .registered_on = Day(2026, 1, 15)}));
  EXPECT_EQ(answer->bureau_score, 612);
  EXPECT_EQ(answer->summary, "2 restrições encontradas");
  EXPECT_EQ(reference, "SER-2026-000123");
}

TEST(HttpBureauTest, ACleanAnswerWithoutOptionalFields) {
  StubHttpServer server(Answer(200, R"({"resultado":{"possuiRestricao":"N"}})"));
  auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));
  std::string reference = "antigo";

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kRegistration, &reference);

  ASSERT_TRUE(answer) << answer.error().message_pt;
  EXPECT_FALSE(answer->restricted);
  EXPECT_TRUE(answer->restrictions.empty());
  EXPECT_EQ(answer->bureau_score, std::nullopt);
  EXPECT_EQ(answer->summary, "nada consta");
  EXPECT_EQ(reference, "");
  EXPECT_EQ(json::parse(server.requests().at(0).body).at("finalidade"), "registration");
}

TEST(HttpBureauTest, ServerErrorsAndThrottlingAreUnavailable) {
  for (const int status : {500, 502, 503, 429}) {
    StubHttpServer server(Answer(status, R"({"erro":"manutenção programada"})"));
    auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));

    const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

    ASSERT_FALSE(answer) << status;
    EXPECT_EQ(answer.error().code, ErrorCode::kUnavailable) << status;
    EXPECT_EQ(answer.error().message_pt, "birô Serasa indisponível: HTTP " +
                                             std::to_string(status) +
                                             R"(: {"erro":"manutenção programada"})");
  }
}

TEST(HttpBureauTest, RefusedCredentialsAreAFailedPreconditionWithoutTheSecret) {
  for (const int status : {401, 403}) {
    StubHttpServer server(Answer(status, R"({"erro":"token inválido abc123"})"));
    auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));

    const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(answer.error().message_pt,
              "birô Serasa recusou as credenciais (HTTP " + std::to_string(status) + ")");
  }
}

TEST(HttpBureauTest, AnotherRefusalNamesTheStatusAndTheBodysStart) {
  StubHttpServer server(Answer(422, R"({"erro":"CPF não pode ser consultado"})"));
  auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(answer.error().message_pt,
            R"(birô Serasa recusou a consulta (HTTP 422): {"erro":"CPF não pode ser consultado"})");
}

TEST(HttpBureauTest, TheBodysStartIsCutAndKeptValidUtf8) {
  StubHttpServer server([](const httplib::Request&, httplib::Response& response) {
    response.status = 400;
    response.set_content("\xff\xc3(linha 1\nlinha 2 " + std::string(300, 'a'), "text/plain");
  });
  auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

  ASSERT_FALSE(answer);
  const std::string& message = answer.error().message_pt;
  EXPECT_TRUE(message.starts_with(
      "birô Serasa recusou a consulta (HTTP 400): \uFFFD\uFFFD(linha 1 linha 2 aaa"))
      << message;
  EXPECT_TRUE(message.ends_with("aaa…")) << message;
  EXPECT_LT(message.size(), 300U);
  EXPECT_NO_THROW((void)json(message).dump());  // the http layer writes it as JSON
}

TEST(HttpBureauTest, AGarbageAnswerIsUnreadable) {
  StubHttpServer server([](const httplib::Request&, httplib::Response& response) {
    response.status = 200;
    response.set_content("<html>Erro interno</html>", "text/html");
  });
  auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(answer.error().message_pt,
            "resposta do birô Serasa ilegível: não é JSON: <html>Erro interno</html>");
}

TEST(HttpBureauTest, AnAnswerWithoutTheFlagNamesThePointer) {
  StubHttpServer server(Answer(200, R"({"resultado":{"restricao":true},"protocolo":"x"})"));
  auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(answer.error().message_pt,
            R"(resposta do birô Serasa ilegível: falta o campo "/resultado/possuiRestricao")");
}

TEST(HttpBureauTest, ASlowBureauTimesOutQuickly) {
  StubHttpServer server([](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1'000));
    response.set_content(R"({"restricted":false})", "application/json");
  });
  HttpBureauSettings settings = SimpleSettings(server.url());
  settings.timeout_ms = 200;
  auto bureau = MakeHttpBureau(settings);
  const auto started = std::chrono::steady_clock::now();

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(answer.error().message_pt, "birô Birô Simples indisponível: tempo esgotado (200 ms)");
  EXPECT_LT(elapsed, std::chrono::milliseconds(800));
}

TEST(HttpBureauTest, AClosedPortIsUnavailable) {
  HttpBureauSettings settings = SimpleSettings("http://127.0.0.1:" + std::to_string(ClosedPort()));
  auto bureau = MakeHttpBureau(settings);

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(answer.error().message_pt.starts_with(
      "birô Birô Simples indisponível: não foi possível conectar"))
      << answer.error().message_pt;
}

TEST(HttpBureauTest, AMalformedUrlIsAFailedPrecondition) {
  auto bureau = MakeHttpBureau(SimpleSettings("ftp://127.0.0.1:1"));

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(answer.error().message_pt.starts_with("endereço do birô Birô Simples inválido"))
      << answer.error().message_pt;
}

TEST(HttpBureauTest, AnOversizedAnswerIsUnreadable) {
  StubHttpServer server(Answer(
      200, R"({"restricted":false,"pad":")" + std::string(std::size_t{2} << 20, 'x') + R"("})"));
  auto bureau = MakeHttpBureau(SimpleSettings(server.url()));

  const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(answer.error().message_pt,
            "resposta do birô Birô Simples ilegível: maior que 1048576 bytes");
}

TEST(HttpBureauTest, LookupsReuseOneConnection) {
  StubHttpServer server(Answer(200, kSerasaRestricted));
  auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));

  for (int i = 0; i < 3; ++i) {
    const auto answer = bureau->Lookup(TestCpf(), Purpose::kSale, nullptr);
    ASSERT_TRUE(answer) << answer.error().message_pt;
  }

  EXPECT_EQ(server.requests().size(), 3U);
  EXPECT_EQ(server.connections(), 1U);
}

TEST(HttpBureauTest, ConcurrentLookupsShareTheConnectorSafely) {
  StubHttpServer server(Answer(200, kSerasaRestricted));
  auto bureau = MakeHttpBureau(SerasaLikeSettings(server.url()));
  std::atomic<int> answered{0};

  std::vector<std::thread> clerks;
  clerks.reserve(4);
  for (int clerk = 0; clerk < 4; ++clerk) {
    clerks.emplace_back([&bureau, &answered] {
      for (int i = 0; i < 5; ++i) {
        if (bureau->Lookup(TestCpf(), Purpose::kSale, nullptr)) ++answered;
      }
    });
  }
  for (auto& clerk : clerks) clerk.join();

  EXPECT_EQ(answered.load(), 20);
  EXPECT_EQ(server.requests().size(), 20U);
}

// ReadBureauAnswer alone: the lenient readings and the garbage.

HttpBureauSettings Named() {
  HttpBureauSettings settings;
  settings.name = "SPC";
  return settings;
}

TEST(ReadBureauAnswerTest, FlagsAreReadLeniently) {
  const std::pair<const char*, bool> cases[] = {
      {"true", true},      {"false", false},    {"1", true},           {"0", false},
      {R"("S")", true},    {R"("n")", false},   {R"("Sim")", true},    {R"("não")", false},
      {R"("NÃO")", false}, {R"("nao")", false}, {R"(" TRUE ")", true}, {R"("false")", false},
      {R"("1")", true},    {R"("0")", false},
  };
  for (const auto& [flag, expected] : cases) {
    const auto answer =
        ReadBureauAnswer(Named(), std::string(R"({"restricted":)") + flag + "}", nullptr);
    ASSERT_TRUE(answer) << flag << ": " << answer.error().message_pt;
    EXPECT_EQ(answer->restricted, expected) << flag;
  }
}

TEST(ReadBureauAnswerTest, AnythingElseIsNotAFlag) {
  for (const char* flag : {"2", R"("talvez")", "{}", "[]", "0.5", R"("")"}) {
    const auto answer =
        ReadBureauAnswer(Named(), std::string(R"({"restricted":)") + flag + "}", nullptr);
    ASSERT_FALSE(answer) << flag;
    EXPECT_EQ(answer.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(answer.error().message_pt.starts_with(
        R"(resposta do birô SPC ilegível: "/restricted" não é sim/não)"))
        << answer.error().message_pt;
  }
}

TEST(ReadBureauAnswerTest, AmountsWithDecimalsAreReaisConvertedExactly) {
  const std::pair<const char*, std::int64_t> cases[] = {
      {"12345", 12345},
      {R"("12345")", 12345},
      {R"("1234.56")", 123456},
      {"1234.56", 123456},
      {"0.29", 29},
      {"99.9", 9990},
      {R"("10,5")", 1050},
      {R"(" 7.00 ")", 700},
      {"1234.5600", 123456},
      {"0", 0},
      {"4503599627370.49", 450359962737049},
  };
  for (const auto& [amount, cents] : cases) {
    const auto answer = ReadBureauAnswer(
        Named(),
        std::string(R"({"restricted":false,"restrictions":[{"creditor":"A","amount_cents":)") +
            amount + "}]}",
        nullptr);
    ASSERT_TRUE(answer) << amount << ": " << answer.error().message_pt;
    ASSERT_EQ(answer->restrictions.size(), 1U);
    EXPECT_EQ(answer->restrictions[0].amount, Money::FromCents(cents)) << amount;
    EXPECT_TRUE(answer->restricted) << "a listed restriction restricts";
  }
}

TEST(ReadBureauAnswerTest, BadAmountsNameTheirPath) {
  for (const char* amount : {"-5", R"("abc")", R"("1.234,56")", "1.234", R"("12.")", "1e300",
                             "true", R"("R$ 10,00")", "99999999999999999999"}) {
    const auto answer = ReadBureauAnswer(
        Named(),
        std::string(R"({"restricted":true,"restrictions":[{"amount_cents":1},{"amount_cents":)") +
            amount + "}]}",
        nullptr);
    ASSERT_FALSE(answer) << amount;
    EXPECT_TRUE(answer.error().message_pt.starts_with(
        R"(resposta do birô SPC ilegível: "/restrictions/1/amount_cents" não é um valor)"))
        << answer.error().message_pt;
  }
}

TEST(ReadBureauAnswerTest, DatesAreIsoOrBrazilianAndOptional) {
  const auto answer = ReadBureauAnswer(Named(), R"({"restricted":true,"restrictions":[
      {"creditor":"A","amount_cents":1,"date":"2025-12-31T10:00:00-03:00"},
      {"creditor":"B","amount_cents":2,"date":"01/02/2026"},
      {"creditor":"C","amount_cents":3,"date":""},
      {"creditor":"D","amount_cents":4,"date":null},
      {"amount_cents":5}]})",
                                       nullptr);

  ASSERT_TRUE(answer) << answer.error().message_pt;
  ASSERT_EQ(answer->restrictions.size(), 5U);
  EXPECT_EQ(answer->restrictions[0].registered_on, Day(2025, 12, 31));
  EXPECT_EQ(answer->restrictions[1].registered_on, Day(2026, 2, 1));
  EXPECT_EQ(answer->restrictions[2].registered_on, std::nullopt);
  EXPECT_EQ(answer->restrictions[3].registered_on, std::nullopt);
  EXPECT_EQ(answer->restrictions[4].creditor, "");
  EXPECT_EQ(answer->summary, "5 restrições encontradas");
}

TEST(ReadBureauAnswerTest, ARestrictedFlagWithoutDetails) {
  std::string reference;
  const auto answer =
      ReadBureauAnswer(Named(), R"({"restricted":"S","score":"350","protocol":98765})", &reference);

  ASSERT_TRUE(answer) << answer.error().message_pt;
  EXPECT_TRUE(answer->restricted);
  EXPECT_EQ(answer->summary, "consta restrição (sem detalhes)");
  EXPECT_EQ(answer->bureau_score, 350);
  EXPECT_EQ(reference, "98765");
}

TEST(ReadBureauAnswerTest, OneRestrictionReadsInTheSingular) {
  const auto answer = ReadBureauAnswer(
      Named(), R"({"restricted":false,"restrictions":[{"creditor":"A","amount_cents":1}]})",
      nullptr);

  ASSERT_TRUE(answer) << answer.error().message_pt;
  EXPECT_EQ(answer->summary, "1 restrição encontrada");
}

TEST(ReadBureauAnswerTest, GarbageNeverCrashesAndNamesWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "não é JSON"},
      {"null", R"(falta o campo "/restricted")"},
      {"[1,2]", R"(falta o campo "/restricted")"},
      {R"({"restricted":null})", R"(falta o campo "/restricted")"},
      {R"({"restricted":false,"restrictions":{}})", R"("/restrictions" não é uma lista)"},
      {R"({"restricted":false,"restrictions":[1]})", R"("/restrictions/0" não é um objeto)"},
      {R"({"restricted":false,"restrictions":[{"creditor":[]}]})",
       R"("/restrictions/0/creditor" não é um texto)"},
      {R"({"restricted":false,"restrictions":[{"date":"2026-13-01"}]})",
       R"("/restrictions/0/date" não é uma data)"},
      {R"({"restricted":false,"restrictions":[{"date":20260101}]})",
       R"("/restrictions/0/date" não é uma data)"},
      {R"({"restricted":false,"score":1001})", R"("/score" não é uma pontuação de 0 a 1000)"},
      {R"({"restricted":false,"score":-1})", R"("/score" não é uma pontuação de 0 a 1000)"},
      {R"({"restricted":false,"score":"alto"})", R"("/score" não é uma pontuação de 0 a 1000)"},
      {"{\"restricted\":true", "não é JSON"},
      {"\xff\xfe{}", "não é JSON"},
  };
  for (const auto& [body, reason] : cases) {
    const auto answer = ReadBureauAnswer(Named(), body, nullptr);
    ASSERT_FALSE(answer) << body;
    EXPECT_EQ(answer.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(answer.error().message_pt.starts_with(
        std::string("resposta do birô SPC ilegível: ") + reason))
        << body << " → " << answer.error().message_pt;
  }
}

TEST(ReadBureauAnswerTest, AMalformedPointerIsAMissingField) {
  HttpBureauSettings settings = Named();
  settings.restricted_pointer = "resultado/restricao";  // no leading '/'
  settings.score_pointer = "/score/~9";

  const auto answer = ReadBureauAnswer(settings, R"({"resultado":{"restricao":true}})", nullptr);

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().message_pt,
            R"(resposta do birô SPC ilegível: falta o campo "resultado/restricao")");
}

TEST(ReadBureauAnswerTest, AnArrayIndexInThePointerWorks) {
  HttpBureauSettings settings = Named();
  settings.restricted_pointer = "/consultas/0/restrito";
  settings.restrictions_pointer = "";
  settings.score_pointer = "/consultas/5/score";

  const auto answer =
      ReadBureauAnswer(settings, R"({"consultas":[{"restrito":"nao"}],"score":1})", nullptr);

  ASSERT_TRUE(answer) << answer.error().message_pt;
  EXPECT_FALSE(answer->restricted);
  EXPECT_EQ(answer->bureau_score, std::nullopt);
}

}  // namespace
}  // namespace fiado::credit::providers
