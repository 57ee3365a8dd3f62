#include "core/text.h"

#include <cstddef>
#include <cstdint>

namespace fiado::core {
namespace {

// Decodes the UTF-8 sequence starting at text[pos]. Returns its length in bytes and stores
// the code point, or returns 0 when the bytes there are not a well-formed sequence.
std::size_t DecodeUtf8(std::string_view text, std::size_t pos, char32_t& code_point) {
  const auto lead = static_cast<std::uint8_t>(text[pos]);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  char32_t min_value = 0;  // the smallest code point not overlong at this length
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    min_value = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    min_value = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    min_value = 0x10000;
  } else {
    return 0;  // continuation byte, overlong 2-byte lead (C0/C1) or F5–FF
  }
  code_point = lead & (0x7Fu >> length);
  if (pos + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<std::uint8_t>(text[pos + i]);
    if ((next & 0xC0u) != 0x80u) return 0;
    code_point = (code_point << 6) | (next & 0x3Fu);
  }
  if (code_point < min_value || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

// ASCII base letter of U+00C0–U+017F, one character per code point, 16 per row. '*' marks
// a code point that expands to two letters (see FoldLatin); '_' marks × and ÷ (dropped).
constexpr std::string_view kLatinBase =
    "AAAAAA*CEEEEIIII"   // U+00C0
    "DNOOOOO_OUUUUY**"   // U+00D0
    "aaaaaa*ceeeeiiii"   // U+00E0
    "dnooooo_ouuuuy*y"   // U+00F0
    "AaAaAaCcCcCcCcDd"   // U+0100
    "DdEeEeEeEeEeGgGg"   // U+0110
    "GgGgHhHhIiIiIiIi"   // U+0120
    "Ii**JjKkkLlLlLlL"   // U+0130
    "lLlNnNnNnnNnOoOo"   // U+0140
    "Oo**RrRrRrSsSsSs"   // U+0150
    "SsTtTtTtUuUuUuUu"   // U+0160
    "UuUuWwYyYZzZzZzs";  // U+0170

// Appends the ASCII folding of one non-ASCII code point (possibly nothing).
void FoldLatin(char32_t code_point, std::string& out) {
  switch (code_point) {
    case 0xA0:
      out += ' ';
      return;  // no-break space
    case 0xAA:
      out += 'a';
      return;  // ª feminine ordinal
    case 0xBA:
      out += 'o';
      return;  // º masculine ordinal
    case 0xC6:
      out += "AE";
      return;  // Æ
    case 0xDE:
      out += "TH";
      return;  // Þ
    case 0xDF:
      out += "ss";
      return;  // ß
    case 0xE6:
      out += "ae";
      return;  // æ
    case 0xFE:
      out += "th";
      return;  // þ
    case 0x132:
      out += "IJ";
      return;
    case 0x133:
      out += "ij";
      return;
    case 0x152:
      out += "OE";
      return;
    case 0x153:
      out += "oe";
      return;
    default:
      break;
  }
  if (code_point < 0xC0 || code_point >= 0xC0 + kLatinBase.size()) return;
  const char base = kLatinBase[code_point - 0xC0];
  if (base != '_' && base != '*') out += base;
}

char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char ToUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string Trim(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string FirstLine(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  return std::string(line);
}

std::string DigitsOnly(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

bool IsAsciiDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string AsciiUpper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = ToUpper(c);
  return upper;
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = ToLower(c);
  return lower;
}

bool IsValidUtf8(std::string_view text) {
  char32_t code_point = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = DecodeUtf8(text, pos, code_point);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::string FoldToAscii(std::string_view utf8) {
  std::string folded;
  folded.reserve(utf8.size());
  char32_t code_point = 0;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const std::size_t length = DecodeUtf8(utf8, pos, code_point);
    if (length == 0) {
      ++pos;  // drop one byte of the invalid sequence and resynchronise
      continue;
    }
    if (code_point < 0x80) {
      folded += static_cast<char>(code_point);
    } else {
      FoldLatin(code_point, folded);
    }
    pos += length;
  }
  return folded;
}

std::string SearchKey(std::string_view utf8) {
  const std::string folded = FoldToAscii(utf8);
  std::string key;
  key.reserve(folded.size());
  bool pending_space = false;
  for (char c : folded) {
    if (IsAsciiSpace(c)) {
      pending_space = !key.empty();
      continue;
    }
    if (pending_space) key += ' ';
    pending_space = false;
    key += ToLower(c);
  }
  return key;
}

}  // namespace fiado::core
