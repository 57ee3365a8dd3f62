// The HTTP bureau connector: libcurl for the POST (one kept-alive easy handle per
// connector, behind a mutex), nlohmann::json and the settings' JSON pointers for the
// answer. Amounts with decimals are converted from their text, never through a double.

#include "credit/providers/http_bureau.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/money.h"

namespace fiado::credit::providers {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxAnswerBytes = std::size_t{1} << 20;  // 1 MiB
constexpr std::size_t kSnippetBytes = 200;
constexpr int kDefaultTimeoutMs = 10'000;
constexpr int kMaxScore = 1000;

// ---------------------------------------------------------------------------------------
// Errors and text helpers

core::Error MakeError(core::ErrorCode code, std::string message_pt) {
  core::Error error;
  error.code = code;
  error.message_pt = std::move(message_pt);
  return error;
}

core::Error Unavailable(std::string_view name, std::string_view why) {
  return MakeError(core::ErrorCode::kUnavailable,
                   fmt::format("birô {} indisponível: {}", name, why));
}

core::Error Refused(std::string message_pt) {
  return MakeError(core::ErrorCode::kFailedPrecondition, std::move(message_pt));
}

core::Error Unreadable(std::string_view name, std::string_view why) {
  return Refused(fmt::format("resposta do birô {} ilegível: {}", name, why));
}

// The length of the well-formed UTF-8 sequence at text[at], 0 when there is none.
std::size_t Utf8SequenceAt(std::string_view text, std::size_t at) {
  const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned lead = byte(at);
  if (lead < 0x80U) return 1;
  const std::size_t length = lead >= 0xF0U ? 4 : lead >= 0xE0U ? 3 : 2;
  if (lead < 0xC2U || lead > 0xF4U || at + length > text.size()) return 0;
  // The second byte's range excludes overlong forms, surrogates and code points > U+10FFFF.
  const unsigned low = lead == 0xE0U ? 0xA0U : lead == 0xF0U ? 0x90U : 0x80U;
  const unsigned high = lead == 0xEDU ? 0x9FU : lead == 0xF4U ? 0x8FU : 0xBFU;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = at + 2; i < at + length; ++i) {
    if ((byte(i) & 0xC0U) != 0x80U) return 0;
  }
  return length;
}

