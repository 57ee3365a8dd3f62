#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <string>

#include "messaging/providers/providers.h"

namespace fiado::messaging::providers {
namespace {

core::Instant At(long long unix_seconds) {
  return core::Instant{std::chrono::seconds{unix_seconds}};
}

// "sha256=" + hex HMAC-SHA256, computed here with libsodium's one-shot API (32-byte key).
std::string Signature(const std::string& key32, const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                         reinterpret_cast<const unsigned char*>(key32.data()));
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

// The same with a key of any length, through the streaming API.
std::string SignatureAnyKey(const std::string& key, const std::string& body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

const std::string kBody = R"({"object":"whatsapp_business_account","entry":[]})";

TEST(WhatsappSignatureTest, AcceptsTheRightSignature) {
  ASSERT_GE(sodium_init(), 0);
  const std::string secret32 = "0123456789abcdef0123456789abcdef";
  EXPECT_TRUE(VerifyWhatsappSignature(secret32, kBody, Signature(secret32, kBody)));
  const std::string app_secret = "6e5f0c1d2a";  // Meta's app secrets are not 32 bytes
  EXPECT_TRUE(VerifyWhatsappSignature(app_secret, kBody, SignatureAnyKey(app_secret, kBody)));
}

TEST(WhatsappSignatureTest, AcceptsUpperCaseHex) {
  const std::string secret = "segredo-do-app";
  std::string signature = SignatureAnyKey(secret, kBody);
  for (std::size_t i = 7; i < signature.size(); ++i) {
    signature[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(signature[i])));
  }
  EXPECT_TRUE(VerifyWhatsappSignature(secret, kBody, signature));
}

TEST(WhatsappSignatureTest, RefusesAWrongSignatureBodyOrSecret) {
  const std::string secret = "segredo-do-app";
  const std::string good = SignatureAnyKey(secret, kBody);
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody + " ", good));
  EXPECT_FALSE(VerifyWhatsappSignature("outro-segredo", kBody, good));
  std::string flipped = good;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody, flipped));
}

TEST(WhatsappSignatureTest, RefusesMalformedHeadersAndAnEmptySecret) {
  const std::string secret = "segredo-do-app";
  const std::string good = SignatureAnyKey(secret, kBody);
  const std::string hex = good.substr(7);
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody, ""));
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody, hex));                 // no prefix
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody, "sha1=" + hex));       // other scheme
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody, good.substr(0, 40)));  // short
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody, good + "00"));         // long
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody, "sha256=" + std::string(64, 'z')));
  EXPECT_FALSE(VerifyWhatsappSignature(secret, kBody, " " + good));
  EXPECT_FALSE(VerifyWhatsappSignature("", kBody, SignatureAnyKey("", kBody)));
}

// Shaped as Meta sends them (field values from the Cloud API documentation's examples).
constexpr const char* kStatuses = R"({
  "object": "whatsapp_business_account",
  "entry": [{
    "id": "102290129340398",
    "changes": [{
      "field": "messages",
      "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "statuses": [
          {"id": "wamid.A", "status": "sent", "timestamp": "1750263773", "recipient_id": "5511987654321",
           "biz_opaque_callback_data": "msg-1",
           "conversation": {"id": "c1", "origin": {"type": "utility"}},
           "pricing": {"billable": true, "pricing_model": "PMP", "category": "utility"}},
          {"id": "wamid.A", "status": "delivered", "timestamp": "1750263774", "recipient_id": "5511987654321"},
          {"id": "wamid.A", "status": "read", "timestamp": "1750263800", "recipient_id": "5511987654321"},
          {"id": "wamid.B", "status": "failed", "timestamp": "1750263900", "recipient_id": "5521999990000",
           "errors": [{"code": 131026, "title": "Message undeliverable",
                       "message": "Message undeliverable",
                       "error_data": {"details": "Message Undeliverable."},
                       "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]},
          {"id": "wamid.C", "status": "deleted", "timestamp": "1750263901", "recipient_id": "5521999990000"}
        ]
      }
    }, {
      "field": "account_update",
      "value": {"phone_number": "15550783881", "event": "VERIFIED_ACCOUNT"}
    }]
  }]
})";

