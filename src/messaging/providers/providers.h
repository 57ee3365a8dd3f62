// The real channels and the providers' formats: SMTP through libcurl (STARTTLS or TLS,
// authentication, MIME multipart text + HTML + attachments, List-Unsubscribe one-click),
// the WhatsApp Cloud API (Graph API POST /{phone-number-id}/messages with template
// messages; webhook statuses and replies signed with X-Hub-Signature-256) and a generic
// HTTP SMS provider (SmsSettings) with its receipts and replies.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "messaging/channel.h"
#include "messaging/settings.h"
#include "messaging/webhook.h"

namespace fiado::messaging::providers {

// The SenderFactory of the three real channels. Calls curl_global_init once.
std::unique_ptr<SenderFactory> MakeSenderFactory();

// Each channel alone (the factory uses these); the settings are copied.
std::unique_ptr<Sender> MakeSmtpSender(const EmailSettings& settings);
std::unique_ptr<Sender> MakeWhatsappSender(const WhatsappSettings& settings);
std::unique_ptr<Sender> MakeSmsSender(const SmsSettings& settings);

// X-Hub-Signature-256 ("sha256=" + lower-case hex HMAC-SHA256 of the raw body with the
// app secret), compared in constant time. False for an empty secret or a malformed header.
bool VerifyWhatsappSignature(std::string_view app_secret, std::string_view raw_body,
                             std::string_view signature_header);

// A WhatsApp Cloud API webhook body (object "whatsapp_business_account", entry[].changes[]
// .value.statuses[] and .messages[] of type text or button). Other changes are ignored.
// kInvalidArgument (Portuguese, naming the field) for a body that is not that JSON.
core::Result<ProviderReport> ParseWhatsappWebhook(std::string_view raw_body);

// An SMS provider's callback: a JSON object (or application/x-www-form-urlencoded) that
// is either a receipt {"id": "...", "status": "delivered"|"failed"|"sent"|DLR words
// (DELIVRD, UNDELIV, REJECTD, EXPIRED, ACCEPTD, ENROUTE), "error": "..."} or a reply
// {"from": "5511987654321", "text": "PARAR", "id": "..."}; a JSON array of such objects
// is a batch. kInvalidArgument for anything else.
core::Result<ProviderReport> ParseSmsCallback(std::string_view raw_body,
                                              std::string_view content_type);

}  // namespace fiado::messaging::providers
