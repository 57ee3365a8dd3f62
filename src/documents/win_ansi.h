// Windows-1252 ("WinAnsi"), the single-byte encoding the PDFs draw text in: it holds every
// letter of Portuguese (ç ã õ á é í ó ú â ê ô à ü), º ª § € and the typographic quotes
// and dashes, and PDF viewers extract it back to Unicode without a ToUnicode map.
// Pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace fiado::documents {

// The Unicode characters Windows-1252 can show: U+0020–U+007E, U+00A0–U+00FF and the 27
// characters of 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
std::span<const char32_t> WinAnsiCodePoints();

// The Windows-1252 bytes of UTF-8 `text`. Tabs and line breaks become spaces, other
// control characters are dropped; a character outside Windows-1252 becomes its ASCII
// folding ("ł" → "l", "ő" → "o") or '?' when it has none, and so does each byte of an
// invalid UTF-8 sequence.
std::string ToWinAnsi(std::string_view text);

// The Unicode scalar values of UTF-8 `text`, each invalid byte read as U+FFFD.
std::u32string DecodeUtf8(std::string_view text);

// UTF-8 of `code_points`.
std::string EncodeUtf8(std::u32string_view code_points);

}  // namespace fiado::documents
