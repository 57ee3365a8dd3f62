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

}  // namespace fiado::documents
