// The outbox over HTTP (docs/api.md, "Messaging"): the shop's channel settings and test
// message, the messages with their timelines (the dead-letter list, resend, click-to-chat),
// each customer's message history, and the public endpoints where providers and customers
// answer: the WhatsApp Cloud API webhook (X-Hub-Signature-256), the SMS provider's
// receipts and replies (a token in the URL) and the e-mail's one-click opt-out (/u/{token}).
#include <httplib.h>

#include <map>

#include "http/api.h"
#include "http/body.h"
#include "json/messaging_json.h"
#include "messaging/providers/providers.h"

namespace fiado::http {
namespace {

using access::Permission;
using messaging::Channel;
using nlohmann::json;

constexpr int kDefaultListLimit = 50;
constexpr int kMaxListLimit = 200;
constexpr int kHistoryLimit = 50;

std::string CustomerName(Call& call, const std::optional<customers::CustomerId>& id,
                         std::map<std::string, std::string>& cache) {
  if (!id) return "";
  auto [found, inserted] = cache.try_emplace(id->str());
  if (inserted) {
    auto customer = call.services.customers.Get(call.principal.store_id, *id);
    if (customer) found->second = customer->full_name;
  }
  return found->second;
}

json DetailBody(Call& call, const messaging::MessageDetail& detail) {
  std::map<std::string, std::string> names;
  return fiado::json::MessageDetailJson(detail,
                                        CustomerName(call, detail.message.customer_id, names));
}

std::string WhoOf(const Call& call) {
  return call.principal.name.empty() ? call.principal.ActorText() : call.principal.name;
}

// The filter of GET /messages; false (answered 422) on a bad parameter.
bool ReadFilter(Call& call, messaging::MessageFilter& filter) {
  std::vector<core::FieldError> errors;
  std::string statuses = call.Query("status");
  for (std::size_t at = 0; !statuses.empty() && at <= statuses.size();) {
    const std::size_t comma = std::min(statuses.find(',', at), statuses.size());
    const std::string name = statuses.substr(at, comma - at);
    if (auto status = messaging::ParseStatus(name)) {
      filter.statuses.push_back(*status);
    } else {
      errors.push_back({"status", "situação desconhecida: " + name});
    }
    at = comma + 1;
  }
  if (const std::string channel = call.Query("channel"); !channel.empty()) {
    filter.channel = customers::ParseChannel(channel);
    if (!filter.channel) errors.push_back({"channel", "canal desconhecido"});
  }
  if (const std::string customer = call.Query("customer_id"); !customer.empty()) {
    auto id = customers::CustomerId::Parse(customer);
    if (id)
      filter.customer_id = *id;
    else
      errors.push_back({"customer_id", "cliente inválido"});
  }
  if (const std::string before = call.Query("before"); !before.empty()) {
    auto instant = core::ParseRfc3339(before, "before");
    if (instant)
      filter.created_before = *instant;
    else
      errors.push_back({"before", instant.error().message_pt});
  }
  filter.limit = kDefaultListLimit;
  if (const std::string limit = call.Query("limit"); !limit.empty()) {
    const int value = std::atoi(limit.c_str());
    if (value < 1 || value > kMaxListLimit)
      errors.push_back({"limit", "use de 1 a 200"});
    else
      filter.limit = value;
  }
  return !FailOnFieldErrors(call, std::move(errors));
}

void ListMessages(Call& call) {
  messaging::MessageFilter filter;
  if (!ReadFilter(call, filter)) return;
  auto& service = call.services.messaging;
  const auto messages = service.List(call.principal.store_id, filter);
  std::map<std::string, std::string> names;
  json list = json::array();
  for (const auto& message : messages) {
    const std::string chat = message.status == messaging::Status::kManual
                                 ? messaging::ClickToChatUrl(message.recipient, message.body)
                                 : "";
    list.push_back(
        fiado::json::MessageJson(message, CustomerName(call, message.customer_id, names), chat));
  }
  json counts = json::object();
  for (std::string_view name : {"queued", "sending", "sent", "delivered", "read", "failed",
                                "cancelled", "uncertain", "manual"}) {
    counts[std::string(name)] = 0;
  }
  for (const auto& [status, count] : service.Counts(call.principal.store_id)) {
    counts[std::string(messaging::StatusName(status))] = count;
  }
  const bool full = static_cast<int>(messages.size()) == filter.limit;
  call.Reply(200, {{"messages", list},
                   {"counts", counts},
                   {"next_before",
                    full ? json(core::FormatRfc3339(messages.back().created_at)) : json(nullptr)}});
}

void GetMessage(Call& call) {
  auto detail = call.services.messaging.Get(call.principal.store_id, call.Param(1));
  if (!detail) return call.Fail(detail.error());
  call.Reply(200, DetailBody(call, *detail));
}

void ResendMessage(Call& call) {
  auto detail = call.services.messaging.Resend(call.Actor(), WhoOf(call), call.Param(1));
  if (!detail) return call.Fail(detail.error());
  call.Reply(200, DetailBody(call, *detail));
}

void MarkSentByHand(Call& call) {
  auto detail = call.services.messaging.MarkSentByHand(call.Actor(), WhoOf(call), call.Param(1));
  if (!detail) return call.Fail(detail.error());
  call.Reply(200, DetailBody(call, *detail));
}

void CustomerMessages(Call& call) {
  auto id = customers::CustomerId::Parse(call.Param(1));
  if (!id) return call.Fail(core::Error::NotFound("cliente não encontrado"));
  auto customer = call.services.customers.Get(call.principal.store_id, *id);
  if (!customer) return call.Fail(customer.error());
  json list = json::array();
  for (const auto& detail :
       call.services.messaging.HistoryOf(call.principal.store_id, *id, kHistoryLimit)) {
    list.push_back(fiado::json::MessageDetailJson(detail, customer->full_name));
  }
  call.Reply(200, {{"messages", list}});
}

void ListInbound(Call& call) {
  int limit = kDefaultListLimit;
  if (const std::string text = call.Query("limit"); !text.empty()) {
    limit = std::clamp(std::atoi(text.c_str()), 1, kMaxListLimit);
  }
  json list = json::array();
  for (const auto& record : call.services.messaging.Inbound(call.principal.store_id, limit)) {
    list.push_back(fiado::json::InboundJson(record));
  }
  call.Reply(200, {{"inbound", list}});
}

}  // namespace

namespace {

int ReadInt(ObjectReader& reader, std::string_view key, int fallback) {
  const auto value = reader.Integer(key);
  if (!value) return fallback;
  if (*value < 0 || *value > 1'000'000) {
    reader.errors().push_back({reader.PathOf(key), "valor fora do intervalo"});
    return fallback;
  }
  return static_cast<int>(*value);
}

bool ReadFlag(ObjectReader& reader, std::string_view key, bool fallback) {
  return reader.Bool(key).value_or(fallback);
}

messaging::EmailSettings ReadEmail(ObjectReader& parent) {
  messaging::EmailSettings email;
  const json* object = parent.Object("email");
  if (object == nullptr) return email;
  ObjectReader r(*object, parent.PathOf("email"), parent.errors());
  email.enabled = ReadFlag(r, "enabled", false);
  email.smtp_url = r.Text("smtp_url");
  email.starttls = ReadFlag(r, "starttls", true);
  email.username = r.Text("username");
  email.password = r.Text("password");
  email.from_address = r.Text("from_address");
  email.from_name = r.Text("from_name");
  email.reply_to = r.Text("reply_to");
  email.verify_tls = ReadFlag(r, "verify_tls", true);
  email.attach_slips = ReadFlag(r, "attach_slips", true);
  email.timeout_ms = ReadInt(r, "timeout_ms", email.timeout_ms);
  r.Raw("password_set");  // shown by GET; ignored when sent back
  r.RejectUnknown();
  return email;
}

std::vector<messaging::WhatsappTemplate> ReadWhatsappTemplates(ObjectReader& parent) {
  std::vector<messaging::WhatsappTemplate> templates;
  const json* list = parent.Array("templates");
  if (list == nullptr) return templates;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader r((*list)[i], IndexPath(parent.PathOf("templates"), i), parent.errors());
    messaging::WhatsappTemplate t;
    t.template_key = r.Text("template_key", true);
    t.name = r.Text("name", true);
    t.language = r.Text("language");
    if (t.language.empty()) t.language = "pt_BR";
    t.parameters = r.TextArray("parameters");
    r.RejectUnknown();
    templates.push_back(std::move(t));
  }
  return templates;
}

messaging::WhatsappSettings ReadWhatsapp(ObjectReader& parent) {
  messaging::WhatsappSettings whatsapp;
  const json* object = parent.Object("whatsapp");
  if (object == nullptr) return whatsapp;
  ObjectReader r(*object, parent.PathOf("whatsapp"), parent.errors());
  whatsapp.enabled = ReadFlag(r, "enabled", false);
  if (std::string url = r.Text("api_base_url"); !url.empty()) whatsapp.api_base_url = url;
  whatsapp.phone_number_id = r.Text("phone_number_id");
  whatsapp.access_token = r.Text("access_token");
  whatsapp.app_secret = r.Text("app_secret");
  whatsapp.verify_token = r.Text("verify_token");
  whatsapp.templates = ReadWhatsappTemplates(r);
  whatsapp.timeout_ms = ReadInt(r, "timeout_ms", whatsapp.timeout_ms);
  for (std::string_view shown : {"access_token_set", "app_secret_set", "verify_token_set"}) {
    r.Raw(shown);
  }
  r.RejectUnknown();
  return whatsapp;
}

messaging::SmsSettings ReadSms(ObjectReader& parent) {
  messaging::SmsSettings sms;
  const json* object = parent.Object("sms");
  if (object == nullptr) return sms;
  ObjectReader r(*object, parent.PathOf("sms"), parent.errors());
  sms.enabled = ReadFlag(r, "enabled", false);
  sms.url = r.Text("url");
  sms.auth_header = r.Text("auth_header");
  if (std::string body = r.Text("body_template"); !body.empty()) sms.body_template = body;
  if (std::string field = r.Text("id_field"); !field.empty()) sms.id_field = field;
  sms.callback_token = r.Text("callback_token");
  sms.timeout_ms = ReadInt(r, "timeout_ms", sms.timeout_ms);
  for (std::string_view shown : {"auth_header_set", "callback_token_set"}) r.Raw(shown);
  r.RejectUnknown();
  return sms;
}

messaging::MessagingSettings ReadMessagingSettings(const json& body,
                                                   std::vector<core::FieldError>& errors) {
  messaging::MessagingSettings settings;
  ObjectReader r(body, "", errors);
  settings.email = ReadEmail(r);
  settings.whatsapp = ReadWhatsapp(r);
  settings.sms = ReadSms(r);
  if (const json* limits = r.Object("limits")) {
    ObjectReader l(*limits, "limits", errors);
    settings.limits.whatsapp_per_second =
        ReadInt(l, "whatsapp_per_second", settings.limits.whatsapp_per_second);
    settings.limits.sms_per_second = ReadInt(l, "sms_per_second", settings.limits.sms_per_second);
    settings.limits.email_per_second =
        ReadInt(l, "email_per_second", settings.limits.email_per_second);
    l.RejectUnknown();
  }
  settings.max_attempts = ReadInt(r, "max_attempts", settings.max_attempts);
  settings.version = static_cast<int>(r.Integer("version", true).value_or(-1));
  r.RejectUnknown();
  return settings;
}

std::string BaseUrl(const Call& call) {
  std::string scheme = call.request.get_header_value("X-Forwarded-Proto");
  if (scheme.empty()) scheme = "http";
  return scheme + "://" + call.request.get_header_value("Host");
}

json SettingsBody(Call& call, const messaging::MessagingSettings& settings) {
  const std::string store = call.principal.store_id.str();
  std::string sms = BaseUrl(call) + "/webhooks/sms/" + store;
  if (!settings.sms.callback_token.empty()) sms += "?token=" + settings.sms.callback_token;
  return {
      {"settings", fiado::json::MessagingSettingsJson(settings)},
      {"webhooks", {{"whatsapp", BaseUrl(call) + "/webhooks/whatsapp/" + store}, {"sms", sms}}}};
}

void GetMessagingSettings(Call& call) {
  call.Reply(200, SettingsBody(call, call.services.messaging.Settings(call.principal.store_id)));
}

void PutMessagingSettings(Call& call) {
  std::vector<core::FieldError> errors;
  auto settings = ReadMessagingSettings(call.body, errors);
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto saved = call.services.messaging.SaveSettings(call.Actor(), std::move(settings));
  if (!saved) return call.Fail(saved.error());
  call.Reply(200, SettingsBody(call, *saved));
}

void SendTest(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader r(call.body, "", errors);
  const std::string channel_name = r.Text("channel", true);
  const std::string to = r.Text("to", true);
  r.RejectUnknown();
  const auto channel = customers::ParseChannel(channel_name);
  if (!channel_name.empty() && !channel) {
    errors.push_back({"channel", "use whatsapp, sms ou email"});
  }
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto detail = call.services.messaging.SendTest(call.Actor(), *channel, to);
  if (!detail) return call.Fail(detail.error());
  call.Reply(200, DetailBody(call, *detail));
}

}  // namespace

