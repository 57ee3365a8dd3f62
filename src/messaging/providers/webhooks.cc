// What providers send back: the WhatsApp Cloud API's signed webhook (statuses, replies)
// and an SMS provider's receipts and replies (JSON or a form).

#include <sodium.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "messaging/providers/curl_easy.h"
#include "messaging/providers/providers.h"

namespace fiado::messaging::providers {
namespace {

using nlohmann::json;

const json* Member(const json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

std::string StringOr(const json& object, const char* name, std::string fallback = {}) {
  const json* value = Member(object, name);
  if (value == nullptr) return fallback;
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number()) return value->dump();
  return fallback;
}

// Unix seconds, as a string of digits (WhatsApp) or a number.
std::optional<core::Instant> UnixInstant(const json& value) {
  long long seconds = 0;
  if (value.is_number_integer()) {
    seconds = value.get<long long>();
  } else if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty() || text.size() > 12 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    seconds = std::stoll(text);
  } else {
    return std::nullopt;
  }
  return core::Instant{std::chrono::seconds{seconds}};
}

// ---------------------------------------------------------------------------------------
// WhatsApp

std::optional<Status> WhatsappStatus(std::string_view word) {
  if (word == "sent") return Status::kSent;
  if (word == "delivered") return Status::kDelivered;
  if (word == "read") return Status::kRead;
  if (word == "failed") return Status::kFailed;
  return std::nullopt;  // "deleted", "warning", ...: nothing Fiado tracks
}

// "131026 Message undeliverable: ... — details" from the status's errors[0].
std::string WhatsappError(const json& status) {
  const json* errors = Member(status, "errors");
  if (errors == nullptr || !errors->is_array() || errors->empty()) return {};
  const json& error = (*errors)[0];
  std::string text = StringOr(error, "code");
  const std::string title = StringOr(error, "title");
  const std::string message = StringOr(error, "message");
  if (!title.empty()) text += (text.empty() ? "" : " ") + title;
  if (!message.empty() && message != title) text += (text.empty() ? "" : ": ") + message;
  if (const json* data = Member(error, "error_data")) {
    const std::string details = StringOr(*data, "details");
    if (!details.empty() && details != message) text += " — " + details;
  }
  return text;
}

core::Status ParseStatuses(const json& statuses, const std::string& path, ProviderReport& report) {
  if (!statuses.is_array()) return core::Invalid(path, "deveria ser uma lista");
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    const json& item = statuses[i];
    const std::string at = fmt::format("{}[{}]", path, i);
    const std::string id = StringOr(item, "id");
    if (id.empty()) return core::Invalid(at + ".id", "identificador da mensagem ausente");
    const json* word = Member(item, "status");
    if (word == nullptr || !word->is_string()) {
      return core::Invalid(at + ".status", "situação da mensagem ausente");
    }
    const auto status = WhatsappStatus(word->get<std::string>());
    if (!status) continue;
    StatusUpdate update{.provider_id = id, .status = *status, .at = {}, .error = {}};
    if (const json* timestamp = Member(item, "timestamp")) {
      update.at = UnixInstant(*timestamp);
      if (!update.at) return core::Invalid(at + ".timestamp", "data e hora inválida");
    }
    if (*status == Status::kFailed) update.error = WhatsappError(item);
    report.statuses.push_back(std::move(update));
  }
  return {};
}

// The text of a reply: text.body, button.text or interactive.*_reply.title; nullopt for
// media and other kinds, which Fiado does not read.
std::optional<std::string> ReplyText(const json& message) {
  const std::string type = StringOr(message, "type");
  if (type == "text") {
    if (const json* text = Member(message, "text")) return StringOr(*text, "body");
  } else if (type == "button") {
    if (const json* button = Member(message, "button")) return StringOr(*button, "text");
  } else if (type == "interactive") {
    if (const json* interactive = Member(message, "interactive")) {
      for (const char* kind : {"button_reply", "list_reply"}) {
        if (const json* reply = Member(*interactive, kind)) return StringOr(*reply, "title");
      }
    }
  }
  return std::nullopt;
}