TEST(WhatsappWebhookTest, ReadsStatuses) {
  const auto report = ParseWhatsappWebhook(kStatuses);

  ASSERT_TRUE(report.has_value()) << report.error().Describe();
  EXPECT_TRUE(report->replies.empty());
  ASSERT_EQ(report->statuses.size(), 4U);
  EXPECT_EQ(report->statuses[0].provider_id, "wamid.A");
  EXPECT_EQ(report->statuses[0].status, Status::kSent);
  EXPECT_EQ(report->statuses[0].at, At(1750263773));
  EXPECT_EQ(report->statuses[1].status, Status::kDelivered);
  EXPECT_EQ(report->statuses[2].status, Status::kRead);
  EXPECT_EQ(report->statuses[2].at, At(1750263800));
  EXPECT_TRUE(report->statuses[2].error.empty());
  EXPECT_EQ(report->statuses[3].provider_id, "wamid.B");
  EXPECT_EQ(report->statuses[3].status, Status::kFailed);
  EXPECT_NE(report->statuses[3].error.find("131026"), std::string::npos);
  EXPECT_NE(report->statuses[3].error.find("Message undeliverable"), std::string::npos)
      << report->statuses[3].error;
}

constexpr const char* kReplies = R"({
  "object": "whatsapp_business_account",
  "entry": [{
    "id": "102290129340398",
    "changes": [{
      "field": "messages",
      "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "5511987654321"}],
        "messages": [
          {"from": "5511987654321", "id": "wamid.R1", "timestamp": "1750264000", "type": "text",
           "text": {"body": "PARAR"}},
          {"from": "5511987654321", "id": "wamid.R2", "timestamp": "1750264001", "type": "button",
           "context": {"from": "15550783881", "id": "wamid.A"},
           "button": {"payload": "PARAR_PAYLOAD", "text": "Não quero mais receber"}},
          {"from": "5521999990000", "id": "wamid.R3", "timestamp": "1750264002", "type": "interactive",
           "interactive": {"type": "button_reply", "button_reply": {"id": "b1", "title": "Já paguei"}}},
          {"from": "5521999990000", "id": "wamid.R4", "timestamp": "1750264003", "type": "image",
           "image": {"mime_type": "image/jpeg", "id": "img-1"}}
        ]
      }
    }]
  }]
})";

TEST(WhatsappWebhookTest, ReadsTextButtonAndInteractiveReplies) {
  const auto report = ParseWhatsappWebhook(kReplies);

  ASSERT_TRUE(report.has_value()) << report.error().Describe();
  EXPECT_TRUE(report->statuses.empty());
  ASSERT_EQ(report->replies.size(), 3U);
  EXPECT_EQ(report->replies[0].from_e164, "+5511987654321");
  EXPECT_EQ(report->replies[0].provider_id, "wamid.R1");
  EXPECT_EQ(report->replies[0].text, "PARAR");
  EXPECT_EQ(report->replies[0].at, At(1750264000));
  EXPECT_EQ(report->replies[1].text, "Não quero mais receber");
  EXPECT_EQ(report->replies[2].from_e164, "+5521999990000");
  EXPECT_EQ(report->replies[2].text, "Já paguei");
}

TEST(WhatsappWebhookTest, RefusesWhatIsNotAWebhook) {
  for (const char* body : {"", "garbage", "[]", R"({"object":"page","entry":[]})",
                           R"({"object":"whatsapp_business_account"})",
                           R"({"object":"whatsapp_business_account","entry":{}})"}) {
    const auto report = ParseWhatsappWebhook(body);
    ASSERT_FALSE(report.has_value()) << body;
    EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_FALSE(report.error().field.empty());
    EXPECT_FALSE(report.error().message_pt.empty());
  }
}

TEST(WhatsappWebhookTest, NamesTheFieldAtFault) {
  const auto report = ParseWhatsappWebhook(
      R"({"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":)"
      R"({"statuses":[{"id":"wamid.A","status":"sent","timestamp":"ontem"}]}}]}]})");

  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().field, "entry[0].changes[0].value.statuses[0].timestamp");
}

