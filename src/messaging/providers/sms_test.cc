#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "messaging/providers/providers.h"
#include "messaging/providers/stub_http_server.h"

namespace fiado::messaging::providers {
namespace {

using nlohmann::json;
using testing::Answer;
using testing::StubHttpServer;

SmsSettings SettingsFor(const StubHttpServer& server) {
  SmsSettings settings;
  settings.enabled = true;
  settings.url = server.url() + "/v1/sms/send";
  settings.auth_header = "Authorization: Bearer sms-chave";
  settings.timeout_ms = 2'000;
  return settings;
}

Outgoing Reminder() {
  Outgoing message;
  message.message_id = "msg-0042";
  message.channel = Channel::kSms;
  message.to = "+5511987654321";
  message.text = "Loja \"Exemplo\": parcela de R$ 150,00 vence amanhã.\nResponda PARAR para sair.";
  return message;
}

TEST(SmsSenderTest, PostsTheBodyTemplateWithJsonEscapedValues) {
  StubHttpServer server(Answer(200, R"({"id":"sms-77","status":"queued"})"));
  auto sender = MakeSmsSender(SettingsFor(server));

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kSent) << result.reason;
  EXPECT_EQ(result.provider_id, "sms-77");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].path, "/v1/sms/send");
  EXPECT_EQ(requests[0].Header("Authorization"), "Bearer sms-chave");
  EXPECT_EQ(requests[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(
      json::parse(requests[0].body),
      json({{"to", "5511987654321"}, {"message", Reminder().text}, {"reference", "msg-0042"}}));
}

TEST(SmsSenderTest, ReadsANumericIdAtADottedPath) {
  StubHttpServer server(Answer(201, R"({"messages":[{"id":123456789,"to":"+5511987654321"}]})"));
  SmsSettings settings = SettingsFor(server);
  settings.auth_header.clear();
  settings.body_template =
      R"({"destination":"{to_e164}","text":"{text}","ref":"{id}","raw":"{unknown}"})";
  settings.id_field = "messages.0.id";
  auto sender = MakeSmsSender(settings);
  Outgoing message = Reminder();
  message.text = "texto com {id} dentro";

  const SendResult result = sender->Send(message);

  EXPECT_EQ(result.outcome, Outcome::kSent) << result.reason;
  EXPECT_EQ(result.provider_id, "123456789");
  const auto request = server.requests().at(0);
  EXPECT_EQ(request.Header("Authorization"), "");
  EXPECT_EQ(json::parse(request.body), json({{"destination", "+5511987654321"},
                                             {"text", "texto com {id} dentro"},
                                             {"ref", "msg-0042"},
                                             {"raw", "{unknown}"}}));
}

TEST(SmsSenderTest, ARefusalIsPermanentWithTheProvidersWords) {
  StubHttpServer server(Answer(400, R"({"error":"número de destino inválido"})"));
  auto sender = MakeSmsSender(SettingsFor(server));

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_NE(result.reason.find("número de destino inválido"), std::string::npos) << result.reason;
  EXPECT_NE(result.reason.find("400"), std::string::npos) << result.reason;
}

TEST(SmsSenderTest, ALongAnswerIsCutInTheReason) {
  StubHttpServer server(Answer(422, std::string(5'000, 'x')));
  auto sender = MakeSmsSender(SettingsFor(server));

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_LT(result.reason.size(), 400U);
  EXPECT_NE(result.reason.find(std::string(300, 'x')), std::string::npos);
}

TEST(SmsSenderTest, ServerErrorsAndRateLimitsAreTransient) {
  for (const int status : {500, 502, 503, 429}) {
    StubHttpServer server(Answer(status, R"({"error":"tente depois"})"));
    auto sender = MakeSmsSender(SettingsFor(server));

    const SendResult result = sender->Send(Reminder());

    EXPECT_EQ(result.outcome, Outcome::kTransient) << status;
    EXPECT_NE(result.reason.find("tente depois"), std::string::npos) << result.reason;
  }
}

TEST(SmsSenderTest, A2xxWithoutAnIdIsPermanent) {
  for (const char* body : {"OK", R"({"status":"queued"})", R"({"id":""})", R"({"id":null})"}) {
    StubHttpServer server(Answer(200, body));
    auto sender = MakeSmsSender(SettingsFor(server));

    const SendResult result = sender->Send(Reminder());

    EXPECT_EQ(result.outcome, Outcome::kPermanent) << body;
    EXPECT_EQ(result.reason.rfind("resposta inválida do provedor de SMS", 0), 0U) << result.reason;
  }
}

TEST(SmsSenderTest, ATimeoutAfterTheRequestLeftIsUncertainNotRetried) {
  StubHttpServer server([](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    response.set_content(R"({"id":"late"})", "application/json");
  });
  SmsSettings settings = SettingsFor(server);
  settings.timeout_ms = 300;
  auto sender = MakeSmsSender(settings);

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kUncertain);  // the provider may have taken it
  EXPECT_NE(result.reason.find("tempo esgotado"), std::string::npos) << result.reason;
}

TEST(SmsSenderTest, AClosedPortIsTransient) {
  SmsSettings settings;
  settings.enabled = true;
  settings.url = "http://127.0.0.1:" + std::to_string(testing::ClosedPort()) + "/send";
  auto sender = MakeSmsSender(settings);

  EXPECT_EQ(sender->Send(Reminder()).outcome, Outcome::kTransient);
}

TEST(SmsSenderTest, KeepsTheConnectionAcrossThousandsOfMessages) {
  StubHttpServer server(Answer(200, R"({"id":"sms-1"})"));
  auto sender = MakeSmsSender(SettingsFor(server));

  for (int i = 0; i < 2'000; ++i) ASSERT_EQ(sender->Send(Reminder()).outcome, Outcome::kSent) << i;

  EXPECT_LE(server.connections(), 2U);
}

TEST(SenderFactoryTest, MakesOnlyTheEnabledChannels) {
  auto factory = MakeSenderFactory();
  MessagingSettings settings;
  EXPECT_EQ(factory->Make(Channel::kEmail, settings), nullptr);
  EXPECT_EQ(factory->Make(Channel::kWhatsapp, settings), nullptr);
  EXPECT_EQ(factory->Make(Channel::kSms, settings), nullptr);

  settings.email.enabled = true;
  settings.sms.enabled = true;
  EXPECT_NE(factory->Make(Channel::kEmail, settings), nullptr);
  EXPECT_EQ(factory->Make(Channel::kWhatsapp, settings), nullptr);
  EXPECT_NE(factory->Make(Channel::kSms, settings), nullptr);
}

}  // namespace
}  // namespace fiado::messaging::providers