// At most kSnippetBytes of `text` on one line, as valid UTF-8 (a broken byte becomes
// U+FFFD, a control character a space) for an error message; "…" when cut.
std::string Snippet(std::string_view text) {
  std::string line;
  std::size_t at = 0;
  while (at < text.size() && line.size() < kSnippetBytes) {
    const std::size_t length = Utf8SequenceAt(text, at);
    if (length == 0) {
      line += "\uFFFD";
      ++at;
    } else if (length == 1 && static_cast<unsigned char>(text[at]) < 0x20U) {
      line.push_back(' ');
      ++at;
    } else {
      line.append(text.substr(at, length));
      at += length;
    }
  }
  return at < text.size() ? line + "…" : line;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// ---------------------------------------------------------------------------------------
// Reading the answer's values

// The value at `pointer`; null when the pointer is empty or malformed, or the value is
// missing or JSON null.
const json* At(const json& root, const std::string& pointer) {
  if (pointer.empty()) return nullptr;
  try {
    const json& node = root.at(json::json_pointer(pointer));
    return node.is_null() ? nullptr : &node;
  } catch (const json::exception&) {
    return nullptr;
  }
}

std::optional<bool> FlagFromText(std::string_view raw) {
  std::string text(Trimmed(raw));
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const std::string_view yes : {"s", "sim", "true", "1"}) {
    if (text == yes) return true;
  }
  for (const std::string_view no : {"n", "nao", "não", "nÃo", "false", "0"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

std::optional<bool> ReadFlag(const json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer()) {
    if (value == 0) return false;
    if (value == 1) return true;
    return std::nullopt;
  }
  if (value.is_string()) return FlagFromText(value.get_ref<const std::string&>());
  return std::nullopt;
}

// Reais as "1234.56" / "1234,56" (one separator, at most two non-zero decimals) in
// centavos, digit by digit.
std::optional<std::int64_t> CentsFromDecimalText(std::string_view text) {
  const std::size_t separator = text.find_first_of(".,");
  if (separator == std::string_view::npos) return std::nullopt;
  const std::string_view whole = text.substr(0, separator);
  const std::string_view decimals = text.substr(separator + 1);
  if (!AllDigits(whole) || whole.size() > 15 || !AllDigits(decimals)) return std::nullopt;
  if (decimals.size() > 2 && decimals.find_first_not_of('0', 2) != std::string_view::npos) {
    return std::nullopt;
  }
  std::int64_t cents = 0;
  for (const char c : whole) cents = cents * 10 + (c - '0');
  cents = cents * 100 + std::int64_t{decimals[0] - '0'} * 10;
  if (decimals.size() > 1) cents += decimals[1] - '0';
  return cents;
}

std::optional<std::int64_t> ReadCents(const json& value) {
  if (value.is_number_unsigned()) {
    const auto cents = value.get<std::uint64_t>();
    if (cents > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(cents);
  }
  if (value.is_number_integer()) return std::nullopt;  // negative
  if (value.is_number_float()) return CentsFromDecimalText(value.dump());
  if (!value.is_string()) return std::nullopt;
  const std::string_view text = Trimmed(value.get_ref<const std::string&>());
  if (AllDigits(text) && text.size() <= 18) return std::stoll(std::string(text));
  return CentsFromDecimalText(text);
}

std::optional<core::Date> ReadDate(const json& value) {
  if (!value.is_string()) return std::nullopt;
  std::string_view text = Trimmed(value.get_ref<const std::string&>());
  if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ')) text = text.substr(0, 10);
  auto date =
      text.size() > 4 && text[4] == '-' ? core::ParseIsoDate(text) : core::ParseBrDate(text);
  if (!date) return std::nullopt;
  return *date;
}

std::optional<int> ReadScore(const json& value) {
  std::int64_t score = -1;
  if (value.is_number_unsigned()) {
    const auto raw = value.get<std::uint64_t>();
    if (raw <= static_cast<std::uint64_t>(kMaxScore)) score = static_cast<std::int64_t>(raw);
  } else if (value.is_string()) {
    const std::string_view text = Trimmed(value.get_ref<const std::string&>());
    if (AllDigits(text) && text.size() <= 4) score = std::stoi(std::string(text));
  }
  if (score < 0 || score > kMaxScore) return std::nullopt;
  return static_cast<int>(score);
}

// A string as it is, a number as its JSON text, anything else "".
std::string TextOf(const json* value) {
  if (value == nullptr) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number()) return value->dump();
  return {};
}

// ---------------------------------------------------------------------------------------
// The answer as a whole

// One object of the restrictions array; `path` is its JSON pointer, for the errors.
core::Result<Restriction> ReadRestriction(const HttpBureauSettings& settings, const json& item,
                                          const std::string& path) {
  if (!item.is_object()) {
    return core::Fail(Unreadable(settings.name, fmt::format("\"{}\" não é um objeto", path)));
  }
  Restriction restriction;
  const auto field = [&item](const std::string& name) -> const json* {
    const auto found = item.find(name);
    return found == item.end() || found->is_null() ? nullptr : &*found;
  };
  if (const json* creditor = field(settings.creditor_field)) {
    if (!creditor->is_string() && !creditor->is_number()) {
      return core::Fail(Unreadable(
          settings.name, fmt::format("\"{}/{}\" não é um texto", path, settings.creditor_field)));
    }
    restriction.creditor = TextOf(creditor);
  }
  if (const json* amount = field(settings.amount_cents_field)) {
    const auto cents = ReadCents(*amount);
    if (!cents) {
      return core::Fail(Unreadable(
          settings.name, fmt::format("\"{}/{}\" não é um valor: {}", path,
                                     settings.amount_cents_field, Snippet(amount->dump()))));
    }
    restriction.amount = core::Money::FromCents(*cents);
  }
  const json* date = field(settings.date_field);
  if (date != nullptr && !(date->is_string() && Trimmed(date->get<std::string>()).empty())) {
    restriction.registered_on = ReadDate(*date);
    if (!restriction.registered_on) {
      return core::Fail(
          Unreadable(settings.name, fmt::format("\"{}/{}\" não é uma data: {}", path,
                                                settings.date_field, Snippet(date->dump()))));
    }
  }
  return restriction;
}

core::Result<std::vector<Restriction>> ReadRestrictions(const HttpBureauSettings& settings,
                                                        const json& root) {
  std::vector<Restriction> restrictions;
  const json* list = At(root, settings.restrictions_pointer);
  if (list == nullptr) return restrictions;
  if (!list->is_array()) {
    return core::Fail(Unreadable(
        settings.name, fmt::format("\"{}\" não é uma lista", settings.restrictions_pointer)));
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = fmt::format("{}/{}", settings.restrictions_pointer, i);
    auto restriction = ReadRestriction(settings, (*list)[i], path);
    if (!restriction) return core::Fail(std::move(restriction.error()));
    restrictions.push_back(std::move(*restriction));
  }
  return restrictions;
}

std::string Summary(const BureauAnswer& answer) {
  const std::size_t count = answer.restrictions.size();
  if (count == 1) return "1 restrição encontrada";
  if (count > 1) return fmt::format("{} restrições encontradas", count);
  return answer.restricted ? "consta restrição (sem detalhes)" : "nada consta";
}

// ---------------------------------------------------------------------------------------
// libcurl

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init once per process (a function-local static is initialised once).
void EnsureCurlReady() {
  static const bool ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)ready;
}

struct HttpReply {
  CURLcode code = CURLE_OK;
  long status = 0;  // HTTP status when code is CURLE_OK
  std::string body{};
  bool too_large = false;  // the answer passed kMaxAnswerBytes (code is CURLE_WRITE_ERROR)
  std::string error{};     // curl's error buffer
};

std::size_t AppendToReply(char* data, std::size_t size, std::size_t count, void* out) {
  auto* reply = static_cast<HttpReply*>(out);
  if (reply->body.size() + size * count > kMaxAnswerBytes) {
    reply->too_large = true;
    return 0;  // aborts the transfer
  }
  reply->body.append(data, size * count);
  return size * count;
}

// POSTs `body` on `handle`, which is reset first and keeps its connection cache.
HttpReply PostJson(CURL* handle, const std::string& url, curl_slist* headers,
                   const std::string& body, int timeout_ms) {
  HttpReply reply;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_reset(handle);
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &AppendToReply);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  reply.code = curl_easy_perform(handle);
  if (reply.code == CURLE_OK) {
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply.status);
  } else {
    reply.error = error;
  }
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);  // `error` dies here
  return reply;
}

