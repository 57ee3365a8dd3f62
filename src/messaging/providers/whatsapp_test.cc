#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "messaging/providers/providers.h"
#include "messaging/providers/stub_http_server.h"

namespace fiado::messaging::providers {
namespace {

using nlohmann::json;
using testing::Answer;
using testing::StubHttpServer;

constexpr const char* kSuccess =
    R"({"messaging_product":"whatsapp","contacts":[{"input":"5511987654321",)"
    R"("wa_id":"5511987654321"}],"messages":[{"id":"wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ="}]})";

WhatsappSettings SettingsFor(const StubHttpServer& server) {
  WhatsappSettings settings;
  settings.enabled = true;
  settings.api_base_url = server.url() + "/v20.0/";
  settings.phone_number_id = "106540352242922";
  settings.access_token = "EAAG-token";
  settings.timeout_ms = 2'000;
  return settings;
}

Outgoing Reminder() {
  Outgoing message;
  message.message_id = "msg-0001";
  message.channel = Channel::kWhatsapp;
  message.to = "+5511987654321";
  message.text = "Olá Ana, sua parcela de R$ 150,00 vence amanhã.";
  message.template_key = "lembrete_vencimento";
  message.values = {{"nome", "Ana"}, {"valor", "R$ 150,00"}, {"vencimento", "22/11/2026"}};
  return message;
}

json BodyParameters(const std::string& body) {
  return json::parse(body)["template"]["components"][0]["parameters"];
}

TEST(WhatsappSenderTest, SendsTheTemplateWithTheValuesInOrder) {
  StubHttpServer server(Answer(200, kSuccess));
  auto sender = MakeWhatsappSender(SettingsFor(server));

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kSent) << result.reason;
  EXPECT_EQ(result.provider_id, "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ=");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].path, "/v20.0/106540352242922/messages");
  EXPECT_EQ(requests[0].Header("Authorization"), "Bearer EAAG-token");
  EXPECT_EQ(requests[0].Header("Content-Type"), "application/json");
  const json expected = {{"messaging_product", "whatsapp"},
                         {"recipient_type", "individual"},
                         {"to", "5511987654321"},
                         {"type", "template"},
                         {"template",
                          {{"name", "lembrete_vencimento"},
                           {"language", {{"code", "pt_BR"}}},
                           {"components",
                            {{{"type", "body"},
                              {"parameters",
                               {{{"type", "text"}, {"text", "Ana"}},
                                {{"type", "text"}, {"text", "R$ 150,00"}},
                                {{"type", "text"}, {"text", "22/11/2026"}}}}}}}}},
                         {"biz_opaque_callback_data", "msg-0001"}};
  EXPECT_EQ(json::parse(requests[0].body), expected);
}

TEST(WhatsappSenderTest, AMappedTemplateTakesItsNamedParameters) {
  StubHttpServer server(Answer(200, kSuccess));
  WhatsappSettings settings = SettingsFor(server);
  settings.templates.push_back(WhatsappTemplate{.template_key = "lembrete_vencimento",
                                                .name = "cobranca_lembrete_v2",
                                                .language = "pt_BR",
                                                .parameters = {"vencimento", "nome"}});
  auto sender = MakeWhatsappSender(settings);

  ASSERT_EQ(sender->Send(Reminder()).outcome, Outcome::kSent);

  const json body = json::parse(server.requests().at(0).body);
  EXPECT_EQ(body["template"]["name"], "cobranca_lembrete_v2");
  EXPECT_EQ(BodyParameters(server.requests().at(0).body),
            json::parse(R"([{"type":"text","text":"22/11/2026"},{"type":"text","text":"Ana"}])"));
}

TEST(WhatsappSenderTest, AVariableTheMessageLacksIsPermanentAndNothingIsSent) {
  StubHttpServer server(Answer(200, kSuccess));
  WhatsappSettings settings = SettingsFor(server);
  settings.templates.push_back(WhatsappTemplate{.template_key = "lembrete_vencimento",
                                                .name = "cobranca_lembrete_v2",
                                                .language = "pt_BR",
                                                .parameters = {"nome", "link_pix"}});
  auto sender = MakeWhatsappSender(settings);

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_NE(result.reason.find("link_pix"), std::string::npos) << result.reason;
  EXPECT_TRUE(server.requests().empty());
}

TEST(WhatsappSenderTest, ATemplateWithoutValuesHasNoComponents) {
  StubHttpServer server(Answer(200, kSuccess));
  auto sender = MakeWhatsappSender(SettingsFor(server));
  Outgoing message = Reminder();
  message.values.clear();

  ASSERT_EQ(sender->Send(message).outcome, Outcome::kSent);

  const json body = json::parse(server.requests().at(0).body);
  EXPECT_FALSE(body["template"].contains("components")) << body.dump();
}