TEST(SmsCallbackTest, ReadsAJsonReceipt) {
  const auto report = ParseSmsCallback(R"({"id":"sms-77","status":"DELIVRD"})", "application/json");

  ASSERT_TRUE(report.has_value()) << report.error().Describe();
  ASSERT_EQ(report->statuses.size(), 1U);
  EXPECT_EQ(report->statuses[0].provider_id, "sms-77");
  EXPECT_EQ(report->statuses[0].status, Status::kDelivered);
  EXPECT_TRUE(report->replies.empty());
}

TEST(SmsCallbackTest, ReadsABatch) {
  const auto report = ParseSmsCallback(
      R"([{"id":"a","status":"delivered","timestamp":1750264000},
          {"id":"b","status":"UNDELIV","error":"número inexistente"},
          {"id":"c","status":"REJECTD"},
          {"id":42,"status":"ACCEPTD"},
          {"from":"5511987654321","text":"PARAR","id":"mo-1"}])",
      "application/json; charset=utf-8");

  ASSERT_TRUE(report.has_value()) << report.error().Describe();
  ASSERT_EQ(report->statuses.size(), 4U);
  EXPECT_EQ(report->statuses[0].status, Status::kDelivered);
  EXPECT_EQ(report->statuses[0].at, At(1750264000));
  EXPECT_EQ(report->statuses[1].status, Status::kFailed);
  EXPECT_EQ(report->statuses[1].error, "número inexistente");
  EXPECT_EQ(report->statuses[2].status, Status::kFailed);
  EXPECT_EQ(report->statuses[2].error, "REJECTD");
  EXPECT_EQ(report->statuses[3].provider_id, "42");
  EXPECT_EQ(report->statuses[3].status, Status::kSent);
  ASSERT_EQ(report->replies.size(), 1U);
  EXPECT_EQ(report->replies[0].from_e164, "+5511987654321");
  EXPECT_EQ(report->replies[0].text, "PARAR");
  EXPECT_EQ(report->replies[0].provider_id, "mo-1");
}

TEST(SmsCallbackTest, ReadsAFormEncodedReply) {
  const auto report = ParseSmsCallback("from=%2B5511987654321&text=N%C3%A3o+quero+mais&id=mo-2",
                                       "application/x-www-form-urlencoded");

  ASSERT_TRUE(report.has_value()) << report.error().Describe();
  ASSERT_EQ(report->replies.size(), 1U);
  EXPECT_EQ(report->replies[0].from_e164, "+5511987654321");
  EXPECT_EQ(report->replies[0].text, "Não quero mais");
  EXPECT_EQ(report->replies[0].provider_id, "mo-2");
}

TEST(SmsCallbackTest, ReadsAFormEncodedReceipt) {
  const auto report =
      ParseSmsCallback("id=sms-9&status=EXPIRED", "application/x-www-form-urlencoded");

  ASSERT_TRUE(report.has_value()) << report.error().Describe();
  ASSERT_EQ(report->statuses.size(), 1U);
  EXPECT_EQ(report->statuses[0].status, Status::kFailed);
  EXPECT_EQ(report->statuses[0].error, "EXPIRED");
}

TEST(SmsCallbackTest, AnUnknownStatusNamesTheField) {
  const auto report = ParseSmsCallback(R"({"id":"sms-1","status":"talvez"})", "application/json");

  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(report.error().field, "status");

  const auto in_batch = ParseSmsCallback(
      R"([{"id":"a","status":"sent"},{"id":"b","status":"talvez"}])", "application/json");
  ASSERT_FALSE(in_batch.has_value());
  EXPECT_EQ(in_batch.error().field, "[1].status");
}

TEST(SmsCallbackTest, RefusesAnythingElse) {
  for (const char* body :
       {"", "garbage", "[]", "{}", R"({"text":"oi"})", R"([1,2])", R"({"status":"delivered"})"}) {
    const auto report = ParseSmsCallback(body, "application/json");
    ASSERT_FALSE(report.has_value()) << body;
    EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidArgument) << body;
  }
}

}  // namespace
}  // namespace fiado::messaging::providers
