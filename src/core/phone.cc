#include "core/phone.h"

#include <array>

#include "core/text.h"

namespace fiado::core {
namespace {

// Second digits of the area codes in use, indexed by first digit − 1 (ANATEL plan; 67
// codes). 20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56–60, 70, 72, 76, 78, 80, 90 are
// not assigned.
constexpr std::array<std::string_view, 9> kDddSecondDigits = {
    "123456789",  // 11–19 SP
    "12478",      // 21, 22, 24 RJ; 27, 28 ES
    "1234578",    // 31–35, 37, 38 MG
    "123456789",  // 41–46 PR; 47–49 SC
    "1345",       // 51, 53–55 RS
    "123456789",  // 61 DF; 62, 64 GO; 63 TO; 65, 66 MT; 67 MS; 68 AC; 69 RO
    "134579",     // 71, 73–75, 77 BA; 79 SE
    "123456789",  // 81, 87 PE; 82 AL; 83 PB; 84 RN; 85, 88 CE; 86, 89 PI
    "123456789",  // 91, 93, 94 PA; 92, 97 AM; 95 RR; 96 AP; 98, 99 MA
};

constexpr std::string_view kMobileRule = "número de celular deve ter 9 dígitos começando com 9";
constexpr std::string_view kLengthRule = "deve ter DDD e número (10 ou 11 dígitos)";
constexpr std::string_view kForeign = "somente números do Brasil (+55)";

bool IsFormatting(char c) {
  return c == '(' || c == ')' || c == '-' || c == '.' || IsAsciiSpace(c);
}

// The digits typed, with `plus` set for a leading '+'. "0xx" (trunk 0 and a wildcard
// for the carrier) keeps only the 0 and sets `carrier_wildcard`.
struct Dialled {
  std::string digits;
  bool plus = false;
  bool carrier_wildcard = false;
};

Result<Dialled> ReadDialled(std::string_view text, std::string_view field) {
  Dialled dialled;
  int x_count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      dialled.digits += c;
    } else if (c == '+' && i == 0) {
      dialled.plus = true;
    } else if ((c == 'x' || c == 'X') && dialled.digits == "0" && x_count < 2) {
      ++x_count;
    } else if (!IsFormatting(c)) {
      return Invalid(std::string(field), "contém caracteres inválidos");
    }
  }
  if (x_count == 1) return Invalid(std::string(field), "contém caracteres inválidos");
  dialled.carrier_wildcard = x_count == 2;
  return dialled;
}

// DDD + subscriber number (10 or 11 digits) from what was dialled, or why not.
Result<std::string> NationalNumber(const Dialled& dialled, std::string_view field) {
  const std::string& d = dialled.digits;
  const std::size_t n = d.size();
  if (dialled.plus) {
    if (d.rfind("55", 0) != 0) return Invalid(std::string(field), std::string(kForeign));
    return d.substr(2);
  }
  if (dialled.carrier_wildcard) return d.substr(1);
  if (d.rfind("00", 0) == 0) {
    return Invalid(std::string(field), "prefixo internacional 00 não aceito; use +55");
  }
  if (d.rfind('0', 0) == 0) {
    if (n == 11 || n == 12) return d.substr(1);  // trunk 0
    if (n == 13 || n == 14) return d.substr(3);  // trunk 0 + 2-digit carrier code
    return Invalid(std::string(field), std::string(kLengthRule));
  }
  if ((n == 12 || n == 13) && d.rfind("55", 0) == 0) return d.substr(2);
  if (n == 8 || n == 9) return Invalid(std::string(field), "informe o DDD");
  return d;
}

// Checks the DDD and the subscriber number of a national number.
Status CheckNational(std::string_view national, std::string_view field) {
  if (national.size() != 10 && national.size() != 11) {
    return Invalid(std::string(field), std::string(kLengthRule));
  }
  const std::string_view ddd = national.substr(0, 2);
  if (!IsBrazilianDdd(ddd)) return Invalid(std::string(field), "DDD inválido: " + std::string(ddd));
  const std::string_view subscriber = national.substr(2);
  const char first = subscriber.front();
  if (subscriber.size() == 9) {
    if (first == '9') return {};
    return Invalid(std::string(field), std::string(kMobileRule));
  }
  if (first >= '2' && first <= '5') return {};
  if (first >= '6') return Invalid(std::string(field), std::string(kMobileRule));
  return Invalid(std::string(field), "número fixo deve ter 8 dígitos começando com 2 a 5");
}

}  // namespace

bool IsBrazilianDdd(std::string_view ddd) {
  if (ddd.size() != 2 || !IsAsciiDigits(ddd) || ddd[0] == '0') return false;
  const std::string_view seconds = kDddSecondDigits[static_cast<std::size_t>(ddd[0] - '1')];
  return seconds.find(ddd[1]) != std::string_view::npos;
}

Result<Phone> Phone::ParseBrazilian(std::string_view text, std::string_view field) {
  const std::string trimmed = Trim(text);
  if (trimmed.empty()) return Invalid(std::string(field), "não informado");
  auto dialled = ReadDialled(trimmed, field);
  if (!dialled) return tl::unexpected(dialled.error());
  auto national = NationalNumber(*dialled, field);
  if (!national) return tl::unexpected(national.error());
  if (auto checked = CheckNational(*national, field); !checked) {
    return tl::unexpected(checked.error());
  }
  return Phone("+55" + *national);
}

std::string_view Phone::ddd() const { return std::string_view(e164_).substr(3, 2); }

bool Phone::is_mobile() const { return e164_.size() == 14; }

std::string Phone::Formatted() const {
  const std::string_view subscriber = std::string_view(e164_).substr(5);
  const std::size_t split = subscriber.size() - 4;
  std::string out = "(";
  out.append(ddd()).append(") ").append(subscriber.substr(0, split)).append("-");
  out.append(subscriber.substr(split));
  return out;
}

}  // namespace fiado::core
