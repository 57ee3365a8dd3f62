// Small text helpers shared across Fiado: ASCII trimming, case and digit filters that leave
// UTF-8 multi-byte sequences alone, UTF-8 validation, and folding of Portuguese/Latin text
// to ASCII ("São João" → "Sao Joao") for accent-insensitive search and ASCII-only payloads.
// All functions are pure and return new strings; none allocates beyond its result.
#pragma once

#include <string>
#include <string_view>

namespace fiado::core {

// True for the six ASCII whitespace characters: space, \t, \n, \v, \f, \r.
bool IsAsciiSpace(char c);

// Removes leading and trailing ASCII whitespace (not U+00A0 or other Unicode spaces).
std::string Trim(std::string_view text);

// The text up to its first line break, without trailing spaces: a library's multi-line
// error message made fit for one log or terminal line.
std::string FirstLine(std::string_view text);

// Keeps only the characters '0'–'9' ("529.982.247-25" → "52998224725").
std::string DigitsOnly(std::string_view text);

// True when `text` is non-empty and every character is '0'–'9'.
bool IsAsciiDigits(std::string_view text);

// Change only the ASCII letters; every other byte (UTF-8 included) is copied unchanged.
std::string AsciiUpper(std::string_view text);
std::string AsciiLower(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points
// above U+10FFFF). The empty string is valid.
bool IsValidUtf8(std::string_view text);

// Maps UTF-8 text to ASCII: letters of Latin-1 and Latin Extended-A lose their diacritics
// ("ç" → "c", "Ã" → "A"), "º"/"ª" become "o"/"a", ligatures expand ("æ" → "ae", "ß" →
// "ss"), U+00A0 (no-break space) becomes a space, combining marks and every other
// non-ASCII character are dropped, and so is each byte of an invalid UTF-8 sequence.
std::string FoldToAscii(std::string_view utf8);

// Key for accent- and case-insensitive search: FoldToAscii, then lower case, then runs of
// whitespace collapsed to one space and the ends trimmed ("  São  PAULO " → "sao paulo").
std::string SearchKey(std::string_view utf8);

}  // namespace fiado::core