// "tempo esgotado (300 ms)", "não foi possível conectar (…)", … with curl's own words.
std::string DescribeCurlError(const HttpReply& reply, int timeout_ms) {
  std::string words = reply.error.empty() ? curl_easy_strerror(reply.code) : reply.error;
  switch (reply.code) {
    case CURLE_OPERATION_TIMEDOUT:
      return fmt::format("tempo esgotado ({} ms)", timeout_ms);
    case CURLE_COULDNT_CONNECT:
      return fmt::format("não foi possível conectar ({})", words);
    case CURLE_COULDNT_RESOLVE_HOST:
      return fmt::format("endereço do servidor não encontrado ({})", words);
    default:
      return words;
  }
}

// Ok for a 2xx answer, else the error the lookup reports.
core::Status CheckReply(std::string_view name, const HttpReply& reply, int timeout_ms) {
  if (reply.too_large) {
    return core::Fail(Unreadable(name, fmt::format("maior que {} bytes", kMaxAnswerBytes)));
  }
  if (reply.code == CURLE_URL_MALFORMAT || reply.code == CURLE_UNSUPPORTED_PROTOCOL) {
    return core::Fail(Refused(fmt::format("endereço do birô {} inválido ({})", name,
                                          DescribeCurlError(reply, timeout_ms))));
  }
  if (reply.code != CURLE_OK) {
    return core::Fail(Unavailable(name, DescribeCurlError(reply, timeout_ms)));
  }
  const long status = reply.status;
  if (status >= 200 && status < 300) return {};
  const std::string words = Snippet(reply.body);
  if (status == 429 || status >= 500) {
    return core::Fail(Unavailable(name, fmt::format("HTTP {}: {}", status, words)));
  }
  if (status == 401 || status == 403) {
    return core::Fail(
        Refused(fmt::format("birô {} recusou as credenciais (HTTP {})", name, status)));
  }
  return core::Fail(
      Refused(fmt::format("birô {} recusou a consulta (HTTP {}): {}", name, status, words)));
}

// ---------------------------------------------------------------------------------------
// The connector