namespace {

bool SameSecret(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size()) return false;
  unsigned char differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    differ |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return differ == 0;
}

std::optional<core::StoreId> HookStore(Call& call) {
  auto store = core::StoreId::Parse(call.Param(1));
  if (!store || !call.services.stores.Find(*store)) {
    call.Fail(core::Error::NotFound("loja não encontrada"));
    return std::nullopt;
  }
  return *store;
}

void Unauthorized(Call& call, const core::StoreId& store, Channel channel, std::string why) {
  call.services.messaging.RecordRejected(store, channel, why);
  call.Fail(core::Error{core::ErrorCode::kUnauthenticated, std::move(why), ""});
}

void ApplyReport(Call& call, const core::StoreId& store, Channel channel,
                 const core::Result<messaging::ProviderReport>& report) {
  if (!report) {
    call.services.messaging.RecordRejected(store, channel, report.error().message_pt);
    return call.Fail(report.error());
  }
  const auto outcome = call.services.messaging.ApplyReport(store, channel, *report);
  call.Reply(200, {{"applied", outcome.applied},
                   {"unknown", outcome.unknown},
                   {"opt_outs", outcome.opt_outs},
                   {"replies", outcome.replies}});
}

// Meta's subscription handshake: echo hub.challenge when hub.verify_token is the shop's.
void VerifyWhatsappHook(Call& call) {
  const auto store = HookStore(call);
  if (!store) return;
  const auto settings = call.services.messaging.Settings(*store);
  if (call.Query("hub.mode") != "subscribe" ||
      !SameSecret(settings.whatsapp.verify_token, call.Query("hub.verify_token"))) {
    return call.Fail(core::Error{core::ErrorCode::kPermissionDenied,
                                 "token de verificação do WhatsApp incorreto", "hub.verify_token"});
  }
  call.response.status = 200;
  call.response.set_content(call.Query("hub.challenge"), "text/plain");
}

