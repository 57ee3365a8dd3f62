// The e-mail channel: SMTP through libcurl (STARTTLS or implicit TLS, AUTH), a MIME
// message built with curl's MIME API — multipart/mixed holding a multipart/alternative
// (text, HTML) and the attachments — and the server's reply codes read into outcomes.

#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "messaging/providers/curl_easy.h"
#include "messaging/providers/providers.h"

namespace fiado::messaging::providers {
namespace {

SendResult Permanent(std::string reason) {
  return SendResult{.outcome = Outcome::kPermanent, .provider_id = {}, .reason = std::move(reason)};
}

SendResult Transient(std::string reason) {
  return SendResult{.outcome = Outcome::kTransient, .provider_id = {}, .reason = std::move(reason)};
}

bool IsPlainAscii(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) return false;
  }
  return true;
}

// A header value on one line: CR and LF (header injection) become spaces.
std::string OneLine(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return line;
}

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// RFC 2047: the text as it is when plain ASCII, else "=?UTF-8?B?...?=" words of whole
// UTF-8 characters, each within the 75-character limit.
std::string EncodeWords(std::string_view text) {
  const std::string line = OneLine(text);
  if (IsPlainAscii(line)) return line;
  constexpr std::size_t kMaxChunkBytes = 45;  // 60 base64 characters + 12 of wrapping
  std::string encoded;
  std::size_t at = 0;
  while (at < line.size()) {
    std::size_t end = std::min(line.size(), at + kMaxChunkBytes);
    while (end < line.size() && end > at + 1 &&
           (static_cast<unsigned char>(line[end]) & 0xC0U) == 0x80U) {
      --end;
    }
    if (!encoded.empty()) encoded += ' ';
    encoded += "=?UTF-8?B?" + Base64(std::string_view(line).substr(at, end - at)) + "?=";
    at = end;
  }
  return encoded;
}

// "Loja Exemplo <cobranca@loja.com.br>", with the name quoted or RFC 2047-encoded.
std::string Mailbox(std::string_view name, std::string_view address) {
  const std::string clean_address = OneLine(address);
  const std::string clean_name = OneLine(name);
  if (clean_name.empty()) return clean_address;
  if (!IsPlainAscii(clean_name)) {
    return fmt::format("{} <{}>", EncodeWords(clean_name), clean_address);
  }
  std::string quoted = "\"";
  for (const char c : clean_name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return fmt::format("{}\" <{}>", quoted, clean_address);
}

// RFC 5322 date in UTC ("Sun, 22 Nov 2026 13:05:00 +0000"), without the C locale's help.
std::string MailDate(std::chrono::system_clock::time_point now) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const time_t seconds = std::chrono::system_clock::to_time_t(now);
  tm parts{};
  gmtime_r(&seconds, &parts);
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000",
                     kDays.at(static_cast<std::size_t>(parts.tm_wday)), parts.tm_mday,
                     kMonths.at(static_cast<std::size_t>(parts.tm_mon)), parts.tm_year + 1900,
                     parts.tm_hour, parts.tm_min, parts.tm_sec);
}

// Lines end in CRLF, as SMTP wants them (a lone LF or CR becomes CRLF).
std::string CrlfLines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

// RFC 2231 percent-encoding of a parameter value.
std::string PercentEncoded(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                       (byte >= '0' && byte <= '9') || c == '.' || c == '-' || c == '_';
    out += plain ? std::string(1, c) : fmt::format("%{:02X}", byte);
  }
  return out;
}

struct MimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
using Mime = std::unique_ptr<curl_mime, MimeDeleter>;

void AddAttachment(curl_mime* mixed, const Attachment& attachment) {
  curl_mimepart* part = curl_mime_addpart(mixed);
  curl_mime_data(part, attachment.data.data(), attachment.data.size());
  curl_mime_type(part, attachment.content_type.empty() ? "application/octet-stream"
                                                       : OneLine(attachment.content_type).c_str());
  curl_mime_encoder(part, "base64");
  std::string filename = OneLine(attachment.filename);
  for (char& c : filename) {
    if (c == '"' || c == '\\') c = '_';
  }
  if (filename.empty()) filename = "anexo";
  if (IsPlainAscii(filename)) {
    curl_mime_filename(part, filename.c_str());
  } else {
    const std::string disposition =
        "Content-Disposition: attachment; filename*=UTF-8''" + PercentEncoded(filename);
    curl_mime_headers(part, curl_slist_append(nullptr, disposition.c_str()), 1);
  }
}

// multipart/mixed { multipart/alternative { text/plain, text/html }, attachments... }
Mime BuildBody(CURL* handle, const Outgoing& message) {
  Mime mixed(curl_mime_init(handle));
  curl_mime* alternative = curl_mime_init(handle);
  curl_mimepart* text = curl_mime_addpart(alternative);
  const std::string text_crlf = CrlfLines(message.text);
  curl_mime_data(text, text_crlf.data(), text_crlf.size());
  curl_mime_type(text, "text/plain; charset=UTF-8");
  curl_mime_encoder(text, "quoted-printable");
  if (!message.html.empty()) {
    curl_mimepart* html = curl_mime_addpart(alternative);
    const std::string html_crlf = CrlfLines(message.html);
    curl_mime_data(html, html_crlf.data(), html_crlf.size());
    curl_mime_type(html, "text/html; charset=UTF-8");
    curl_mime_encoder(html, "quoted-printable");
  }
  curl_mimepart* body = curl_mime_addpart(mixed.get());
  curl_mime_subparts(body, alternative);  // `body` owns `alternative` now
  curl_mime_type(body, "multipart/alternative");
  for (const auto& attachment : message.attachments) AddAttachment(mixed.get(), attachment);
  return mixed;
}

