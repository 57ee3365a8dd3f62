// The generic HTTP SMS channel (SmsSettings): POST url with the shop's body template, the
// provider's id read at a dotted path of the JSON answer; one kept-alive connection per
// Sender.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "messaging/providers/curl_easy.h"
#include "messaging/providers/providers.h"

namespace fiado::messaging::providers {
namespace {

using nlohmann::json;

SendResult Permanent(std::string reason) {
  return SendResult{.outcome = Outcome::kPermanent, .provider_id = {}, .reason = std::move(reason)};
}

SendResult Transient(std::string reason) {
  return SendResult{.outcome = Outcome::kTransient, .provider_id = {}, .reason = std::move(reason)};
}

// The text as it goes between the quotes of a JSON string.
std::string JsonEscaped(const std::string& text) {
  const std::string quoted = json(text).dump(-1, ' ', false, json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

// body_template with {to} {to_e164} {text} {id} replaced in one pass (a value that holds
// "{id}" stays as it is).
std::string RenderBody(const std::string& body_template, const Outgoing& message) {
  const std::string digits = internal::DigitsOf(message.to);
  const std::pair<std::string_view, std::string> fields[] = {
      {"{to}", JsonEscaped(digits)},
      {"{to_e164}", JsonEscaped("+" + digits)},
      {"{text}", JsonEscaped(message.text)},
      {"{id}", JsonEscaped(message.message_id)},
  };
  std::string body;
  std::size_t at = 0;
  while (at < body_template.size()) {
    bool replaced = false;
    if (body_template[at] == '{') {
      for (const auto& [placeholder, value] : fields) {
        if (std::string_view(body_template).substr(at, placeholder.size()) == placeholder) {
          body += value;
          at += placeholder.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) body.push_back(body_template[at++]);
  }
  return body;
}

// The value at a dotted path ("id", "messages.0.id"); numeric parts index arrays.
const json* AtPath(const json& root, std::string_view path) {
  const json* node = &root;
  while (true) {
    const auto dot = path.find('.');
    const std::string part(path.substr(0, dot));
    if (node->is_object()) {
      const auto found = node->find(part);
      if (found == node->end()) return nullptr;
      node = &*found;
    } else if (node->is_array() && !part.empty() &&
               part.find_first_not_of("0123456789") == std::string::npos && part.size() < 10) {
      const auto index = std::stoul(part);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
    if (dot == std::string_view::npos) return node;
    path.remove_prefix(dot + 1);
  }
}

std::optional<std::string> IdAt(const json& answer, const std::string& id_field) {
  const json* id = AtPath(answer, id_field);
  if (id == nullptr) return std::nullopt;
  if (id->is_string() && !id->get_ref<const std::string&>().empty()) return id->get<std::string>();
  if (id->is_number()) return id->dump();
  return std::nullopt;
}

class SmsSender final : public Sender {
 public:
  explicit SmsSender(SmsSettings settings)
      : settings_(std::move(settings)), handle_(curl_easy_init()) {
    std::vector<std::string> lines;
    if (!settings_.auth_header.empty()) lines.push_back(settings_.auth_header);
    lines.emplace_back("Content-Type: application/json");
    lines.emplace_back("Expect:");
    headers_ = internal::MakeSlist(lines);
  }

  SendResult Send(const Outgoing& message) override {
    if (!handle_) return Transient("SMS: não foi possível iniciar a conexão (libcurl)");
    const std::string body = RenderBody(settings_.body_template, message);
    const auto answer = internal::PostJson(handle_.get(), settings_.url, headers_.get(), body,
                                           settings_.timeout_ms);
    if (answer.code != CURLE_OK) {
      std::string reason = internal::DescribeCurlError("provedor de SMS", answer.code, answer.error,
                                                       settings_.timeout_ms);
      return internal::FailedPost(answer, std::move(reason));
    }
    const std::string words = internal::TruncateUtf8(answer.body, 300);
    if (answer.status >= 200 && answer.status < 300) {
      const json parsed = json::parse(answer.body, nullptr, false);
      if (auto id = IdAt(parsed, settings_.id_field)) {
        return SendResult{.outcome = Outcome::kSent, .provider_id = std::move(*id), .reason = {}};
      }
      return Permanent(fmt::format("resposta inválida do provedor de SMS (sem \"{}\"): {}",
                                   settings_.id_field, words));
    }
    if (answer.status == 429 || answer.status >= 500) {
      return Transient(
          fmt::format("provedor de SMS indisponível (HTTP {}): {}", answer.status, words));
    }
    return Permanent(fmt::format("o provedor de SMS recusou (HTTP {}): {}", answer.status, words));
  }

 private:
  SmsSettings settings_;
  internal::CurlHandle handle_;
  internal::Slist headers_;
};

}  // namespace

std::unique_ptr<Sender> MakeSmsSender(const SmsSettings& settings) {
  internal::EnsureLibrariesReady();
  return std::make_unique<SmsSender>(settings);
}

}  // namespace fiado::messaging::providers