TEST(WhatsappSenderTest, SendsAFreeText) {
  StubHttpServer server(Answer(200, kSuccess));
  auto sender = MakeWhatsappSender(SettingsFor(server));
  Outgoing message = Reminder();
  message.free_text = true;
  message.text = "Pronto: você não vai mais receber mensagens da Loja Exemplo.";

  ASSERT_EQ(sender->Send(message).outcome, Outcome::kSent);

  const json body = json::parse(server.requests().at(0).body);
  EXPECT_EQ(body["type"], "text");
  EXPECT_EQ(body["text"], json({{"preview_url", false}, {"body", message.text}}));
  EXPECT_FALSE(body.contains("template"));
}

TEST(WhatsappSenderTest, AGraphErrorIsPermanentWithMetasWords) {
  StubHttpServer server(Answer(
      400,
      R"({"error":{"message":"Message undeliverable","type":"OAuthException","code":131026,"error_data":{"messaging_product":"whatsapp","details":"Message Undeliverable."},"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}})"));
  auto sender = MakeWhatsappSender(SettingsFor(server));

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_NE(result.reason.find("WhatsApp recusou: Message undeliverable"), std::string::npos)
      << result.reason;
  EXPECT_NE(result.reason.find("(código 131026)"), std::string::npos) << result.reason;
}

TEST(WhatsappSenderTest, AnInvalidTokenIsPermanent) {
  StubHttpServer server(Answer(
      401,
      R"({"error":{"message":"Error validating access token","type":"OAuthException","code":190}})"));
  auto sender = MakeWhatsappSender(SettingsFor(server));

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_NE(result.reason.find("(código 190)"), std::string::npos) << result.reason;
}

TEST(WhatsappSenderTest, ServerErrorsAndRateLimitsAreTransient) {
  const char* rate_limited =
      R"({"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429}})";
  for (const auto& [status, body] : {std::pair<int, std::string>{500, "<html>erro</html>"},
                                     {503, R"({"error":{"message":"x","code":131016}})"},
                                     {429, "{}"},
                                     {400, rate_limited}}) {
    StubHttpServer server(Answer(status, body));
    auto sender = MakeWhatsappSender(SettingsFor(server));

    const SendResult result = sender->Send(Reminder());

    EXPECT_EQ(result.outcome, Outcome::kTransient) << status << " " << result.reason;
    EXPECT_FALSE(result.reason.empty());
  }
}

TEST(WhatsappSenderTest, A2xxWithGarbageIsPermanentNeverRetried) {
  StubHttpServer server(Answer(200, "<html>ok</html>"));
  auto sender = MakeWhatsappSender(SettingsFor(server));

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_EQ(result.reason.rfind("resposta inválida do WhatsApp: ", 0), 0U) << result.reason;
}

TEST(WhatsappSenderTest, ATimeoutAfterTheRequestLeftIsUncertainNotRetried) {
  StubHttpServer server([](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    response.set_content(kSuccess, "application/json");
  });
  WhatsappSettings settings = SettingsFor(server);
  settings.timeout_ms = 300;
  auto sender = MakeWhatsappSender(settings);

  const auto started = std::chrono::steady_clock::now();
  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kUncertain);  // the provider may have taken it
  EXPECT_NE(result.reason.find("tempo esgotado"), std::string::npos) << result.reason;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(650));
}

TEST(WhatsappSenderTest, AClosedPortIsTransient) {
  WhatsappSettings settings;
  settings.enabled = true;
  settings.api_base_url = "http://127.0.0.1:" + std::to_string(testing::ClosedPort());
  settings.phone_number_id = "1";
  settings.access_token = "t";
  auto sender = MakeWhatsappSender(settings);

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kTransient) << result.reason;
}

TEST(WhatsappSenderTest, KeepsTheConnectionAcrossThousandsOfMessages) {
  StubHttpServer server(Answer(200, kSuccess));
  auto sender = MakeWhatsappSender(SettingsFor(server));
  constexpr int kMessages = 2'000;

  for (int i = 0; i < kMessages; ++i) {
    Outgoing message = Reminder();
    message.message_id = "msg-" + std::to_string(i);
    ASSERT_EQ(sender->Send(message).outcome, Outcome::kSent) << i;
  }

  EXPECT_EQ(server.requests().size(), static_cast<std::size_t>(kMessages));
  EXPECT_LE(server.connections(), 2U);
}

}  // namespace
}  // namespace fiado::messaging::providers