void ReceiveWhatsappHook(Call& call) {
  const auto store = HookStore(call);
  if (!store) return;
  const auto settings = call.services.messaging.Settings(*store);
  if (!messaging::providers::VerifyWhatsappSignature(
          settings.whatsapp.app_secret, call.request.body,
          call.request.get_header_value("X-Hub-Signature-256"))) {
    return Unauthorized(call, *store, Channel::kWhatsapp,
                        "assinatura X-Hub-Signature-256 inválida");
  }
  ApplyReport(call, *store, Channel::kWhatsapp,
              messaging::providers::ParseWhatsappWebhook(call.request.body));
}

void ReceiveSmsHook(Call& call) {
  const auto store = HookStore(call);
  if (!store) return;
  const auto settings = call.services.messaging.Settings(*store);
  std::string token = call.Query("token");
  if (token.empty()) token = call.request.get_header_value("X-Fiado-Token");
  if (!SameSecret(settings.sms.callback_token, token)) {
    return Unauthorized(call, *store, Channel::kSms, "token do aviso de SMS inválido");
  }
  ApplyReport(call, *store, Channel::kSms,
              messaging::providers::ParseSmsCallback(
                  call.request.body, call.request.get_header_value("Content-Type")));
}

std::string Escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void Page(Call& call, int status, const std::string& title, const std::string& body_html) {
  call.response.status = status;
  call.response.set_content(
      "<!DOCTYPE html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>" +
          Escaped(title) +
          "</title></head><body style=\"font-family:Arial,sans-serif;max-width:32rem;margin:3rem "
          "auto;padding:0 1rem\"><h1 style=\"font-size:1.4rem\">" +
          Escaped(title) + "</h1>" + body_html + "</body></html>",
      "text/html; charset=utf-8");
}

