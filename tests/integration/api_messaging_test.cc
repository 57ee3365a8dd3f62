// The outbox over the REST API, on SQLite and on a real PostgreSQL server, with real local
// providers: a WhatsApp Cloud API stub and an SMS provider stub (HTTP servers that check
// the requests the real APIs get and answer success, 4xx, 5xx or garbage) and an SMTP
// server (aiosmtpd). The régua decides, the worker (driven tick by tick on the test's
// clock) checks again and sends; statuses, replies and opt-outs come back through the
// public webhooks.
#include <sodium.h>

#include <atomic>
#include <mutex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api_support.h"
#include "core/tax_id.h"
#include "support/smtp_server.h"

namespace fiado::testing {
namespace {

using nlohmann::json;

constexpr const char* kAppSecret = "segredo-do-app";
constexpr const char* kSmsToken = "token-sms-123";

// An HTTP provider: WhatsApp Cloud API at /v20.0/{phone-number-id}/messages, the SMS
// provider at /sms. Records every request; answers as `mode` says.
class ProviderStub {
 public:
  enum class Mode { kOk, kServerError, kClientError, kGarbage };
  struct Request {
    std::string path;
    std::string authorization;
    json body;
  };

  ProviderStub() {
    server_.Post(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      requests_.push_back({request.path, request.get_header_value("Authorization"),
                           json::parse(request.body, nullptr, false)});
      Answer(request.path, response);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ProviderStub() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void set_mode(Mode mode) { mode_ = mode; }
  std::vector<Request> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void Answer(const std::string& path, httplib::Response& response) {
    const std::string id = std::to_string(requests_.size());
    const bool whatsapp = path.find("/messages") != std::string::npos;
    switch (mode_.load()) {
      case Mode::kOk:
        response.set_content(
            whatsapp ? json{{"messaging_product", "whatsapp"},
                            {"contacts", {{{"input", "x"}, {"wa_id", "5511987654321"}}}},
                            {"messages", {{{"id", "wamid.TESTE" + id}}}}}
                           .dump()
                     : json{{"id", "sms-" + id}, {"status", "queued"}}.dump(),
            "application/json");
        return;
      case Mode::kServerError:
        response.status = 503;
        response.set_content(R"({"error":"indisponível"})", "application/json");
        return;
      case Mode::kClientError:
        response.status = 400;
        response.set_content(
            whatsapp
                ? R"({"error":{"message":"Recipient is not a valid WhatsApp user","type":"OAuthException","code":131026,"fbtrace_id":"A1"}})"
                : R"({"error":"invalid number"})",
            "application/json");
        return;
      case Mode::kGarbage:
        response.set_content("<html>oops</html>", "text/html");
        return;
    }
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Request> requests_;
  std::atomic<Mode> mode_{Mode::kOk};
};

std::string Signature(const std::string& body, const std::string& secret) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

json WhatsappStatus(const std::string& wamid, const std::string& status) {
  return {{"object", "whatsapp_business_account"},
          {"entry",
           {{{"id", "WABA"},
             {"changes",
              {{{"field", "messages"},
                {"value",
                 {{"messaging_product", "whatsapp"},
                  {"metadata", {{"phone_number_id", "1234567890"}}},
                  {"statuses",
                   {{{"id", wamid},
                     {"status", status},
                     {"timestamp", "1795446000"},
                     {"recipient_id", "5511987654321"}}}}}}}}}}}}};
}

json WhatsappReply(const std::string& from, const std::string& text) {
  return {{"object", "whatsapp_business_account"},
          {"entry",
           {{{"id", "WABA"},
             {"changes",
              {{{"field", "messages"},
                {"value",
                 {{"messaging_product", "whatsapp"},
                  {"metadata", {{"phone_number_id", "1234567890"}}},
                  {"messages",
                   {{{"from", from},
                     {"id", "wamid.IN1"},
                     {"timestamp", "1795446000"},
                     {"type", "text"},
                     {"text", {{"body", text}}}}}}}}}}}}}}};
}

class ApiMessagingTest : public ApiSuite {
 protected:
  void SetUp() override {
    clock_.Set(std::chrono::sys_days{std::chrono::year{2026} / 9 / 15} + std::chrono::hours{13});
    StartApi();
    stores::StoreDraft draft;
    draft.address = {"Rua Direita", "10", "", "Centro", "São Paulo", "SP", "01001000"};
    store_ = AddStore("Loja Exemplo", "11.222.333/0001-81", "dono@a.com.br", draft);
    AddUser(*store_, "cobra@a.com.br", "collector");
    owner_.emplace(SignedIn("dono@a.com.br"));
    customer_ = Register();
    ASSERT_EQ(owner_
                  ->Put("/api/v1/customers/" + customer_ + "/credit-limit",
                        {{"credit_limit_cents", 500000}, {"reason", "bom histórico"}})
                  .status,
              200);
    // Three installments due 10/10, 10/11 and 10/12/2026.
    json sale = {{"customer_id", customer_},  {"description", "Geladeira"},
                 {"price_cents", 90000},      {"installment_count", 3},
                 {"sale_date", "2026-09-10"}, {"first_due_date", "2026-10-10"}};
    ASSERT_EQ(owner_->PostWithKey("/api/v1/sales", sale, "venda-1").status, 201);
    SetNow(kMonday9am);
  }
  // The program first: its senders close their kept-alive connections, so the stubs stop
  // at once instead of waiting out the keep-alive.
  void TearDown() override { api_.reset(); }

  // Monday 23/11/2026, 09:00 in São Paulo: the first two installments are late.
  static constexpr auto kMonday9am =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + std::chrono::hours{12};

  void SetNow(core::Instant now) {
    clock_.Set(now);
    owner_.emplace(SignedIn("dono@a.com.br"));
  }

  std::string Register() {
    Reply reply =
        owner_->Post("/api/v1/customers",
                     {{"cpf", std::string("529982247") + core::CpfCheckDigits("529982247")},
                      {"full_name", "Maria José da Silva"},
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
                        {{"channel", "sms"}, {"granted", true}, {"source", "in_store_form"}},
                        {{"channel", "email"}, {"granted", true}, {"source", "in_store_form"}}}}});
    EXPECT_EQ(reply.status, 201) << reply.body.dump();
    return reply.body["id"];
  }

  // The shop's only régua: one step ten days after the due date.
  void UsePolicy(collection::StepAction action, const std::string& template_key) {
    collection::Policy policy;
    policy.name = "Teste";
    policy.priority = 1;
    policy.steps = {{"d+10", 10, action, template_key, {}, {}}};
    auto saved = api_->wiring().collection().SavePolicy({store_->id, "cli"}, policy);
    ASSERT_TRUE(saved) << saved.error().message_pt;
  }

  json Settings() { return owner_->Get("/api/v1/messaging/settings").body["settings"]; }

  void Configure(const json& channels) {
    json body = channels;
    body["version"] = Settings()["version"];
    Reply saved = owner_->Put("/api/v1/messaging/settings", body);
    ASSERT_EQ(saved.status, 200) << saved.body.dump();
  }

  json WhatsappSettings() {
    return {{"enabled", true},
            {"api_base_url", whatsapp_.url() + "/v20.0"},
            {"phone_number_id", "1234567890"},
            {"access_token", "EAAG-token"},
            {"app_secret", kAppSecret},
            {"verify_token", "verifica"}};
  }

  json SmsSettings() {
    return {{"enabled", true},
            {"url", sms_.url() + "/sms"},
            {"auth_header", "Authorization: Bearer sms-key"},
            {"callback_token", kSmsToken}};
  }

  // The régua's day, then one tick of the worker.
  void RunDay() {
    Reply run = owner_->Post("/api/v1/collection/runs", json::object());
    ASSERT_EQ(run.status, 200) << run.body.dump();
  }
  messaging::TickCounts Tick() { return api_->wiring().outbox().RunOnce(); }

  std::vector<json> Messages(const std::string& query = "") {
    Reply reply = owner_->Get("/api/v1/messages" + query);
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body["messages"].get<std::vector<json>>();
  }
  json Only(const std::string& query = "") {
    const auto messages = Messages(query);
    EXPECT_EQ(messages.size(), 1u) << json(messages).dump(1);
    return messages.empty() ? json::object() : messages.front();
  }
  json Detail(const std::string& id) { return owner_->Get("/api/v1/messages/" + id).body; }

  Reply Hook(const std::string& path, const std::string& body, const httplib::Headers& headers) {
    ApiClient anonymous = api_->Client();
    return anonymous.Send("POST", path, body, "application/json", headers);
  }
  Reply WhatsappHook(const json& body, const std::string& secret = kAppSecret) {
    const std::string text = body.dump();
    return Hook("/webhooks/whatsapp/" + store_->id.str(), text,
                {{"X-Hub-Signature-256", Signature(text, secret)}});
  }

  bool ConsentOf(const std::string& channel) {
    const json customer = owner_->Get("/api/v1/customers/" + customer_).body;
    for (const json& consent : customer["consents"]) {
      if (consent["channel"] == channel) return consent["granted"];
    }
    return false;
  }

  ProviderStub whatsapp_;
  ProviderStub sms_;
  std::optional<stores::Store> store_;
  std::optional<ApiClient> owner_;
  std::string customer_;
};

TEST_P(ApiMessagingTest, WhatsappGoesThroughTheCloudApiAndItsStatusesComeBackSigned) {
  Configure({{"whatsapp", WhatsappSettings()}});
  UsePolicy(collection::StepAction::kWhatsapp, "whatsapp-d15");
  RunDay();
  EXPECT_EQ(Only()["status"], "queued");
  EXPECT_EQ(Tick().sent, 1);
  const auto requests = whatsapp_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v20.0/1234567890/messages");
  EXPECT_EQ(requests[0].authorization, "Bearer EAAG-token");
  const json& body = requests[0].body;
  EXPECT_EQ(body["messaging_product"], "whatsapp");
  EXPECT_EQ(body["to"], "5511987654321");
  EXPECT_EQ(body["type"], "template");
  EXPECT_EQ(body["template"]["name"], "whatsapp-d15");
  EXPECT_EQ(body["template"]["language"]["code"], "pt_BR");
  const json& parameters = body["template"]["components"][0]["parameters"];
  // The variables in the order they first appear in the text: primeiro_nome, loja_nome,
  // valor_em_aberto, vencimentos, pix_copia_e_cola, then the shop's address and CNPJ.
  ASSERT_EQ(parameters.size(), 7u) << body.dump(1);
  EXPECT_EQ(parameters[0]["text"], "Maria");
  EXPECT_EQ(parameters[1]["text"], "Loja Exemplo");
  EXPECT_THAT(parameters[2]["text"].get<std::string>(), ::testing::StartsWith("R$ "));
  EXPECT_EQ(parameters[6]["text"], "11.222.333/0001-81");
  json sent = Only();
  EXPECT_EQ(body["biz_opaque_callback_data"], sent["id"]);
  EXPECT_EQ(sent["status"], "sent");
  EXPECT_EQ(sent["provider_id"], "wamid.TESTE1");
  EXPECT_NE(sent["body"].get<std::string>().find("Loja Exemplo"), std::string::npos);
  // Statuses: a bad signature is refused; delivered then read move it on; an unknown id is
  // recorded; a late "delivered" after "read" does not move it back.
  EXPECT_EQ(WhatsappHook(WhatsappStatus("wamid.TESTE1", "delivered"), "outro").status, 401);
  EXPECT_EQ(Only()["status"], "sent");
  EXPECT_EQ(WhatsappHook(WhatsappStatus("wamid.TESTE1", "delivered")).status, 200);
  EXPECT_EQ(WhatsappHook(WhatsappStatus("wamid.TESTE1", "read")).status, 200);
  EXPECT_EQ(WhatsappHook(WhatsappStatus("wamid.TESTE1", "delivered")).status, 200);
  Reply unknown = WhatsappHook(WhatsappStatus("wamid.NAOEXISTE", "delivered"));
  EXPECT_EQ(unknown.body["unknown"], 1);
  EXPECT_EQ(Hook("/webhooks/whatsapp/" + store_->id.str(), "{lixo",
                 {{"X-Hub-Signature-256", Signature("{lixo", kAppSecret)}})
                .status,
            422);
  const json detail = Detail(sent["id"]);
  EXPECT_EQ(detail["status"], "read");
  std::vector<std::string> timeline;
  for (const json& event : detail["events"]) timeline.push_back(event["status"]);
  EXPECT_THAT(timeline, ::testing::ElementsAre("queued", "sent", "delivered", "read"));
  std::vector<std::string> outcomes;
  const Reply inbound = owner_->Get("/api/v1/messaging/inbound");
  ASSERT_EQ(inbound.status, 200) << inbound.body.dump();
  for (const json& record : inbound.body["inbound"]) {
    outcomes.push_back(record["outcome"]);
  }
  EXPECT_THAT(outcomes,
              ::testing::IsSupersetOf({"rejected", "unknown_message", "applied", "ignored"}));
}

TEST_P(ApiMessagingTest, AStopReplyWithdrawsConsentAtOnceAndIsConfirmed) {
  Configure({{"whatsapp", WhatsappSettings()}});
  Reply reply = WhatsappHook(WhatsappReply("5511987654321", "PARAR"));
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.body["opt_outs"], 1);
  EXPECT_FALSE(ConsentOf("whatsapp"));
  EXPECT_TRUE(ConsentOf("sms"));
  EXPECT_EQ(Tick().sent, 1);  // the confirmation, free text inside the 24-hour window
  const auto requests = whatsapp_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body["type"], "text");
  EXPECT_THAT(requests[0].body["text"]["body"].get<std::string>(),
              ::testing::HasSubstr("Você não receberá mais mensagens de cobrança da Loja Exemplo"));
  // The régua no longer writes to her on WhatsApp.
  UsePolicy(collection::StepAction::kWhatsapp, "whatsapp-d15");
  RunDay();
  EXPECT_EQ(Messages().size(), 1u);  // the confirmation only: no consent, no action
  Tick();
  EXPECT_EQ(whatsapp_.requests().size(), 1u);
}

TEST_P(ApiMessagingTest, SmsReceiptsNeedTheTokenAndAStopReplyOptsOut) {
  Configure({{"sms", SmsSettings()}});
  UsePolicy(collection::StepAction::kSms, "sms-lembrete");
  RunDay();
  EXPECT_EQ(Tick().sent, 1);
  const auto requests = sms_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/sms");
  EXPECT_EQ(requests[0].authorization, "Bearer sms-key");
  EXPECT_EQ(requests[0].body["to"], "5511987654321");
  const json sent = Only();
  EXPECT_EQ(requests[0].body["reference"], sent["id"]);
  EXPECT_EQ(requests[0].body["message"], sent["body"]);
  const std::string hook = "/webhooks/sms/" + store_->id.str();
  const std::string receipt = json{{"id", sent["provider_id"]}, {"status", "DELIVRD"}}.dump();
  EXPECT_EQ(Hook(hook + "?token=errado", receipt, {}).status, 401);
  EXPECT_EQ(Hook(hook + "?token=" + kSmsToken, receipt, {}).status, 200);
  EXPECT_EQ(Only()["status"], "delivered");
  EXPECT_EQ(Hook(hook + "?token=" + kSmsToken, "não é json", {}).status, 422);
  Reply stop = Hook(hook + "?token=" + kSmsToken,
                    json{{"from", "5511987654321"}, {"text", "Sair"}}.dump(), {});
  EXPECT_EQ(stop.body["opt_outs"], 1);
  EXPECT_FALSE(ConsentOf("sms"));
  EXPECT_TRUE(ConsentOf("whatsapp"));
}

TEST_P(ApiMessagingTest, TransientFailuresBackOffThenFailAndAPersonResends) {
  json sms = SmsSettings();
  Configure({{"sms", sms}, {"max_attempts", 2}});
  UsePolicy(collection::StepAction::kSms, "sms-lembrete");
  RunDay();
  sms_.set_mode(ProviderStub::Mode::kServerError);
  EXPECT_EQ(Tick().retried, 1);
  json queued = Only();
  EXPECT_EQ(queued["status"], "queued");
  EXPECT_EQ(queued["attempts"], 1);
  EXPECT_GE(queued["next_attempt_at"].get<std::string>(), "2026-11-23T12:00:30Z");
  EXPECT_THAT(queued["last_error"].get<std::string>(), ::testing::HasSubstr("503"));
  // No retry storm: nothing is due again before the backoff ends.
  EXPECT_EQ(Tick().claimed, 0);
  EXPECT_EQ(sms_.requests().size(), 1u);
  SetNow(kMonday9am + std::chrono::minutes(1));
  EXPECT_EQ(Tick().failed, 1);
  json failed = Only("?status=failed,uncertain");
  EXPECT_THAT(failed["last_error"].get<std::string>(),
              ::testing::HasSubstr("tentativas esgotadas"));
  EXPECT_EQ(sms_.requests().size(), 2u);
  // A collector resends it from the dead-letter list; the provider is back.
  ApiClient collector = SignedIn("cobra@a.com.br");
  sms_.set_mode(ProviderStub::Mode::kOk);
  Reply resent = collector.Post("/api/v1/messages/" + failed["id"].get<std::string>() + "/resend",
                                json::object());
  ASSERT_EQ(resent.status, 200) << resent.body.dump();
  EXPECT_EQ(resent.body["status"], "queued");
  EXPECT_EQ(Tick().sent, 1);
  EXPECT_EQ(Only()["status"], "sent");
  // A sent message is not resent.
  EXPECT_EQ(
      collector
          .Post("/api/v1/messages/" + failed["id"].get<std::string>() + "/resend", json::object())
          .status,
      409);
}

TEST_P(ApiMessagingTest, PermanentFailuresAndGarbageAreRecordedWithoutRetry) {
  Configure({{"whatsapp", WhatsappSettings()}});
  UsePolicy(collection::StepAction::kWhatsapp, "whatsapp-d15");
  RunDay();
  whatsapp_.set_mode(ProviderStub::Mode::kClientError);
  EXPECT_EQ(Tick().failed, 1);
  json failed = Only();
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_THAT(failed["last_error"].get<std::string>(), ::testing::HasSubstr("131026"));
  SetNow(kMonday9am + std::chrono::hours(1));
  EXPECT_EQ(Tick().claimed, 0);
  EXPECT_EQ(whatsapp_.requests().size(), 1u);
  // Garbage on a 2xx is not retried either: the message may have gone out.
  whatsapp_.set_mode(ProviderStub::Mode::kGarbage);
  ASSERT_EQ(
      owner_
          ->Post("/api/v1/messages/" + failed["id"].get<std::string>() + "/resend", json::object())
          .status,
      200);
  EXPECT_EQ(Tick().failed, 1);
  EXPECT_THAT(Only()["last_error"].get<std::string>(), ::testing::HasSubstr("inválida"));
  EXPECT_EQ(whatsapp_.requests().size(), 2u);
}

TEST_P(ApiMessagingTest, APaymentPostedBetweenDecisionAndSendingCancelsTheMessage) {
  Configure({{"sms", SmsSettings()}});
  UsePolicy(collection::StepAction::kSms, "sms-lembrete");
  RunDay();
  ASSERT_EQ(Only()["status"], "queued");
  Reply paid = owner_->PostWithKey("/api/v1/customers/" + customer_ + "/payments",
                                   {{"amount_cents", 70000}, {"method", "pix"}}, "pag-1");
  ASSERT_EQ(paid.status, 201) << paid.body.dump();
  EXPECT_EQ(Tick().cancelled, 1);
  json cancelled = Only();
  EXPECT_EQ(cancelled["status"], "cancelled");
  EXPECT_THAT(cancelled["last_error"].get<std::string>(), ::testing::HasSubstr("pagas"));
  EXPECT_EQ(sms_.requests().size(), 0u);
}

TEST_P(ApiMessagingTest, OutsideTheContactHoursTheMessageWaitsForTheNextAllowedMoment) {
  Configure({{"sms", SmsSettings()}});
  UsePolicy(collection::StepAction::kSms, "sms-lembrete");
  RunDay();
  SetNow(kMonday9am + std::chrono::hours(12));  // 21:00 in São Paulo
  EXPECT_EQ(Tick().deferred, 1);
  json waiting = Only();
  EXPECT_EQ(waiting["status"], "queued");
  EXPECT_EQ(waiting["attempts"], 0);
  EXPECT_EQ(waiting["next_attempt_at"], "2026-11-24T11:00:00Z");  // Tuesday 08:00
  EXPECT_EQ(sms_.requests().size(), 0u);
  SetNow(std::chrono::sys_days{std::chrono::year{2026} / 11 / 24} + std::chrono::hours{11});
  EXPECT_EQ(Tick().sent, 1);
}

TEST_P(ApiMessagingTest, EmailGoesOverSmtpWithTextHtmlAndAOneClickOptOut) {
  SmtpServer smtp;
  Configure({{"email",
              {{"enabled", true},
               {"smtp_url", smtp.url()},
               {"starttls", false},
               {"from_address", "cobranca@loja.com.br"},
               {"from_name", "Loja Exemplo"}}}});
  UsePolicy(collection::StepAction::kEmail, "email-d1");
  RunDay();
  EXPECT_EQ(Tick().sent, 1);
  const auto received = smtp.WaitForMessages(1);
  ASSERT_EQ(received.size(), 1u);
  const json& mail = received[0];
  EXPECT_THAT(mail["rcpt_tos"].dump(), ::testing::HasSubstr("maria@exemplo.com.br"));
  EXPECT_THAT(mail["headers"]["Subject"].get<std::string>(),
              ::testing::HasSubstr("Loja Exemplo: lembrete de parcela em aberto"));
  EXPECT_THAT(mail["text"].get<std::string>(), ::testing::HasSubstr("Olá, Maria"));
  EXPECT_THAT(mail["html"].get<std::string>(), ::testing::HasSubstr("<p>Olá, Maria,</p>"));
  // The updated slips of the two late installments, as a PDF.
  ASSERT_EQ(mail["attachments"].size(), 1u) << mail.dump(1).substr(0, 2000);
  EXPECT_EQ(mail["attachments"][0]["content_type"], "application/pdf");
  EXPECT_THAT(mail["attachments"][0]["filename"].get<std::string>(), ::testing::EndsWith(".pdf"));
  EXPECT_EQ(mail["attachments"][0]["data_base64"].get<std::string>().substr(0, 8), "JVBERi0x");
  const std::string unsubscribe = mail["headers"]["List-Unsubscribe"];
  EXPECT_EQ(mail["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  const std::size_t at = unsubscribe.find("/u/");
  ASSERT_NE(at, std::string::npos) << unsubscribe;
  const std::string path = unsubscribe.substr(at, unsubscribe.find('>') - at);
  ApiClient anonymous = api_->Client();
  EXPECT_EQ(anonymous.Send("GET", path, "").status, 200);  // a page asking for the click
  EXPECT_TRUE(ConsentOf("email"));
  Reply done = anonymous.Send("POST", path, "List-Unsubscribe=One-Click",
                              "application/x-www-form-urlencoded");
  EXPECT_EQ(done.status, 200);
  EXPECT_FALSE(ConsentOf("email"));
  EXPECT_EQ(anonymous.Send("POST", "/u/naoexiste", "", "text/plain").status, 404);
}

TEST_P(ApiMessagingTest, WithoutAWhatsappAccountACollectorSendsByClickToChat) {
  UsePolicy(collection::StepAction::kWhatsapp, "whatsapp-d15");
  RunDay();
  EXPECT_EQ(Tick().manual, 1);
  const json manual = Only("?status=manual");
  EXPECT_THAT(manual["click_to_chat_url"].get<std::string>(),
              ::testing::StartsWith("https://wa.me/5511987654321?text=Ol%C3%A1%2C%20Maria"));
  ApiClient collector = SignedIn("cobra@a.com.br");
  Reply sent = collector.Post(
      "/api/v1/messages/" + manual["id"].get<std::string>() + "/sent-by-hand", json::object());
  ASSERT_EQ(sent.status, 200) << sent.body.dump();
  EXPECT_EQ(sent.body["status"], "sent");
  EXPECT_EQ(sent.body["sent_by"], "Pessoa collector");
  const json history = owner_->Get("/api/v1/customers/" + customer_ + "/messages").body;
  ASSERT_EQ(history["messages"].size(), 1u);
  EXPECT_EQ(history["messages"][0]["events"].back()["detail"],
            "enviada por Pessoa collector pelo link do WhatsApp");
}

TEST_P(ApiMessagingTest, TheOwnerSendsATestAndSeesTheResult) {
  SmtpServer smtp;
  Configure({{"email",
              {{"enabled", true},
               {"smtp_url", smtp.url()},
               {"starttls", false},
               {"from_address", "cobranca@loja.com.br"}}},
             {"sms", SmsSettings()}});
  Reply email =
      owner_->Post("/api/v1/messaging/test", {{"channel", "email"}, {"to", "dono@a.com.br"}});
  ASSERT_EQ(email.status, 200) << email.body.dump();
  EXPECT_EQ(email.body["status"], "sent");
  EXPECT_EQ(smtp.WaitForMessages(1).size(), 1u);
  Reply refused =
      owner_->Post("/api/v1/messaging/test", {{"channel", "email"}, {"to", "recusa@a.com.br"}});
  EXPECT_EQ(refused.body["status"], "failed");
  EXPECT_THAT(refused.body["last_error"].get<std::string>(), ::testing::HasSubstr("550"));
  Reply landline =
      owner_->Post("/api/v1/messaging/test", {{"channel", "sms"}, {"to", "(11) 3456-7890"}});
  EXPECT_EQ(landline.body["status"], "failed");
  EXPECT_THAT(landline.body["last_error"].get<std::string>(), ::testing::HasSubstr("celular"));
  EXPECT_EQ(sms_.requests().size(), 0u);
  Reply bad = owner_->Post("/api/v1/messaging/test", {{"channel", "sms"}, {"to", "123"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body["errors"][0]["field"], "to");
  ApiClient collector = SignedIn("cobra@a.com.br");
  EXPECT_EQ(
      collector.Post("/api/v1/messaging/test", {{"channel", "sms"}, {"to", "11987654321"}}).status,
      403);
}

TEST_P(ApiMessagingTest, SettingsAreCheckedAndSecretsAreNeverShown) {
  Reply bad = owner_->Put("/api/v1/messaging/settings",
                          {{"version", 0},
                           {"email", {{"enabled", true}, {"smtp_url", "mail.loja"}}},
                           {"whatsapp", {{"enabled", true}}}});
  ASSERT_EQ(bad.status, 422) << bad.body.dump();
  std::vector<std::string> fields;
  for (const json& error : bad.body["errors"]) fields.push_back(error["field"]);
  EXPECT_THAT(fields,
              ::testing::IsSupersetOf({"email.smtp_url", "email.from_address",
                                       "whatsapp.phone_number_id", "whatsapp.access_token"}));
  EXPECT_EQ(Settings()["version"], 0);  // nothing saved
  Configure({{"whatsapp", WhatsappSettings()}});
  Reply shown = owner_->Get("/api/v1/messaging/settings");
  EXPECT_EQ(shown.body.dump().find("EAAG-token"), std::string::npos);
  EXPECT_EQ(shown.body.dump().find(kAppSecret), std::string::npos);
  EXPECT_TRUE(shown.body["settings"]["whatsapp"]["access_token_set"].get<bool>());
  EXPECT_THAT(shown.body["webhooks"]["whatsapp"].get<std::string>(),
              ::testing::EndsWith("/webhooks/whatsapp/" + store_->id.str()));
  // Saved again without the secrets: they are kept.
  json again = shown.body["settings"];
  again["whatsapp"]["phone_number_id"] = "999";
  Reply kept = owner_->Put("/api/v1/messaging/settings", again);
  ASSERT_EQ(kept.status, 200) << kept.body.dump();
  EXPECT_TRUE(kept.body["settings"]["whatsapp"]["app_secret_set"].get<bool>());
  EXPECT_EQ(owner_->Put("/api/v1/messaging/settings", again).status, 409);  // stale version
  // Meta's handshake uses the verify token.
  ApiClient anonymous = api_->Client();
  const std::string verify = "/webhooks/whatsapp/" + store_->id.str() +
                             "?hub.mode=subscribe&hub.challenge=42&hub.verify_token=";
  EXPECT_EQ(anonymous.Send("GET", verify + "errado", "").status, 403);
  Reply handshake = anonymous.Send("GET", verify + "verifica", "");
  EXPECT_EQ(handshake.status, 200);
  EXPECT_EQ(handshake.body, 42);
  ApiClient collector = SignedIn("cobra@a.com.br");
  EXPECT_EQ(collector.Get("/api/v1/messaging/settings").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiMessagingTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgresql),
                         EngineTestName);

}  // namespace
}  // namespace fiado::testing
