#include "documents/win_ansi.h"

#include <array>
#include <cstdint>

#include "core/text.h"

namespace fiado::documents {
namespace {

// Unicode of the bytes 0x80–0x9F; 0 marks the five bytes Windows-1252 leaves undefined.
constexpr std::array<char32_t, 32> kHighControls = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

constexpr std::array<char32_t, 95 + 27 + 96> MakeCodePoints() {
  std::array<char32_t, 95 + 27 + 96> all{};
  std::size_t n = 0;
  for (char32_t c = 0x20; c <= 0x7E; ++c) all[n++] = c;
  for (char32_t c : kHighControls) {
    if (c != 0) all[n++] = c;
  }
  for (char32_t c = 0xA0; c <= 0xFF; ++c) all[n++] = c;
  return all;
}

constexpr auto kCodePoints = MakeCodePoints();

// The Windows-1252 byte of `c`, or -1.
int WinAnsiByte(char32_t c) {
  if ((c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xFF)) return static_cast<int>(c);
  for (std::size_t i = 0; i < kHighControls.size(); ++i) {
    if (kHighControls[i] == c && c != 0) return static_cast<int>(0x80 + i);
  }
  return -1;
}

// Length of the UTF-8 sequence starting with `lead`, 0 when it cannot start one.
int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Decodes one character at `at`, advancing it; U+FFFD (one byte consumed) when invalid.
char32_t DecodeOne(std::string_view text, std::size_t& at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const int length = SequenceLength(lead);
  if (length == 1) {
    ++at;
    return lead;
  }
  if (length == 0 || at + static_cast<std::size_t>(length) > text.size() ||
      !core::IsValidUtf8(text.substr(at, static_cast<std::size_t>(length)))) {
    ++at;
    return 0xFFFD;
  }
  char32_t c = lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    c = (c << 6) | (static_cast<unsigned char>(text[at + static_cast<std::size_t>(k)]) & 0x3F);
  }
  at += static_cast<std::size_t>(length);
  return c;
}

void AppendWinAnsi(char32_t c, std::string& out) {
  if (c == '\t' || c == '\n' || c == '\r') {
    out += ' ';
    return;
  }
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return;  // control characters
  if (const int byte = WinAnsiByte(c); byte >= 0) {
    out += static_cast<char>(byte);
    return;
  }
  if (c == 0x2010 || c == 0x2011 || c == 0x2212) {  // hyphens and minus
    out += '-';
    return;
  }
  const std::string folded = core::FoldToAscii(EncodeUtf8(std::u32string(1, c)));
  out += folded.empty() ? std::string("?") : folded;
}

}  // namespace

std::span<const char32_t> WinAnsiCodePoints() { return kCodePoints; }

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) out += DecodeOne(text, at);
  return out;
}

std::string EncodeUtf8(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (const char32_t c : code_points) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string ToWinAnsi(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x7F) {  // the common case: printable ASCII
      out += static_cast<char>(byte);
      ++at;
      continue;
    }
    const char32_t c = DecodeOne(text, at);
    if (c == 0xFFFD) {
      out += '?';
      continue;
    }
    AppendWinAnsi(c, out);
  }
  return out;
}

}  // namespace fiado::documents
