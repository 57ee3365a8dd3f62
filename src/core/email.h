// An e-mail address that passed a pragmatic syntax check (not full RFC 5322: no quoted
// local parts, comments, IP literals or non-ASCII). Kept trimmed, with the local part as
// typed and the domain in lower case ("Ana.Souza@Loja.COM.br" → "Ana.Souza@loja.com.br"):
// some mail servers treat the local part case-sensitively, domains never do.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace fiado::core {

class Email {
 public:
  // Rules: exactly one '@'; local part of 1–64 characters from A–Z a–z 0–9
  // !#$%&'*+-/=?^_`{|}~ and '.', with no dot first, last or doubled; domain of at least two
  // dot-separated labels of 1–63 characters [a-z0-9-] (upper case accepted and lowered)
  // that neither start nor end with '-', the last (TLD) alphabetic and ≥ 2 long; at most 254
  // characters in all. Leading and trailing ASCII whitespace is removed first.
  static Result<Email> Parse(std::string_view text, std::string_view field = "email");

  const std::string& value() const { return value_; }  // local part as typed, domain lower
  std::string Lowercase() const;  // all lower case, for Pix keys and duplicate checks

  friend auto operator<=>(const Email&, const Email&) = default;

 private:
  explicit Email(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

}  // namespace fiado::core
