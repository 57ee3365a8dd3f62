#include <gtest/gtest.h>
#include <sodium.h>

#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "messaging/providers/providers.h"
#include "messaging/providers/stub_http_server.h"
#include "support/smtp_server.h"

namespace fiado::messaging::providers {
namespace {

using fiado::testing::SmtpServer;
using fiado::testing::SmtpServerOptions;
using nlohmann::json;

EmailSettings SettingsFor(const SmtpServer& server) {
  EmailSettings settings;
  settings.enabled = true;
  settings.smtp_url = server.url();
  settings.starttls = false;
  settings.from_address = "cobranca@loja.com.br";
  settings.from_name = "Loja Conceição";
  settings.verify_tls = false;
  settings.timeout_ms = 5'000;
  return settings;
}

std::string PdfBytes() {
  std::string bytes = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  for (int i = 0; i < 3'000; ++i) bytes.push_back(static_cast<char>(i % 256));
  bytes += "\n%%EOF\n";
  return bytes;
}

Outgoing Reminder(std::string to = "ana@example.com") {
  Outgoing message;
  message.message_id = "msg-0007";
  message.channel = Channel::kEmail;
  message.to = std::move(to);
  message.to_name = "Ana Luíza";
  message.subject = "Lembrete: sua parcela de R$ 150,00 vence amanhã — Loja Conceição, São Paulo";
  message.text =
      "Olá Ana,\n\nsua parcela de R$ 150,00 vence amanhã (22/11/2026). Uma linha bem comprida "
      "para que o quoted-printable precise quebrá-la em mais de uma linha sem perder nada: "
      "ação, coração, pão, maçã.\n";
  message.html = "<p>Olá <b>Ana</b>,</p><p>sua parcela de R$ 150,00 vence amanhã.</p>";
  message.attachments.push_back(
      Attachment{.filename = "carne.pdf", .content_type = "application/pdf", .data = PdfBytes()});
  message.unsubscribe_url = "https://fiado.example/u/tok-123";
  return message;
}

std::string WithoutCr(std::string text) {
  std::erase(text, '\r');
  return text;
}

std::string Base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();
  return out;
}

TEST(SmtpSenderTest, SendsTextHtmlAndAttachmentWithAuth) {
  SmtpServer server(SmtpServerOptions{.username = "loja", .password = "segredo"});
  EmailSettings settings = SettingsFor(server);
  settings.username = "loja";
  settings.password = "segredo";
  settings.reply_to = "financeiro@loja.com.br";
  auto sender = MakeSmtpSender(settings);
  const Outgoing message = Reminder();

  const SendResult result = sender->Send(message);

  ASSERT_EQ(result.outcome, Outcome::kSent) << result.reason;
  EXPECT_EQ(result.provider_id, "<msg-0007@fiado>");
  const json mail = server.WaitForMessages(1).at(0);
  EXPECT_EQ(mail["mail_from"], "cobranca@loja.com.br");
  EXPECT_EQ(mail["rcpt_tos"], json::array({"ana@example.com"}));
  EXPECT_EQ(mail["login"], "loja");
  EXPECT_EQ(mail["tls"], false);
  const json& headers = mail["headers"];
  EXPECT_EQ(headers["From"], "Loja Conceição <cobranca@loja.com.br>");
  EXPECT_EQ(headers["To"], "Ana Luíza <ana@example.com>");
  EXPECT_EQ(headers["Subject"], message.subject);
  EXPECT_EQ(headers["Message-ID"], "<msg-0007@fiado>");
  EXPECT_EQ(headers["Reply-To"], "financeiro@loja.com.br");
  EXPECT_EQ(headers["List-Unsubscribe"], "<https://fiado.example/u/tok-123>");
  EXPECT_EQ(headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  EXPECT_TRUE(std::regex_match(
      headers.value("Date", ""),
      std::regex(R"([A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000)")))
      << headers.dump();
  EXPECT_EQ(WithoutCr(mail["text"]), message.text);
  EXPECT_EQ(WithoutCr(mail["html"]), message.html);
  ASSERT_EQ(mail["attachments"].size(), 1U);
  EXPECT_EQ(mail["attachments"][0]["filename"], "carne.pdf");
  EXPECT_EQ(mail["attachments"][0]["content_type"], "application/pdf");
  EXPECT_EQ(mail["attachments"][0]["data_base64"], Base64(PdfBytes()));
  // The raw message: subject in RFC 2047, parts quoted-printable, no 8-bit header.
  const std::string raw = mail["raw"];
  EXPECT_NE(raw.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(raw.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
  EXPECT_NE(raw.find("multipart/alternative"), std::string::npos);
}

TEST(SmtpSenderTest, ATextOnlyMessageWithoutNames) {
  SmtpServer server;
  EmailSettings settings = SettingsFor(server);
  settings.from_name.clear();
  auto sender = MakeSmtpSender(settings);
  Outgoing message = Reminder();
  message.to_name.clear();
  message.subject = "Lembrete";
  message.html.clear();
  message.attachments.clear();
  message.unsubscribe_url.clear();

  ASSERT_EQ(sender->Send(message).outcome, Outcome::kSent);

  const json mail = server.WaitForMessages(1).at(0);
  EXPECT_EQ(mail["headers"]["From"], "cobranca@loja.com.br");
  EXPECT_EQ(mail["headers"]["To"], "ana@example.com");
  EXPECT_EQ(mail["headers"]["Subject"], "Lembrete");
  EXPECT_FALSE(mail["headers"].contains("List-Unsubscribe"));
  EXPECT_TRUE(mail["html"].is_null());
  EXPECT_EQ(WithoutCr(mail["text"]), message.text);
  EXPECT_TRUE(mail["attachments"].empty());
}

TEST(SmtpSenderTest, StartTlsWithAuth) {
  SmtpServer server(SmtpServerOptions{
      .tls = SmtpServerOptions::Tls::kStartTls, .username = "loja", .password = "segredo"});
  EmailSettings settings = SettingsFor(server);
  settings.starttls = true;
  settings.username = "loja";
  settings.password = "segredo";
  auto sender = MakeSmtpSender(settings);

  const SendResult result = sender->Send(Reminder());

  ASSERT_EQ(result.outcome, Outcome::kSent) << result.reason;
  const json mail = server.WaitForMessages(1).at(0);
  EXPECT_EQ(mail["tls"], true);
  EXPECT_EQ(mail["login"], "loja");
}

TEST(SmtpSenderTest, StartTlsChecksTheCertificateUnlessToldNotTo) {
  SmtpServer server(SmtpServerOptions{.tls = SmtpServerOptions::Tls::kStartTls});
  EmailSettings settings = SettingsFor(server);
  settings.starttls = true;
  settings.verify_tls = true;  // the server's certificate is self-signed
  auto sender = MakeSmtpSender(settings);

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_NE(result.reason.find("certificado"), std::string::npos) << result.reason;
  EXPECT_TRUE(server.Messages().empty());
}

TEST(SmtpSenderTest, RequiredStartTlsIsNeverSkipped) {
  SmtpServer server;  // offers no STARTTLS
  EmailSettings settings = SettingsFor(server);
  settings.starttls = true;
  auto sender = MakeSmtpSender(settings);

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_NE(result.reason.find("STARTTLS"), std::string::npos) << result.reason;
  EXPECT_TRUE(server.Messages().empty());
}

TEST(SmtpSenderTest, ImplicitTls) {
  SmtpServer server(SmtpServerOptions{
      .tls = SmtpServerOptions::Tls::kImplicit, .username = "loja", .password = "segredo"});
  EmailSettings settings = SettingsFor(server);
  settings.username = "loja";
  settings.password = "segredo";
  ASSERT_EQ(settings.smtp_url.rfind("smtps://", 0), 0U);
  auto sender = MakeSmtpSender(settings);

  const SendResult result = sender->Send(Reminder());

  ASSERT_EQ(result.outcome, Outcome::kSent) << result.reason;
  EXPECT_EQ(server.WaitForMessages(1).at(0)["tls"], true);
}

TEST(SmtpSenderTest, ARefusedRecipientIsPermanentAndTheSenderGoesOn) {
  SmtpServer server;
  auto sender = MakeSmtpSender(SettingsFor(server));

  const SendResult refused = sender->Send(Reminder("recusa@example.com"));
  const SendResult next = sender->Send(Reminder("bia@example.com"));
  const SendResult again = sender->Send(Reminder("caio@example.com"));

  EXPECT_EQ(refused.outcome, Outcome::kPermanent);
  EXPECT_NE(refused.reason.find("o servidor de e-mail recusou o destinatário (550)"),
            std::string::npos)
      << refused.reason;
  EXPECT_NE(refused.reason.find("destinatario recusado"), std::string::npos) << refused.reason;
  EXPECT_EQ(next.outcome, Outcome::kSent) << next.reason;
  EXPECT_EQ(again.outcome, Outcome::kSent) << again.reason;
  const auto mails = server.WaitForMessages(2);
  ASSERT_EQ(mails.size(), 2U);
  EXPECT_EQ(mails[0]["rcpt_tos"], json::array({"bia@example.com"}));
  EXPECT_EQ(mails[1]["rcpt_tos"], json::array({"caio@example.com"}));
}

TEST(SmtpSenderTest, ATemporaryRefusalIsTransient) {
  SmtpServer server;
  auto sender = MakeSmtpSender(SettingsFor(server));

  const SendResult result = sender->Send(Reminder("tempfalha@example.com"));

  EXPECT_EQ(result.outcome, Outcome::kTransient);
  EXPECT_NE(result.reason.find("451"), std::string::npos) << result.reason;
}

TEST(SmtpSenderTest, AServerThatIsDownIsTransient) {
  EmailSettings settings;
  settings.enabled = true;
  settings.smtp_url = "smtp://127.0.0.1:" + std::to_string(testing::ClosedPort());
  settings.starttls = false;
  settings.from_address = "cobranca@loja.com.br";
  auto sender = MakeSmtpSender(settings);

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kTransient);
  EXPECT_FALSE(result.reason.empty());
}

TEST(SmtpSenderTest, AWrongPasswordIsPermanent) {
  SmtpServer server(SmtpServerOptions{.username = "loja", .password = "segredo"});
  EmailSettings settings = SettingsFor(server);
  settings.username = "loja";
  settings.password = "errada";
  auto sender = MakeSmtpSender(settings);

  const SendResult result = sender->Send(Reminder());

  EXPECT_EQ(result.outcome, Outcome::kPermanent);
  EXPECT_EQ(result.reason.rfind("usuário ou senha do SMTP recusados", 0), 0U) << result.reason;
  EXPECT_TRUE(server.Messages().empty());
}

}  // namespace
}  // namespace fiado::messaging::providers
