// A Brazilian telephone number, kept in E.164 form ("+5511987654321"). A Phone that exists
// has a DDD in use (the 67 area codes of ANATEL's plan) and a subscriber number that is
// either a mobile (9 digits starting with 9) or a landline (8 digits starting with 2–5).
// Foreign numbers are not representable: Fiado sends SMS and WhatsApp to Brazil only.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace fiado::core {

// True for the 67 area codes in use (11–19, 21, 22, 24, 27, 28, 31–35, 37, 38, 41–49, 51,
// 53–55, 61–69, 71, 73–75, 77, 79, 81–89, 91–99). `ddd` is the two digits, e.g. "11".
bool IsBrazilianDdd(std::string_view ddd);

class Phone {
 public:
  // Accepts the ways Brazilians write a number, with spaces, '(', ')', '-' and '.' anywhere:
  //   "(11) 98765-4321", "11987654321", "+55 (11) 98765-4321", "5511987654321" (country
  //   code without '+'), "011 98765-4321" (trunk 0), "0 21 11 98765-4321" and
  //   "0xx11 98765-4321" (trunk 0 + carrier code). A '+' is allowed only first and must be
  //   followed by 55. E.164 text ("+5511987654321") parses back to the same Phone.
  static Result<Phone> ParseBrazilian(std::string_view text, std::string_view field = "phone");

  const std::string& e164() const { return e164_; }  // "+5511987654321"
  std::string_view ddd() const;                      // "11"
  bool is_mobile() const;
  std::string Formatted() const;  // "(11) 98765-4321" or "(11) 3456-7890"

  friend auto operator<=>(const Phone&, const Phone&) = default;

 private:
  explicit Phone(std::string e164) : e164_(std::move(e164)) {}
  std::string e164_;
};

}  // namespace fiado::core
