#include "documents/text_format.h"

#include <array>
#include <cstdint>

#include <fmt/format.h>

#include "core/text.h"
#include "documents/win_ansi.h"

namespace fiado::documents {
namespace {

constexpr std::array<const char*, 12> kMonths = {"janeiro",  "fevereiro", "março",    "abril",
                                                 "maio",     "junho",     "julho",    "agosto",
                                                 "setembro", "outubro",   "novembro", "dezembro"};

int Digit(char c) { return c - '0'; }

// Módulo 10 check digit of `digits` (weights 2,1,2,1… from the right; products' digits
// added).
int Modulo10(std::string_view digits) {
  int sum = 0;
  int weight = 2;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    const int product = Digit(*it) * weight;
    sum += product / 10 + product % 10;
    weight = weight == 2 ? 1 : 2;
  }
  return (10 - sum % 10) % 10;
}

std::uint16_t Crc16CcittFalse(std::string_view bytes) {
  std::uint16_t crc = 0xFFFF;
  for (const char c : bytes) {
    crc = static_cast<std::uint16_t>(crc ^ (static_cast<unsigned char>(c) << 8));
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<std::uint16_t>(crc << 1);
    }
  }
  return crc;
}

bool BadBreak(const std::u32string& chars, std::size_t at) {
  return chars[at - 1] == U' ' || chars[at - 1] == U'-' || chars[at] == U' ';
}

}  // namespace

std::string PercentText(core::Rate rate, int min_decimals, int max_decimals) {
  std::int64_t step = 1;
  for (int i = max_decimals; i < 6; ++i) step *= 10;
  const std::int64_t units = rate.units();
  const std::int64_t half = units < 0 ? -step / 2 : step / 2;
  const std::int64_t rounded = step == 1 ? units : (units + half) / step * step;
  std::string text = core::Rate::FromUnits(rounded).FormatPercent();  // "1,5%"
  text.pop_back();                                                    // the '%'
  std::size_t comma = text.find(',');
  if (comma == std::string::npos && min_decimals > 0) {
    comma = text.size();
    text += ',';
  }
  const int decimals = comma == std::string::npos ? 0 : static_cast<int>(text.size() - comma - 1);
  text.append(static_cast<std::size_t>(std::max(0, min_decimals - decimals)), '0');
  return text + "%";
}

std::string TaxIdLabel(std::string_view tax_id) {
  std::size_t alphanumerics = 0;
  for (const char c : tax_id) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) ++alphanumerics;
  }
  return alphanumerics == 11 ? "CPF" : "CNPJ";
}

std::string IssuerIdLine(const Issuer& issuer) {
  std::string line = TaxIdLabel(issuer.legal_id) + " " + issuer.legal_id;
  if (!issuer.phone.empty()) line += " · Tel. " + issuer.phone;
  if (!issuer.email.empty()) line += " · " + issuer.email;
  return line;
}

std::string IssuerAddressLine(const Issuer& issuer) {
  if (issuer.address_line.empty()) return issuer.city_line;
  if (issuer.city_line.empty()) return issuer.address_line;
  return issuer.address_line + " — " + issuer.city_line;
}

std::string LongDateBr(core::Date date) {
  const auto day = static_cast<unsigned>(date.day());
  const auto month = static_cast<unsigned>(date.month());
  return fmt::format("{}{} de {} de {}", day, day == 1 ? "º" : "", kMonths[month - 1],
                     static_cast<int>(date.year()));
}

std::string FormatLinha(std::string_view linha) {
  const std::string d = core::DigitsOnly(linha);
  if (d.size() != 47) return std::string(linha);
  return fmt::format("{}.{} {}.{} {}.{} {} {}", d.substr(0, 5), d.substr(5, 5), d.substr(10, 5),
                     d.substr(15, 6), d.substr(21, 5), d.substr(26, 6), d.substr(32, 1),
                     d.substr(33, 14));
}

std::vector<std::string> ChunkFixed(std::string_view text, std::size_t per_line) {
  const std::u32string chars = DecodeUtf8(text);
  std::vector<std::string> lines;
  const std::size_t shortest = std::max<std::size_t>(per_line / 2, 1);
  std::size_t start = 0;
  while (chars.size() - start > per_line) {
    std::size_t length = per_line;
    while (length > shortest && BadBreak(chars, start + length)) --length;
    if (BadBreak(chars, start + length)) length = per_line;  // nothing better nearby
    lines.push_back(EncodeUtf8(std::u32string_view(chars).substr(start, length)));
    start += length;
  }
  if (start < chars.size() || lines.empty()) {
    lines.push_back(EncodeUtf8(std::u32string_view(chars).substr(start)));
  }
  return lines;
}

bool BoletoBarcodeCheckDigitOk(std::string_view barcode) {
  if (barcode.size() != 44 || !core::IsAsciiDigits(barcode)) return false;
  int sum = 0;
  int weight = 2;
  for (std::size_t i = barcode.size(); i-- > 0;) {
    if (i == 4) continue;
    sum += Digit(barcode[i]) * weight;
    weight = weight == 9 ? 2 : weight + 1;
  }
  int dv = 11 - sum % 11;
  if (dv == 0 || dv == 10 || dv == 11) dv = 1;
  return Digit(barcode[4]) == dv;
}

std::string LinhaToBarcode(std::string_view l) {
  if (l.size() != 47) return {};
  return std::string(l.substr(0, 4)) + std::string(l.substr(32, 1)) +
         std::string(l.substr(33, 14)) + std::string(l.substr(4, 5)) +
         std::string(l.substr(10, 10)) + std::string(l.substr(21, 10));
}

bool LinhaCheckDigitsOk(std::string_view l) {
  if (l.size() != 47 || !core::IsAsciiDigits(l)) return false;
  return Modulo10(l.substr(0, 9)) == Digit(l[9]) && Modulo10(l.substr(10, 10)) == Digit(l[20]) &&
         Modulo10(l.substr(21, 10)) == Digit(l[31]);
}

bool PixCrcOk(std::string_view payload) {
  if (payload.size() < 8 || payload.substr(payload.size() - 8, 4) != "6304") return false;
  const std::string expected =
      fmt::format("{:04X}", Crc16CcittFalse(payload.substr(0, payload.size() - 4)));
  return core::AsciiUpper(payload.substr(payload.size() - 4)) == expected;
}

}  // namespace fiado::documents
