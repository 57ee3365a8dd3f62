// Brazilian tax ids: Cpf (people, 11 digits) and Cnpj (companies, 14 characters, numeric or
// the alphanumeric form of IN RFB 2.229/2024), and TaxId, a shop's legal id (either one).
// A value that exists has passed every check of STANDARDS.md §4: separators removed, right
// length, not a repeated-digit sequence, both mod-11 check digits correct.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace fiado::core {

// The two check digits of a CPF, given its first 9 digits ("529982247" → "25").
// Precondition (FIADO_CHECK): exactly 9 ASCII digits.
std::string CpfCheckDigits(std::string_view first9);

// The two check digits of a CNPJ, given its first 12 characters, numeric or alphanumeric
// ("112223330001" → "81", "12ABC34501DE" → "35"). Each character counts as its ASCII code
// − 48, which for digits is the digit itself. Precondition (FIADO_CHECK): 12 of [0-9A-Z].
std::string CnpjCheckDigits(std::string_view first12);

class Cpf {
 public:
  // Accepts 11 digits, bare or with the separators '.', '-', '/' and ASCII whitespace in any
  // position ("529.982.247-25", " 52998224725 ", "529 982 247 25"). Rejects any other
  // character ("CPF 529.982.247-25"), the 10 repeated-digit sequences and wrong check
  // digits. 12345678909 has correct check digits and is accepted (it may be a real CPF).
  static Result<Cpf> Parse(std::string_view text, std::string_view field = "cpf");

  const std::string& digits() const { return digits_; }  // 11 ASCII digits
  std::string Formatted() const;                         // "529.982.247-25"

  friend auto operator<=>(const Cpf&, const Cpf&) = default;

 private:
  explicit Cpf(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

class Cnpj {
 public:
  // Accepts 14 characters [0-9A-Z]{12}[0-9]{2}, bare or with the separators '.', '/', '-'
  // and ASCII whitespace. Lower-case letters are upper-cased first (the RFB format is upper
  // case only; people type "12.abc.345/01de-35"). Rejects other characters, the repeated-
  // digit sequences (00000000000000 passes the arithmetic) and wrong check digits.
  static Result<Cnpj> Parse(std::string_view text, std::string_view field = "cnpj");

  const std::string& value() const { return value_; }  // 14 characters, upper case
  std::string Formatted() const;                       // "12.ABC.345/01DE-35"
  bool IsAlphanumeric() const;                         // any letter in the first 12

  friend auto operator<=>(const Cnpj&, const Cnpj&) = default;

 private:
  explicit Cnpj(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// A shop's legal id: a CPF (sole trader) or a CNPJ. Which one is decided by the length
// after removing separators: 11 → CPF, 14 → CNPJ; then the rules of that kind apply.
class TaxId {
 public:
  static Result<TaxId> Parse(std::string_view text, std::string_view field = "legal_id");

  explicit TaxId(const Cpf& cpf) : is_cnpj_(false), value_(cpf.digits()) {}
  explicit TaxId(const Cnpj& cnpj) : is_cnpj_(true), value_(cnpj.value()) {}

  bool is_cnpj() const { return is_cnpj_; }
  const std::string& value() const { return value_; }  // 11 digits or 14 characters
  std::string Formatted() const;
  std::string_view KindName() const { return is_cnpj_ ? "cnpj" : "cpf"; }

  friend auto operator<=>(const TaxId&, const TaxId&) = default;

 private:
  bool is_cnpj_;
  std::string value_;
};

}  // namespace fiado::core