core::Status ParseMessages(const json& messages, const std::string& path, ProviderReport& report) {
  if (!messages.is_array()) return core::Invalid(path, "deveria ser uma lista");
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const json& item = messages[i];
    const std::string at = fmt::format("{}[{}]", path, i);
    const std::string digits = internal::DigitsOf(StringOr(item, "from"));
    if (digits.empty()) return core::Invalid(at + ".from", "número do remetente ausente");
    auto text = ReplyText(item);
    if (!text) continue;
    InboundText reply{.from_e164 = "+" + digits,
                      .provider_id = StringOr(item, "id"),
                      .text = std::move(*text),
                      .at = {}};
    if (const json* timestamp = Member(item, "timestamp")) {
      reply.at = UnixInstant(*timestamp);
      if (!reply.at) return core::Invalid(at + ".timestamp", "data e hora inválida");
    }
    report.replies.push_back(std::move(reply));
  }
  return {};
}

core::Status ParseChange(const json& change, const std::string& path, ProviderReport& report) {
  if (!change.is_object()) return core::Invalid(path, "deveria ser um objeto");
  if (StringOr(change, "field") != "messages") return {};
  const json* value = Member(change, "value");
  if (value == nullptr || !value->is_object()) {
    return core::Invalid(path + ".value", "deveria ser um objeto");
  }
  if (const json* statuses = Member(*value, "statuses")) {
    if (auto ok = ParseStatuses(*statuses, path + ".value.statuses", report); !ok) return ok;
  }
  if (const json* messages = Member(*value, "messages")) {
    if (auto ok = ParseMessages(*messages, path + ".value.messages", report); !ok) return ok;
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// SMS

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::optional<Status> SmsStatus(std::string_view word) {
  const std::string lower = Lower(word);
  for (const char* w : {"delivered", "delivrd", "entregue", "entregada"}) {
    if (lower == w) return Status::kDelivered;
  }
  for (const char* w : {"failed", "undeliv", "undelivered", "undeliverable", "rejectd", "rejected",
                        "expired", "falhou", "falha"}) {
    if (lower == w) return Status::kFailed;
  }
  for (const char* w : {"sent", "acceptd", "accepted", "enroute", "enviada", "enviado"}) {
    if (lower == w) return Status::kSent;
  }
  return std::nullopt;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte (kept as is when malformed).
std::string FormDecoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

json FormToJson(std::string_view body) {
  json object = json::object();
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string key = FormDecoded(pair.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? std::string() : FormDecoded(pair.substr(eq + 1));
    if (!key.empty() && !object.contains(key)) object[key] = value;
  }
  return object;
}

// An optional "timestamp": unix seconds or RFC 3339; anything else is left out.
std::optional<core::Instant> SmsInstant(const json& item) {
  const json* timestamp = Member(item, "timestamp");
  if (timestamp == nullptr) return std::nullopt;
  if (auto unix = UnixInstant(*timestamp)) return unix;
  if (timestamp->is_string()) {
    if (auto parsed = core::ParseRfc3339(timestamp->get<std::string>())) return *parsed;
  }
  return std::nullopt;
}

core::Status ParseSmsItem(const json& item, const std::string& prefix, ProviderReport& report) {
  if (!item.is_object()) {
    return core::Invalid(prefix.empty() ? "corpo" : prefix, "deveria ser um objeto");
  }
  const std::string dot = prefix.empty() ? "" : prefix + ".";
  if (const json* word = Member(item, "status")) {
    const std::string id = StringOr(item, "id");
    if (id.empty()) return core::Invalid(dot + "id", "identificador da mensagem ausente");
    const std::string status_word = word->is_string() ? word->get<std::string>() : word->dump();
    const auto status = SmsStatus(status_word);
    if (!status) {
      return core::Invalid(dot + "status", fmt::format("situação desconhecida: \"{}\"",
                                                       internal::TruncateUtf8(status_word, 40)));
    }
    StatusUpdate update{.provider_id = id, .status = *status, .at = SmsInstant(item), .error = {}};
    if (*status == Status::kFailed) update.error = StringOr(item, "error", status_word);
    report.statuses.push_back(std::move(update));
    return {};
  }
  if (Member(item, "from") != nullptr && Member(item, "text") != nullptr) {
    const std::string digits = internal::DigitsOf(StringOr(item, "from"));
    if (digits.empty()) return core::Invalid(dot + "from", "número do remetente inválido");
    report.replies.push_back(InboundText{.from_e164 = "+" + digits,
                                         .provider_id = StringOr(item, "id"),
                                         .text = StringOr(item, "text"),
                                         .at = SmsInstant(item)});
    return {};
  }
  return core::Invalid(prefix.empty() ? "corpo" : prefix,
                       "nem recibo (id, status) nem resposta (from, text)");
}

bool LooksLikeJson(std::string_view body) {
  const auto first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
}

}  // namespace

bool VerifyWhatsappSignature(std::string_view app_secret, std::string_view raw_body,
                             std::string_view signature_header) {
  constexpr std::string_view kPrefix = "sha256=";
  if (app_secret.empty() || signature_header.substr(0, kPrefix.size()) != kPrefix) return false;
  const std::string_view hex = signature_header.substr(kPrefix.size());
  if (hex.size() != 2 * crypto_auth_hmacsha256_BYTES) return false;
  internal::EnsureLibrariesReady();
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> given{};
  std::size_t given_size = 0;
  const char* hex_end = nullptr;
  if (sodium_hex2bin(given.data(), given.size(), hex.data(), hex.size(), nullptr, &given_size,
                     &hex_end) != 0 ||
      given_size != given.size() || hex_end != hex.data() + hex.size()) {
    return false;
  }
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> expected{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(app_secret.data()),
                              app_secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(raw_body.data()),
                                raw_body.size());
  crypto_auth_hmacsha256_final(&state, expected.data());
  sodium_memzero(&state, sizeof state);
  return sodium_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

core::Result<ProviderReport> ParseWhatsappWebhook(std::string_view raw_body) {
  const json body = json::parse(raw_body, nullptr, false);
  if (!body.is_object()) return core::Invalid("corpo", "o corpo não é um objeto JSON válido");
  if (StringOr(body, "object") != "whatsapp_business_account") {
    return core::Invalid("object", "esperado \"whatsapp_business_account\"");
  }
  const json* entries = Member(body, "entry");
  if (entries == nullptr || !entries->is_array()) {
    return core::Invalid("entry", "deveria ser uma lista");
  }
  ProviderReport report;
  for (std::size_t e = 0; e < entries->size(); ++e) {
    const std::string path = fmt::format("entry[{}]", e);
    const json* changes = Member((*entries)[e], "changes");
    if (changes == nullptr) continue;
    if (!changes->is_array()) return core::Invalid(path + ".changes", "deveria ser uma lista");
    for (std::size_t c = 0; c < changes->size(); ++c) {
      const auto ok = ParseChange((*changes)[c], fmt::format("{}.changes[{}]", path, c), report);
      if (!ok) return core::Fail(ok.error());
    }
  }
  return report;
}

core::Result<ProviderReport> ParseSmsCallback(std::string_view raw_body,
                                              std::string_view content_type) {
  const bool form =
      Lower(content_type).find("application/x-www-form-urlencoded") != std::string::npos;
  json body;
  if (form || (!LooksLikeJson(raw_body) && raw_body.find('=') != std::string_view::npos)) {
    body = FormToJson(raw_body);
  } else {
    body = json::parse(raw_body, nullptr, false);
    if (body.is_discarded()) return core::Invalid("corpo", "o corpo não é JSON válido");
  }
  ProviderReport report;
  if (body.is_array()) {
    if (body.empty()) return core::Invalid("corpo", "lista vazia");
    for (std::size_t i = 0; i < body.size(); ++i) {
      const auto ok = ParseSmsItem(body[i], fmt::format("[{}]", i), report);
      if (!ok) return core::Fail(ok.error());
    }
    return report;
  }
  const auto ok = ParseSmsItem(body, "", report);
  if (!ok) return core::Fail(ok.error());
  return report;
}

}  // namespace fiado::messaging::providers
