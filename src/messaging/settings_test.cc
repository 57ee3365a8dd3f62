#include "messaging/settings.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace fiado::messaging {
namespace {

bool HasField(const core::Status& status, const std::string& field) {
  if (status) return false;
  const auto& fields = status.error().fields;
  return std::any_of(fields.begin(), fields.end(),
                     [&](const core::FieldError& e) { return e.field == field; });
}

MessagingSettings Complete() {
  MessagingSettings s;
  s.email.enabled = true;
  s.email.smtp_url = "smtp://127.0.0.1:2525";
  s.email.starttls = false;
  s.email.username = "loja";
  s.email.password = "segredo";
  s.email.from_address = "cobranca@loja.com.br";
  s.email.from_name = "Loja";
  s.email.timeout_ms = 5000;
  s.whatsapp.enabled = true;
  s.whatsapp.phone_number_id = "123";
  s.whatsapp.access_token = "token";
  s.whatsapp.app_secret = "secret";
  s.sms.enabled = true;
  s.sms.url = "https://sms.example.com/send";
  return s;
}

TEST(SettingsTest, DefaultsAndACompleteSetPass) {
  EXPECT_TRUE(CheckSettings(MessagingSettings{}));
  EXPECT_TRUE(CheckSettings(Complete()));
}

TEST(SettingsTest, EveryFieldAtFaultIsNamed) {
  MessagingSettings s = Complete();
  s.email.smtp_url = "http://mail";
  s.email.from_address = "cobranca";
  s.whatsapp.phone_number_id.clear();
  s.whatsapp.templates.push_back({"lembrete", "", "pt_BR", {}});
  s.sms.body_template = R"({"msg":"x"})";
  s.limits.sms_per_second = 0;
  s.max_attempts = 0;
  const core::Status checked = CheckSettings(s);
  for (const char* field : {"email.smtp_url", "email.from_address", "whatsapp.phone_number_id",
                            "whatsapp.templates[0].name", "sms.body_template",
                            "limits.sms_per_second", "max_attempts"}) {
    EXPECT_TRUE(HasField(checked, field)) << field;
  }
}

TEST(SettingsTest, DisabledChannelsAreNotChecked) {
  MessagingSettings s;
  s.email.smtp_url = "garbage";
  s.sms.url = "garbage";
  EXPECT_TRUE(CheckSettings(s));
}

TEST(SettingsTest, EmptySecretsKeepThePreviousOnes) {
  const MessagingSettings previous = Complete();
  MessagingSettings next = Complete();
  next.email.password.clear();
  next.whatsapp.access_token = "new-token";
  next.whatsapp.app_secret.clear();
  const MessagingSettings kept = KeepSecrets(next, previous);
  EXPECT_EQ(kept.email.password, "segredo");
  EXPECT_EQ(kept.whatsapp.access_token, "new-token");
  EXPECT_EQ(kept.whatsapp.app_secret, "secret");
}

}  // namespace
}  // namespace fiado::messaging
