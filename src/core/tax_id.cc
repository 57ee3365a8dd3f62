#include "core/tax_id.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>

#include "core/text.h"

namespace fiado::core {
namespace {

bool IsSeparator(char c) { return c == '.' || c == '-' || c == '/' || IsAsciiSpace(c); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }

// Removes separators and upper-cases ASCII letters; nullopt when any other character
// (punctuation, non-ASCII) is present.
std::optional<std::string> Compact(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (IsSeparator(c)) continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!IsUpperAlnum(c)) return std::nullopt;
    compact += c;
  }
  return compact;
}

// One mod-11 check digit over `chars` (value = ASCII − 48), weights 2, 3, … from the right,
// going back to 2 after `max_weight` (9 for CNPJ; CPF never wraps). r < 2 → 0, else 11 − r.
char Mod11CheckDigit(std::string_view chars, int max_weight) {
  int sum = 0;
  int weight = 2;
  for (auto it = chars.rbegin(); it != chars.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == max_weight ? 2 : weight + 1;
  }
  const int remainder = sum % 11;
  return static_cast<char>('0' + (remainder < 2 ? 0 : 11 - remainder));
}

std::string TwoCheckDigits(std::string_view body, int max_weight) {
  std::string with_dv(body);
  with_dv += Mod11CheckDigit(with_dv, max_weight);
  with_dv += Mod11CheckDigit(with_dv, max_weight);
  return with_dv.substr(body.size());
}

bool AllSame(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [&](char c) { return c == text.front(); });
}

std::string FormatCpf(std::string_view d) {
  std::string out;
  out.append(d.substr(0, 3)).append(".").append(d.substr(3, 3)).append(".");
  out.append(d.substr(6, 3)).append("-").append(d.substr(9, 2));
  return out;
}

std::string FormatCnpj(std::string_view v) {
  std::string out;
  out.append(v.substr(0, 2)).append(".").append(v.substr(2, 3)).append(".");
  out.append(v.substr(5, 3)).append("/").append(v.substr(8, 4)).append("-");
  out.append(v.substr(12, 2));
  return out;
}

constexpr int kCpfMaxWeight = 11;
constexpr int kCnpjMaxWeight = 9;

}  // namespace

std::string CpfCheckDigits(std::string_view first9) {
  FIADO_CHECK(first9.size() == 9 && IsAsciiDigits(first9));
  return TwoCheckDigits(first9, kCpfMaxWeight);
}

std::string CnpjCheckDigits(std::string_view first12) {
  FIADO_CHECK(first12.size() == 12 && std::all_of(first12.begin(), first12.end(), IsUpperAlnum));
  return TwoCheckDigits(first12, kCnpjMaxWeight);
}

Result<Cpf> Cpf::Parse(std::string_view text, std::string_view field) {
  std::optional<std::string> compact = Compact(text);
  if (!compact) return Invalid(std::string(field), "contém caracteres inválidos");
  std::string digits = std::move(*compact);
  if (digits.empty()) return Invalid(std::string(field), "não informado");
  if (!IsAsciiDigits(digits)) return Invalid(std::string(field), "contém caracteres inválidos");
  if (digits.size() != 11) return Invalid(std::string(field), "deve ter 11 dígitos");
  if (AllSame(digits)) {
    return Invalid(std::string(field), "sequência de dígitos repetidos não é um CPF válido");
  }
  if (CpfCheckDigits(std::string_view(digits).substr(0, 9)) != digits.substr(9)) {
    return Invalid(std::string(field), "dígito verificador inválido");
  }
  return Cpf(std::move(digits));
}

std::string Cpf::Formatted() const { return FormatCpf(digits_); }

Result<Cnpj> Cnpj::Parse(std::string_view text, std::string_view field) {
  std::optional<std::string> compact = Compact(text);
  if (!compact) return Invalid(std::string(field), "contém caracteres inválidos");
  std::string value = std::move(*compact);
  if (value.empty()) return Invalid(std::string(field), "não informado");
  if (value.size() != 14) return Invalid(std::string(field), "deve ter 14 caracteres");
  if (!IsDigit(value[12]) || !IsDigit(value[13])) {
    return Invalid(std::string(field),
                   "os dois últimos caracteres (dígitos verificadores) devem ser números");
  }
  if (AllSame(value)) {
    return Invalid(std::string(field), "sequência de dígitos repetidos não é um CNPJ válido");
  }
  if (CnpjCheckDigits(std::string_view(value).substr(0, 12)) != value.substr(12)) {
    return Invalid(std::string(field), "dígito verificador inválido");
  }
  return Cnpj(std::move(value));
}

std::string Cnpj::Formatted() const { return FormatCnpj(value_); }

bool Cnpj::IsAlphanumeric() const {
  return std::any_of(value_.begin(), value_.begin() + 12, [](char c) { return !IsDigit(c); });
}

Result<TaxId> TaxId::Parse(std::string_view text, std::string_view field) {
  const std::optional<std::string> compact = Compact(text);
  if (!compact) return Invalid(std::string(field), "contém caracteres inválidos");
  if (compact->empty()) return Invalid(std::string(field), "não informado");
  if (compact->size() == 11)
    return Cpf::Parse(text, field).map([](const Cpf& cpf) { return TaxId(cpf); });
  if (compact->size() == 14) {
    return Cnpj::Parse(text, field).map([](const Cnpj& cnpj) { return TaxId(cnpj); });
  }
  return Invalid(std::string(field), "deve ter 11 dígitos (CPF) ou 14 caracteres (CNPJ)");
}

std::string TaxId::Formatted() const { return is_cnpj_ ? FormatCnpj(value_) : FormatCpf(value_); }

}  // namespace fiado::core