// The link of an e-mail: a page that asks for a click (mail scanners follow GET links).
void UnsubscribePage(Call& call) {
  Page(call, 200, "Descadastrar e-mails de cobrança",
       "<p>Você deixará de receber por e-mail as mensagens de cobrança desta loja.</p>"
       "<form method=\"post\"><button type=\"submit\" style=\"font-size:1rem;padding:.5rem 1rem\">"
       "Confirmar descadastro</button></form>");
}

// The button, or the mail client's one-click POST (RFC 8058).
void Unsubscribe(Call& call) {
  auto shop = call.services.messaging.Unsubscribe(call.Param(1));
  if (!shop) {
    return Page(call, 404, "Link inválido",
                "<p>Este link de descadastro não é válido. Fale com a loja.</p>");
  }
  Page(call, 200, "Descadastro feito",
       "<p>Pronto: você não receberá mais e-mails de cobrança da " + Escaped(*shop) +
           ". Para voltar a recebê-los, fale com a loja.</p>");
}

}  // namespace

std::vector<Route> MessagingRoutes() {
  constexpr auto kRead = Permission::kCollectionRead;
  constexpr auto kWork = Permission::kCollectionWork;
  constexpr auto kManage = Permission::kCollectionManage;
  return {
      Route{"GET", "/api/v1/messaging/settings", false, kManage, GetMessagingSettings},
      Route{"PUT", "/api/v1/messaging/settings", false, kManage, PutMessagingSettings},
      Route{"POST", "/api/v1/messaging/test", false, kManage, SendTest},
      Route{"GET", "/api/v1/messaging/inbound", false, kRead, ListInbound},
      Route{"GET", "/api/v1/messages", false, kRead, ListMessages},
      Route{"GET", "/api/v1/messages/{id}", false, kRead, GetMessage},
      Route{"POST", "/api/v1/messages/{id}/resend", false, kWork, ResendMessage},
      Route{"POST", "/api/v1/messages/{id}/sent-by-hand", false, kWork, MarkSentByHand},
      Route{"GET", "/api/v1/customers/{id}/messages", false, kRead, CustomerMessages},
      Route{"GET", "/webhooks/whatsapp/{store}", true, std::nullopt, VerifyWhatsappHook},
      Route{"POST", "/webhooks/whatsapp/{store}", true, std::nullopt, ReceiveWhatsappHook, true},
      Route{"POST", "/webhooks/sms/{store}", true, std::nullopt, ReceiveSmsHook, true},
      Route{"GET", "/u/{token}", true, std::nullopt, UnsubscribePage},
      Route{"POST", "/u/{token}", true, std::nullopt, Unsubscribe, true},
  };
}

}  // namespace fiado::http