// What the refused command was about, from curl's error text ("RCPT failed: 550").
std::string_view RefusedStage(std::string_view curl_error) {
  if (curl_error.find("RCPT") != std::string_view::npos) return "o destinatário";
  if (curl_error.find("MAIL") != std::string_view::npos) return "o remetente";
  return "a mensagem";
}

// Keeps the lines the server sent (replies such as "550 5.1.1 destinatario recusado").
int RecordReply(CURL* /*handle*/, curl_infotype type, char* data, std::size_t size, void* replies) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  auto& lines = *static_cast<std::vector<std::string>*>(replies);
  if (!line.empty() && lines.size() < 64) lines.push_back(std::move(line));
  return 0;
}

// The server's words for `reply` ("5.1.1 destinatario recusado"): its last line with that
// code, the code left out (curl sends QUIT after a refusal: the last line is "221 Bye").
std::string ReplyWords(const std::vector<std::string>& replies, long reply) {
  const std::string code = std::to_string(reply);
  for (auto line = replies.rbegin(); line != replies.rend(); ++line) {
    if (line->rfind(code, 0) == 0) {
      const auto words = line->find_first_not_of(" -", code.size());
      return words == std::string::npos ? std::string()
                                        : internal::TruncateUtf8(line->substr(words), 300);
    }
  }
  return {};
}

class SmtpSender final : public Sender {
 public:
  explicit SmtpSender(EmailSettings settings)
      : settings_(std::move(settings)), handle_(curl_easy_init()) {}

  SendResult Send(const Outgoing& message) override {
    if (!handle_) return Transient("e-mail: não foi possível iniciar a conexão (libcurl)");
    CURL* handle = handle_.get();
    const std::string message_id = fmt::format("<{}@fiado>", OneLine(message.message_id));
    std::vector<std::string> header_lines = {
        "From: " + Mailbox(settings_.from_name, settings_.from_address),
        "To: " + Mailbox(message.to_name, message.to),
        "Subject: " + EncodeWords(message.subject),
        "Date: " + MailDate(std::chrono::system_clock::now()),
        "Message-ID: " + message_id,
    };
    if (!settings_.reply_to.empty()) {
      header_lines.push_back("Reply-To: " + OneLine(settings_.reply_to));
    }
    if (!message.unsubscribe_url.empty()) {
      header_lines.push_back("List-Unsubscribe: <" + OneLine(message.unsubscribe_url) + ">");
      header_lines.emplace_back("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    }
    const internal::Slist headers = internal::MakeSlist(header_lines);
    const internal::Slist recipients = internal::MakeSlist({"<" + OneLine(message.to) + ">"});
    const std::string mail_from = "<" + OneLine(settings_.from_address) + ">";
    const Mime body = BuildBody(handle, message);

    char error[CURL_ERROR_SIZE] = {};
    std::vector<std::string> replies;
    curl_easy_reset(handle);
    Configure(handle);
    curl_easy_setopt(handle, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_MIMEPOST, body.get());
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, &RecordReply);
    curl_easy_setopt(handle, CURLOPT_DEBUGDATA, &replies);
    curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);
    const CURLcode code = curl_easy_perform(handle);
    long reply = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply);
    // Nothing set above may outlive this call: `body`, `headers`, `error` die here.
    curl_easy_reset(handle);
    if (code == CURLE_OK) {
      return SendResult{.outcome = Outcome::kSent, .provider_id = message_id, .reason = {}};
    }
    return Classify(code, reply, error, ReplyWords(replies, reply));
  }

 private:
  void Configure(CURL* handle) const {
    curl_easy_setopt(handle, CURLOPT_URL, settings_.smtp_url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout_ms));
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.timeout_ms));
    // A kept connection idle longer than this is not reused (servers drop idle clients).
    curl_easy_setopt(handle, CURLOPT_MAXAGE_CONN, 20L);
    const bool implicit_tls = settings_.smtp_url.rfind("smtps://", 0) == 0;
    if (implicit_tls || settings_.starttls) {
      curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!settings_.verify_tls) {
      curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (!settings_.username.empty()) {
      curl_easy_setopt(handle, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(handle, CURLOPT_PASSWORD, settings_.password.c_str());
    }
  }

  SendResult Classify(CURLcode code, long reply, std::string_view curl_error,
                      std::string_view reply_words) const {
    const std::string words =
        reply_words.empty() ? std::string(curl_error) : std::string(reply_words);
    if (code == CURLE_LOGIN_DENIED || reply == 535) {
      return Permanent(
          reply > 0 ? fmt::format("usuário ou senha do SMTP recusados ({}): {}", reply, words)
                    : fmt::format("usuário ou senha do SMTP recusados: {}", words));
    }
    if (reply >= 500 && reply < 600) {
      return Permanent(fmt::format("o servidor de e-mail recusou {} ({}): {}",
                                   RefusedStage(curl_error), reply, words));
    }
    if (reply >= 400 && reply < 500) {
      return Transient(fmt::format("o servidor de e-mail recusou {} por enquanto ({}): {}",
                                   RefusedStage(curl_error), reply, words));
    }
    std::string reason =
        internal::DescribeCurlError("servidor de e-mail", code, curl_error, settings_.timeout_ms);
    return internal::IsTransientCurlError(code) ? Transient(std::move(reason))
                                                : Permanent(std::move(reason));
  }

  EmailSettings settings_;
  internal::CurlHandle handle_;
};

}  // namespace

std::unique_ptr<Sender> MakeSmtpSender(const EmailSettings& settings) {
  internal::EnsureLibrariesReady();
  return std::make_unique<SmtpSender>(settings);
}

}  // namespace fiado::messaging::providers
