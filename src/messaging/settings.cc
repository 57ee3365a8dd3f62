#include "messaging/settings.h"

#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "core/email.h"

namespace fiado::messaging {
namespace {

constexpr int kMinTimeoutMs = 100;
constexpr int kMaxTimeoutMs = 120'000;
constexpr int kMaxPerSecond = 10'000;
constexpr int kMaxAttempts = 20;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool IsHttpUrl(std::string_view url) {
  return (StartsWith(url, "https://") && url.size() > 8) ||
         (StartsWith(url, "http://") && url.size() > 7);
}

class Fields {
 public:
  void Add(std::string field, std::string message_pt) {
    errors_.push_back({std::move(field), std::move(message_pt)});
  }
  void Timeout(const std::string& field, int timeout_ms) {
    if (timeout_ms < kMinTimeoutMs || timeout_ms > kMaxTimeoutMs) {
      Add(field, fmt::format("use de {} a {} milissegundos", kMinTimeoutMs, kMaxTimeoutMs));
    }
  }
  void Rate(const std::string& field, int per_second) {
    if (per_second < 1 || per_second > kMaxPerSecond) {
      Add(field, fmt::format("use de 1 a {} mensagens por segundo", kMaxPerSecond));
    }
  }
  core::Status Result() const {
    if (errors_.empty()) return {};
    return core::Fail(core::Error::InvalidFields(errors_));
  }

 private:
  std::vector<core::FieldError> errors_;
};

void CheckEmail(const EmailSettings& email, Fields& fields) {
  if (!email.enabled) return;
  if (!StartsWith(email.smtp_url, "smtp://") && !StartsWith(email.smtp_url, "smtps://")) {
    fields.Add("email.smtp_url", "informe o servidor como smtp://host:587 ou smtps://host:465");
  }
  if (!core::Email::Parse(email.from_address)) {
    fields.Add("email.from_address", "e-mail do remetente inválido");
  }
  if (!email.reply_to.empty() && !core::Email::Parse(email.reply_to)) {
    fields.Add("email.reply_to", "e-mail de resposta inválido");
  }
  if (!email.username.empty() && email.password.empty()) {
    fields.Add("email.password", "informe a senha do usuário do SMTP");
  }
  fields.Timeout("email.timeout_ms", email.timeout_ms);
}

void CheckWhatsapp(const WhatsappSettings& whatsapp, Fields& fields) {
  if (!whatsapp.enabled) return;
  if (!IsHttpUrl(whatsapp.api_base_url)) {
    fields.Add("whatsapp.api_base_url",
               "informe o endereço da API (https://graph.facebook.com/v20.0)");
  }
  if (whatsapp.phone_number_id.empty()) {
    fields.Add("whatsapp.phone_number_id", "informe o identificador do número de telefone");
  }
  if (whatsapp.access_token.empty()) {
    fields.Add("whatsapp.access_token", "informe o token de acesso");
  }
  if (whatsapp.app_secret.empty()) {
    fields.Add("whatsapp.app_secret", "informe a chave secreta do aplicativo (confere os avisos)");
  }
  for (std::size_t i = 0; i < whatsapp.templates.size(); ++i) {
    const WhatsappTemplate& t = whatsapp.templates[i];
    const std::string at = fmt::format("whatsapp.templates[{}]", i);
    if (t.template_key.empty()) fields.Add(at + ".template_key", "informe o modelo do Fiado");
    if (t.name.empty()) fields.Add(at + ".name", "informe o nome do modelo aprovado");
    if (t.language.empty()) fields.Add(at + ".language", "informe o idioma (pt_BR)");
  }
  fields.Timeout("whatsapp.timeout_ms", whatsapp.timeout_ms);
}

void CheckSms(const SmsSettings& sms, Fields& fields) {
  if (!sms.enabled) return;
  if (!IsHttpUrl(sms.url)) fields.Add("sms.url", "informe o endereço http(s) do provedor");
  if (sms.body_template.find("{to") == std::string::npos ||
      sms.body_template.find("{text}") == std::string::npos) {
    fields.Add("sms.body_template", "o corpo precisa de {to} (ou {to_e164}) e {text}");
  }
  if (sms.id_field.empty()) fields.Add("sms.id_field", "informe o campo do id na resposta");
  if (!sms.auth_header.empty() && sms.auth_header.find(':') == std::string::npos) {
    fields.Add("sms.auth_header", "use o formato Nome: valor");
  }
  fields.Timeout("sms.timeout_ms", sms.timeout_ms);
}

}  // namespace

core::Status CheckSettings(const MessagingSettings& settings) {
  Fields fields;
  CheckEmail(settings.email, fields);
  CheckWhatsapp(settings.whatsapp, fields);
  CheckSms(settings.sms, fields);
  fields.Rate("limits.whatsapp_per_second", settings.limits.whatsapp_per_second);
  fields.Rate("limits.sms_per_second", settings.limits.sms_per_second);
  fields.Rate("limits.email_per_second", settings.limits.email_per_second);
  if (settings.max_attempts < 1 || settings.max_attempts > kMaxAttempts) {
    fields.Add("max_attempts", fmt::format("use de 1 a {} tentativas", kMaxAttempts));
  }
  return fields.Result();
}

MessagingSettings KeepSecrets(MessagingSettings next, const MessagingSettings& previous) {
  auto keep = [](std::string& value, const std::string& old) {
    if (value.empty()) value = old;
  };
  keep(next.email.password, previous.email.password);
  keep(next.whatsapp.access_token, previous.whatsapp.access_token);
  keep(next.whatsapp.app_secret, previous.whatsapp.app_secret);
  keep(next.whatsapp.verify_token, previous.whatsapp.verify_token);
  keep(next.sms.auth_header, previous.sms.auth_header);
  keep(next.sms.callback_token, previous.sms.callback_token);
  return next;
}

}  // namespace fiado::messaging
