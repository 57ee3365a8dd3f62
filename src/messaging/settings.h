// A shop's messaging channels: how to reach its SMTP server, its WhatsApp Cloud API number
// and its SMS provider, and how fast each may be used. Secrets (passwords, tokens) are
// stored with the settings and never shown back by the API (only whether they are set).
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace fiado::messaging {

struct EmailSettings {
  bool enabled = false;
  // "smtp://host:587" (plain, upgraded with STARTTLS when `starttls`) or
  // "smtps://host:465" (TLS from the start).
  std::string smtp_url{};
  bool starttls = true;  // smtp:// only: require STARTTLS (refuse to send in the clear)
  std::string username{};
  std::string password{};
  std::string from_address{};  // "cobranca@loja.com.br"
  std::string from_name{};     // "Loja Exemplo"
  std::string reply_to{};      // may be empty
  bool verify_tls = true;      // off only for a test server with a self-signed certificate
  bool attach_slips = true;    // collection e-mails carry the updated carnê slips (PDF)
  int timeout_ms = 15'000;
  friend bool operator==(const EmailSettings&, const EmailSettings&) = default;
};

// A template approved by Meta for the shop's WhatsApp Business account, mapped to one of
// Fiado's templates. The parameters are Fiado's template variables in the order of the
// approved template's {{1}}, {{2}}, ... When a Fiado template has no mapping, the approved
// template is taken to have its key as name, language pt_BR, and its parameters the
// variables of the Fiado text in the order they first appear.
struct WhatsappTemplate {
  std::string template_key{};  // Fiado's template key
  std::string name{};          // the approved template's name
  std::string language = "pt_BR";
  std::vector<std::string> parameters{};
  friend bool operator==(const WhatsappTemplate&, const WhatsappTemplate&) = default;
};

struct WhatsappSettings {
  bool enabled = false;  // off = click-to-chat: a collector sends by hand
  std::string api_base_url = "https://graph.facebook.com/v20.0";
  std::string phone_number_id{};
  std::string access_token{};
  std::string app_secret{};    // verifies X-Hub-Signature-256 of the webhook
  std::string verify_token{};  // answers the webhook's subscription handshake
  std::vector<WhatsappTemplate> templates{};
  int timeout_ms = 10'000;
  friend bool operator==(const WhatsappSettings&, const WhatsappSettings&) = default;
};

// A generic HTTP SMS provider. The request is `POST url` with the header
// `auth_header` (e.g. "Authorization: Bearer abc", may be empty), Content-Type
// application/json and `body_template` with {to} (E.164 without '+': 5511987654321),
// {to_e164} (+5511987654321), {text} and {id} (Fiado's message id) replaced by their
// JSON-escaped values. A 2xx answer is sent when the JSON answer has a non-empty string or
// number at `id_field` (a dotted path, "id" or "messages.0.id"). Receipts and replies come
// to /api/v1/hooks/sms/{store}?token={callback_token} (docs/messaging.md).
struct SmsSettings {
  bool enabled = false;
  std::string url{};
  std::string auth_header{};
  std::string body_template = R"({"to":"{to}","message":"{text}","reference":"{id}"})";
  std::string id_field = "id";
  std::string callback_token{};
  int timeout_ms = 10'000;
  friend bool operator==(const SmsSettings&, const SmsSettings&) = default;
};

struct RateLimits {
  int whatsapp_per_second = 20;
  int sms_per_second = 10;
  int email_per_second = 10;
  friend bool operator==(const RateLimits&, const RateLimits&) = default;
};

struct MessagingSettings {
  EmailSettings email{};
  WhatsappSettings whatsapp{};
  SmsSettings sms{};
  RateLimits limits{};
  int max_attempts = 6;  // then failed ("tentativas esgotadas")
  int version = 0;       // 0 = never saved (the defaults)
  friend bool operator==(const MessagingSettings&, const MessagingSettings&) = default;
};

// Checks the settings of the enabled channels; every field at fault is named
// (kInvalidArgument, Error::InvalidFields): "email.smtp_url", "whatsapp.templates[0].name".
core::Status CheckSettings(const MessagingSettings& settings);

// The saved settings with the secrets of `previous` kept where `next` leaves them empty
// (the API never shows secrets, so a form sends them back empty).
MessagingSettings KeepSecrets(MessagingSettings next, const MessagingSettings& previous);

}  // namespace fiado::messaging
