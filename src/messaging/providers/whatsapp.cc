// The WhatsApp Cloud API channel: POST {api_base_url}/{phone_number_id}/messages with a
// template message (or a free text inside the 24-hour window), on one kept-alive
// connection per Sender.

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "messaging/providers/curl_easy.h"
#include "messaging/providers/providers.h"

namespace fiado::messaging::providers {
namespace {

using nlohmann::json;

// Graph API error codes that say "later" (rate limits, Meta's own outages).
constexpr std::array<long, 9> kRetryableCodes = {1,      2,      4,      80007, 130429,
                                                 131000, 131016, 131048, 131056};

SendResult Permanent(std::string reason) {
  return SendResult{.outcome = Outcome::kPermanent, .provider_id = {}, .reason = std::move(reason)};
}

SendResult Transient(std::string reason) {
  return SendResult{.outcome = Outcome::kTransient, .provider_id = {}, .reason = std::move(reason)};
}

std::optional<std::string> ValueOf(const Outgoing& message, const std::string& variable) {
  for (const auto& [name, value] : message.values) {
    if (name == variable) return value;
  }
  return std::nullopt;
}

class WhatsappSender final : public Sender {
 public:
  explicit WhatsappSender(WhatsappSettings settings)
      : settings_(std::move(settings)), handle_(curl_easy_init()) {
    std::string base = settings_.api_base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    url_ = fmt::format("{}/{}/messages", base, settings_.phone_number_id);
    headers_ = internal::MakeSlist({"Authorization: Bearer " + settings_.access_token,
                                    "Content-Type: application/json", "Expect:"});
  }

  SendResult Send(const Outgoing& message) override {
    if (!handle_) return Transient("WhatsApp: não foi possível iniciar a conexão (libcurl)");
    json body = {{"messaging_product", "whatsapp"},
                 {"recipient_type", "individual"},
                 {"to", internal::DigitsOf(message.to)}};
    if (message.free_text) {
      body["type"] = "text";
      body["text"] = {{"preview_url", false}, {"body", message.text}};
    } else {
      auto template_json = Template(message);
      if (!template_json) return Permanent(std::move(template_json).error());
      body["type"] = "template";
      body["template"] = std::move(*template_json);
    }
    if (!message.message_id.empty()) body["biz_opaque_callback_data"] = message.message_id;
    const std::string payload = body.dump(-1, ' ', false, json::error_handler_t::replace);
    const auto answer =
        internal::PostJson(handle_.get(), url_, headers_.get(), payload, settings_.timeout_ms);
    return Classify(answer);
  }

 private:
  // The "template" object, or the Portuguese reason it cannot be built.
  tl::expected<json, std::string> Template(const Outgoing& message) const {
    const auto mapping = std::find_if(
        settings_.templates.begin(), settings_.templates.end(),
        [&](const WhatsappTemplate& t) { return t.template_key == message.template_key; });
    const bool mapped = mapping != settings_.templates.end();
    const std::string name =
        mapped && !mapping->name.empty() ? mapping->name : message.template_key;
    const std::string language =
        mapped && !mapping->language.empty() ? mapping->language : std::string("pt_BR");
    if (name.empty()) return tl::unexpected<std::string>("mensagem do WhatsApp sem modelo");
    json parameters = json::array();
    if (mapped && !mapping->parameters.empty()) {
      for (const auto& variable : mapping->parameters) {
        auto value = ValueOf(message, variable);
        if (!value) {
          return tl::unexpected(fmt::format(
              "o modelo do WhatsApp \"{}\" usa a variável \"{}\", que a mensagem não tem", name,
              variable));
        }
        parameters.push_back({{"type", "text"}, {"text", std::move(*value)}});
      }
    } else {
      for (const auto& [variable, value] : message.values) {
        parameters.push_back({{"type", "text"}, {"text", value}});
      }
    }
    json result = {{"name", name}, {"language", {{"code", language}}}};
    if (!parameters.empty()) {
      result["components"] = json::array({{{"type", "body"}, {"parameters", parameters}}});
    }
    return result;
  }

  SendResult Classify(const internal::HttpAnswer& answer) const {
    if (answer.code != CURLE_OK) {
      std::string reason =
          internal::DescribeCurlError("WhatsApp", answer.code, answer.error, settings_.timeout_ms);
      return internal::FailedPost(answer, std::move(reason));
    }
    const json parsed = json::parse(answer.body, nullptr, false);
    if (answer.status >= 200 && answer.status < 300) {
      if (parsed.is_object() && parsed.contains("messages") && parsed["messages"].is_array() &&
          !parsed["messages"].empty() && parsed["messages"][0].is_object()) {
        const auto& id = parsed["messages"][0].value("id", json());
        if (id.is_string() && !id.get_ref<const std::string&>().empty()) {
          return SendResult{
              .outcome = Outcome::kSent, .provider_id = id.get<std::string>(), .reason = {}};
        }
      }
      return Permanent("resposta inválida do WhatsApp: " +
                       internal::TruncateUtf8(answer.body, 300));
    }
    return ClassifyError(answer, parsed);
  }

  static SendResult ClassifyError(const internal::HttpAnswer& answer, const json& parsed) {
    const bool retry_status = answer.status == 429 || answer.status >= 500;
    const json* error = nullptr;
    if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
      error = &parsed["error"];
    }
    if (error == nullptr) {
      const std::string words = internal::TruncateUtf8(answer.body, 300);
      return retry_status
                 ? Transient(
                       fmt::format("WhatsApp indisponível (HTTP {}): {}", answer.status, words))
                 : Permanent(fmt::format("WhatsApp recusou (HTTP {}): {}", answer.status, words));
    }
    const long code =
        (*error).value("code", json()).is_number_integer() ? (*error)["code"].get<long>() : 0L;
    std::string words = (*error).value("message", json()).is_string()
                            ? (*error)["message"].get<std::string>()
                            : fmt::format("HTTP {}", answer.status);
    if (error->contains("error_data") && (*error)["error_data"].is_object()) {
      const auto& details = (*error)["error_data"].value("details", json());
      if (details.is_string() && details.get_ref<const std::string&>() != words) {
        words += " — " + details.get<std::string>();
      }
    }
    const bool retry_code =
        std::find(kRetryableCodes.begin(), kRetryableCodes.end(), code) != kRetryableCodes.end();
    if (retry_status || retry_code) {
      return Transient(
          fmt::format("WhatsApp pediu para tentar depois: {} (código {})", words, code));
    }
    return Permanent(fmt::format("WhatsApp recusou: {} (código {})", words, code));
  }

  WhatsappSettings settings_;
  internal::CurlHandle handle_;
  internal::Slist headers_;
  std::string url_;
};

}  // namespace

std::unique_ptr<Sender> MakeWhatsappSender(const WhatsappSettings& settings) {
  internal::EnsureLibrariesReady();
  return std::make_unique<WhatsappSender>(settings);
}

}  // namespace fiado::messaging::providers