// The text as it goes between the quotes of a JSON string.
std::string JsonEscaped(std::string_view text) {
  const std::string quoted =
      json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

// `text` with every `placeholder` replaced by `value`, in one pass.
std::string ReplaceAll(std::string_view text, std::string_view placeholder,
                       std::string_view value) {
  std::string out;
  std::size_t at = 0;
  for (auto found = text.find(placeholder); found != std::string_view::npos;
       found = text.find(placeholder, at)) {
    out.append(text.substr(at, found - at)).append(value);
    at = found + placeholder.size();
  }
  return out.append(text.substr(at));
}

// The request body: {cpf} and {purpose} replaced in one pass (a value is never rescanned).
std::string RenderBody(std::string_view body_template, std::string_view cpf,
                       std::string_view purpose) {
  if (body_template.empty()) body_template = R"({"cpf":"{cpf}","purpose":"{purpose}"})";
  const std::pair<std::string_view, std::string> fields[] = {{"{cpf}", JsonEscaped(cpf)},
                                                             {"{purpose}", JsonEscaped(purpose)}};
  std::string body;
  std::size_t at = 0;
  while (at < body_template.size()) {
    const std::string_view rest = body_template.substr(at);
    const auto* field = std::find_if(std::begin(fields), std::end(fields),
                                     [rest](const auto& f) { return rest.starts_with(f.first); });
    if (field == std::end(fields)) {
      body.push_back(body_template[at++]);
      continue;
    }
    body += field->second;
    at += field->first.size();
  }
  return body;
}

class HttpBureau final : public BureauConnector {
 public:
  explicit HttpBureau(HttpBureauSettings settings)
      : settings_(std::move(settings)), handle_(curl_easy_init()) {
    if (settings_.timeout_ms <= 0) settings_.timeout_ms = kDefaultTimeoutMs;
    std::vector<std::string> lines = {"Content-Type: application/json", "Accept: application/json",
                                      "Expect:"};
    if (!settings_.auth_header.empty()) lines.push_back(settings_.auth_header);
    curl_slist* list = nullptr;
    for (const auto& line : lines) list = curl_slist_append(list, line.c_str());
    headers_.reset(list);
  }

  std::string_view Name() const override { return settings_.name; }

  core::Result<BureauAnswer> Lookup(const core::Cpf& cpf, Purpose purpose,
                                    std::string* provider_reference) override {
    const std::string url = ReplaceAll(settings_.url, "{cpf}", cpf.digits());
    const std::string body =
        RenderBody(settings_.body_template, cpf.digits(), PurposeName(purpose));
    HttpReply reply;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!handle_ || !headers_) {
        return core::Fail(Unavailable(settings_.name, "não foi possível iniciar a conexão"));
      }
      reply = PostJson(handle_.get(), url, headers_.get(), body, settings_.timeout_ms);
    }
    if (auto checked = CheckReply(settings_.name, reply, settings_.timeout_ms); !checked) {
      return core::Fail(std::move(checked.error()));
    }
    return ReadBureauAnswer(settings_, reply.body, provider_reference);
  }

 private:
  HttpBureauSettings settings_;
  Slist headers_;
  std::mutex mutex_;
  CurlHandle handle_;  // guarded by mutex_
};

}  // namespace

std::unique_ptr<BureauConnector> MakeHttpBureau(const HttpBureauSettings& settings) {
  EnsureCurlReady();
  return std::make_unique<HttpBureau>(settings);
}

// Phase 1: the JSON; Phase 2: the flag; Phase 3: the restrictions; Phase 4: score,
// reference and summary.
core::Result<BureauAnswer> ReadBureauAnswer(const HttpBureauSettings& settings,
                                            std::string_view body,
                                            std::string* provider_reference) {
  // Phase 1
  const json root = json::parse(body, nullptr, false);
  if (root.is_discarded()) {
    return core::Fail(Unreadable(settings.name, fmt::format("não é JSON: {}", Snippet(body))));
  }
  // Phase 2
  BureauAnswer answer;
  const json* flag = At(root, settings.restricted_pointer);
  if (flag == nullptr) {
    return core::Fail(Unreadable(settings.name,
                                 fmt::format("falta o campo \"{}\"", settings.restricted_pointer)));
  }
  const auto restricted = ReadFlag(*flag);
  if (!restricted) {
    return core::Fail(
        Unreadable(settings.name, fmt::format("\"{}\" não é sim/não: {}",
                                              settings.restricted_pointer, Snippet(flag->dump()))));
  }
  // Phase 3
  auto restrictions = ReadRestrictions(settings, root);
  if (!restrictions) return core::Fail(std::move(restrictions.error()));
  answer.restrictions = std::move(*restrictions);
  answer.restricted = *restricted || !answer.restrictions.empty();
  // Phase 4
  if (const json* score = At(root, settings.score_pointer)) {
    answer.bureau_score = ReadScore(*score);
    if (!answer.bureau_score) {
      return core::Fail(
          Unreadable(settings.name, fmt::format("\"{}\" não é uma pontuação de 0 a 1000: {}",
                                                settings.score_pointer, Snippet(score->dump()))));
    }
  }
  if (provider_reference != nullptr) {
    *provider_reference = TextOf(At(root, settings.reference_pointer));
  }
  answer.summary = Summary(answer);
  return answer;
}

}  // namespace fiado::credit::providers
