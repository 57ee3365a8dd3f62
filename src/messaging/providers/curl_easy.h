// Private to messaging/providers: libcurl handles owned by RAII types, one JSON POST on a
// reused easy handle (keep-alive), how a libcurl error reads in Portuguese and whether it
// is worth retrying, and small text helpers the channels share.
#pragma once

#include <curl/curl.h>
#include <sodium.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "messaging/channel.h"

namespace fiado::messaging::providers::internal {

// curl_global_init and sodium_init, once per process (thread-safe: a function-local static).
inline void EnsureLibrariesReady() {
  static const bool ready = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return sodium_init() >= 0;
  }();
  (void)ready;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

inline Slist MakeSlist(const std::vector<std::string>& lines) {
  curl_slist* list = nullptr;
  for (const auto& line : lines) list = curl_slist_append(list, line.c_str());
  return Slist(list);
}

// At most `max_bytes` of `text`, never cutting a UTF-8 sequence in two; "…" when cut.
inline std::string TruncateUtf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;
  return std::string(text.substr(0, end)) + "…";
}

inline std::string DigitsOf(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

// Worth trying again later: the network or the server may recover.
inline bool IsTransientCurlError(CURLcode code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_NOT_BUILT_IN:
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_OUT_OF_MEMORY:
      return false;
    default:
      return true;
  }
}

// "{what}: tempo esgotado (300 ms)", "{what}: conexão recusada", ... with curl's own words.
inline std::string DescribeCurlError(std::string_view what, CURLcode code, std::string_view detail,
                                     int timeout_ms) {
  std::string words = detail.empty() ? curl_easy_strerror(code) : std::string(detail);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return fmt::format("{}: tempo esgotado ({} ms)", what, timeout_ms);
    case CURLE_COULDNT_CONNECT:
      return fmt::format("{}: não foi possível conectar ({})", what, words);
    case CURLE_COULDNT_RESOLVE_HOST:
      return fmt::format("{}: endereço do servidor não encontrado ({})", what, words);
    case CURLE_SSL_CONNECT_ERROR:
      return fmt::format("{}: falha na negociação TLS ({})", what, words);
    case CURLE_PEER_FAILED_VERIFICATION:
      return fmt::format("{}: certificado TLS do servidor não é válido ({})", what, words);
    case CURLE_USE_SSL_FAILED:
      return fmt::format("{}: o servidor não oferece STARTTLS ({})", what, words);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return fmt::format("{}: endereço do servidor inválido ({})", what, words);
    default:
      return fmt::format("{}: {}", what, words);
  }
}

inline std::size_t AppendToString(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct HttpAnswer {
  CURLcode code = CURLE_OK;
  long status = 0;            // HTTP status when code is CURLE_OK
  bool request_sent = false;  // the request left (an error after it may hide a success)
  std::string body{};
  std::string error{};  // curl's error buffer
};

// POSTs `body` to `url` on `handle`, which is reset first and keeps its connection cache
// (the next call to the same host reuses the connection).
inline HttpAnswer PostJson(CURL* handle, const std::string& url, curl_slist* headers,
                           const std::string& body, int timeout_ms) {
  HttpAnswer answer;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_reset(handle);
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &AppendToString);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  answer.code = curl_easy_perform(handle);
  if (answer.code == CURLE_OK) {
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  } else {
    answer.error = error;
    long request_bytes = 0;
    curl_easy_getinfo(handle, CURLINFO_REQUEST_SIZE, &request_bytes);
    answer.request_sent = request_bytes > 0;
  }
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);  // `error` dies here
  return answer;
}

// The outcome of a POST that failed in curl: uncertain once the request had left (the
// provider may have taken it), else transient or permanent by the error.
inline SendResult FailedPost(const HttpAnswer& answer, std::string reason) {
  if (answer.request_sent && IsTransientCurlError(answer.code)) {
    return SendResult{
        Outcome::kUncertain,
        {},
        reason + " — a mensagem pode ter chegado ao provedor; confira antes de reenviar"};
  }
  return SendResult{IsTransientCurlError(answer.code) ? Outcome::kTransient : Outcome::kPermanent,
                    {},
                    std::move(reason)};
}

}  // namespace fiado::messaging::providers::internal
