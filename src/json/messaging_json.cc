#include "json/messaging_json.h"

#include "core/clock.h"

namespace fiado::json {
namespace {

using nlohmann::json;

json OptionalInstant(const std::optional<core::Instant>& instant) {
  return instant ? json(core::FormatRfc3339(*instant)) : json(nullptr);
}

json TemplatesJson(const std::vector<messaging::WhatsappTemplate>& templates) {
  json list = json::array();
  for (const auto& t : templates) {
    list.push_back({{"template_key", t.template_key},
                    {"name", t.name},
                    {"language", t.language},
                    {"parameters", t.parameters}});
  }
  return list;
}

}  // namespace

json MessageJson(const messaging::Message& message, const std::string& customer_name,
                 const std::string& click_to_chat_url) {
  return {{"id", message.id},
          {"customer_id", message.customer_id ? json(message.customer_id->str()) : json(nullptr)},
          {"customer_name", customer_name.empty() ? json(nullptr) : json(customer_name)},
          {"source", messaging::SourceName(message.source)},
          {"channel", customers::ChannelName(message.channel)},
          {"recipient", message.recipient},
          {"template_key", message.template_key},
          {"subject", message.subject},
          {"body", message.body},
          {"status", messaging::StatusName(message.status)},
          {"status_pt", messaging::StatusPt(message.status)},
          {"attempts", message.attempts},
          {"next_attempt_at", core::FormatRfc3339(message.next_attempt_at)},
          {"provider_id", message.provider_id},
          {"last_error", message.last_error},
          {"created_at", core::FormatRfc3339(message.created_at)},
          {"updated_at", core::FormatRfc3339(message.updated_at)},
          {"sent_at", OptionalInstant(message.sent_at)},
          {"sent_by", message.sent_by},
          {"click_to_chat_url", click_to_chat_url}};
}

json MessageEventJson(const messaging::MessageEvent& event) {
  return {{"at", core::FormatRfc3339(event.at)},
          {"status", messaging::StatusName(event.status)},
          {"status_pt", messaging::StatusPt(event.status)},
          {"detail", event.detail},
          {"actor", event.actor}};
}

json MessageDetailJson(const messaging::MessageDetail& detail, const std::string& customer_name) {
  json body = MessageJson(detail.message, customer_name, detail.click_to_chat_url);
  json events = json::array();
  for (const auto& event : detail.events) events.push_back(MessageEventJson(event));
  body["events"] = std::move(events);
  return body;
}

json MessagingSettingsJson(const messaging::MessagingSettings& s) {
  return {{"email",
           {{"enabled", s.email.enabled},
            {"smtp_url", s.email.smtp_url},
            {"starttls", s.email.starttls},
            {"username", s.email.username},
            {"password_set", !s.email.password.empty()},
            {"from_address", s.email.from_address},
            {"from_name", s.email.from_name},
            {"reply_to", s.email.reply_to},
            {"verify_tls", s.email.verify_tls},
            {"attach_slips", s.email.attach_slips},
            {"timeout_ms", s.email.timeout_ms}}},
          {"whatsapp",
           {{"enabled", s.whatsapp.enabled},
            {"api_base_url", s.whatsapp.api_base_url},
            {"phone_number_id", s.whatsapp.phone_number_id},
            {"access_token_set", !s.whatsapp.access_token.empty()},
            {"app_secret_set", !s.whatsapp.app_secret.empty()},
            {"verify_token_set", !s.whatsapp.verify_token.empty()},
            {"templates", TemplatesJson(s.whatsapp.templates)},
            {"timeout_ms", s.whatsapp.timeout_ms}}},
          {"sms",
           {{"enabled", s.sms.enabled},
            {"url", s.sms.url},
            {"auth_header_set", !s.sms.auth_header.empty()},
            {"body_template", s.sms.body_template},
            {"id_field", s.sms.id_field},
            {"callback_token_set", !s.sms.callback_token.empty()},
            {"timeout_ms", s.sms.timeout_ms}}},
          {"limits",
           {{"whatsapp_per_second", s.limits.whatsapp_per_second},
            {"sms_per_second", s.limits.sms_per_second},
            {"email_per_second", s.limits.email_per_second}}},
          {"max_attempts", s.max_attempts},
          {"version", s.version}};
}

json InboundJson(const messaging::InboundRecord& r) {
  return {{"id", r.id},
          {"channel", customers::ChannelName(r.channel)},
          {"received_at", core::FormatRfc3339(r.received_at)},
          {"kind", r.kind},
          {"sender", r.sender},
          {"provider_id", r.provider_id},
          {"text", r.text},
          {"outcome", r.outcome}};
}

}  // namespace fiado::json
