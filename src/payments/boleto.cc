#include "payments/boleto.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace fiado::payments {
namespace {

using core::Date;

constexpr Date kFactorBase{std::chrono::year{1997}, std::chrono::October, std::chrono::day{7}};
constexpr int kFirstFactor = 1000;  // 03/07/2000, and again from 22/02/2025
constexpr int kLastFactor = 9999;
constexpr int kFactorCycle = kLastFactor - kFirstFactor + 1;  // 9000 days
constexpr int kWindowFutureDays = 5500;

// Positions in the barcode (0-based), STANDARDS §2.1.
constexpr std::size_t kCurrencyAt = 3;
constexpr std::size_t kGeneralDvAt = 4;
constexpr std::size_t kFactorAt = 5;
constexpr std::size_t kAmountAt = 9;
constexpr std::size_t kCampoLivreAt = 19;
// Positions in the linha (0-based) of the three field check digits and of the general DV.
constexpr std::array<std::size_t, 3> kFieldDvAt = {9, 20, 31};
constexpr std::array<std::size_t, 3> kFieldStart = {0, 10, 21};
constexpr std::size_t kLinhaGeneralDvAt = 32;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Written so that GCC vectorises it (a byte-wide OR, no early exit): 4× faster on 44 digits.
bool AllDigits(std::string_view text) {
  unsigned char bad = 0;
  for (const char c : text) {
    bad |= static_cast<unsigned char>(static_cast<unsigned char>(c) - '0') > 9 ? 1 : 0;
  }
  return bad == 0;
}

// Módulo-10 DV of `count` ASCII digits starting at `digits`, weight 2 on the rightmost.
// A doubled digit's two digits sum to 2d, less 9 when d ≥ 5; −9 ≡ +1 (mod 10).
int FieldDv(const char* digits, std::size_t count) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned digit = static_cast<unsigned char>(digits[count - 1 - i]) - '0';
    sum += i % 2 == 0 ? 2 * digit + (digit >= 5 ? 1 : 0) : digit;
  }
  return static_cast<int>((10 - sum % 10) % 10);
}

// The same for a length known at compile time, which unrolls (LinhaFromBarcode's hot path).
template <std::size_t kCount>
int FieldDvOf(const char* digits) {
  return FieldDv(digits, kCount);
}

// General DV of a 44-digit barcode: módulo 11 of the other 43 digits.
int GeneralDv(std::string_view barcode44) {
  std::array<char, kBarcodeLength - 1> digits{};
  std::copy_n(barcode44.begin(), kGeneralDvAt, digits.begin());
  std::copy(barcode44.begin() + kGeneralDvAt + 1, barcode44.end(), digits.begin() + kGeneralDvAt);
  return BoletoModulo11(std::string_view(digits.data(), digits.size()));
}

// `value` as `width` zero-padded digits at `out`; value must fit.
void WriteDigits(char* out, std::int64_t value, std::size_t width) {
  for (std::size_t i = width; i-- > 0;) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

std::int64_t ReadNumber(std::string_view digits) {
  std::int64_t value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

char DigitChar(int digit) { return static_cast<char>('0' + digit); }

}  // namespace

core::Result<int> DueFactor(Date due) {
  if (!due.ok()) return core::Invalid("due_date", "data de vencimento inexistente");
  const int days = core::DaysBetween(kFactorBase, due);
  if (days < kFirstFactor) {
    return core::Invalid("due_date", "vencimento " + core::FormatBr(due) +
                                         " anterior a 03/07/2000: não há fator de vencimento");
  }
  return kFirstFactor + (days - kFirstFactor) % kFactorCycle;
}

std::optional<Date> DateOfFactor(int factor, Date processing) {
  if (factor < kFirstFactor || factor > kLastFactor) return std::nullopt;
  // Candidates are `factor + k × 9000` days after the base, k ≥ 0: take the last one that
  // is not beyond the window's future end.
  const int window_last = core::DaysBetween(kFactorBase, processing) + kWindowFutureDays;
  const int cycles = window_last > factor ? (window_last - factor) / kFactorCycle : 0;
  return core::AddDays(kFactorBase, factor + cycles * kFactorCycle);
}

int Modulo10(std::string_view digits) { return FieldDv(digits.data(), digits.size()); }

int BoletoModulo11(std::string_view digits43) {
  int sum = 0;
  int weight = 2;
  for (std::size_t i = digits43.size(); i-- > 0;) {
    sum += (digits43[i] - '0') * weight;
    weight = weight == 9 ? 2 : weight + 1;
  }
  const int dv = 11 - sum % 11;
  return dv >= 10 ? 1 : dv;
}

core::Result<std::string> MakeBarcode(std::string_view bank_code, std::optional<Date> due,
                                      core::Money amount, std::string_view campo_livre) {
  if (bank_code.size() != 3 || !AllDigits(bank_code)) {
    return core::Invalid("bank_code", "código do banco deve ter 3 dígitos");
  }
  if (campo_livre.size() != kCampoLivreLength || !AllDigits(campo_livre)) {
    return core::Invalid("campo_livre", "campo livre deve ter 25 dígitos");
  }
  if (!amount.IsPositive()) {
    return core::Invalid("amount", "valor do boleto deve ser maior que zero");
  }
  if (amount.cents() > kMaxBoletoAmountCents) {
    return core::Invalid("amount", "valor acima de R$ 99.999.999,99, o máximo de um boleto");
  }
  int factor = 0;
  if (due.has_value()) {
    auto due_factor = DueFactor(*due);
    if (!due_factor) return tl::unexpected(due_factor.error());
    factor = *due_factor;
  }
  std::string barcode(kBarcodeLength, '0');
  barcode.replace(0, 3, bank_code);
  barcode[kCurrencyAt] = '9';
  WriteDigits(&barcode[kFactorAt], factor, 4);
  WriteDigits(&barcode[kAmountAt], amount.cents(), 10);
  barcode.replace(kCampoLivreAt, kCampoLivreLength, campo_livre);
  barcode[kGeneralDvAt] = DigitChar(GeneralDv(barcode));
  return barcode;
}

bool LinhaFromBarcode(std::string_view barcode44, std::span<char, kLinhaLength> linha) {
  if (barcode44.size() != kBarcodeLength || !AllDigits(barcode44)) return false;
  const char* b = barcode44.data();
  char* l = linha.data();
  // Field 1: bank + currency + campo livre 1–5; fields 2 and 3: campo livre 6–15, 16–25.
  std::copy(b, b + 4, l);
  std::copy(b + kCampoLivreAt, b + kCampoLivreAt + 5, l + 4);
  l[9] = DigitChar(FieldDvOf<9>(l));
  std::copy(b + 24, b + 34, l + 10);
  l[20] = DigitChar(FieldDvOf<10>(l + 10));
  std::copy(b + 34, b + 44, l + 21);
  l[31] = DigitChar(FieldDvOf<10>(l + 21));
  // Field 4: general DV; field 5: factor + amount.
  l[kLinhaGeneralDvAt] = b[kGeneralDvAt];
  std::copy(b + kFactorAt, b + kCampoLivreAt, l + 33);
  return true;
}

std::string LinhaFromBarcode(std::string_view barcode44) {
  std::string linha(kLinhaLength, '\0');
  if (!LinhaFromBarcode(barcode44, std::span<char, kLinhaLength>(linha.data(), kLinhaLength))) {
    return {};
  }
  return linha;
}

std::string BarcodeFromLinha(std::string_view linha47) {
  if (linha47.size() != kLinhaLength || !AllDigits(linha47)) return {};
  std::string barcode;
  barcode.reserve(kBarcodeLength);
  barcode.append(linha47.substr(0, 4));
  barcode.push_back(linha47[kLinhaGeneralDvAt]);
  barcode.append(linha47.substr(33, 14));
  barcode.append(linha47.substr(4, 5));
  barcode.append(linha47.substr(10, 10));
  barcode.append(linha47.substr(21, 10));
  return barcode;
}

std::string FormatLinha(std::string_view linha47) {
  if (linha47.size() != kLinhaLength) return std::string(linha47);
  std::string text;
  text.reserve(kLinhaLength + 7);
  text.append(linha47.substr(0, 5)).append(".").append(linha47.substr(5, 5)).append(" ");
  text.append(linha47.substr(10, 5)).append(".").append(linha47.substr(15, 6)).append(" ");
  text.append(linha47.substr(21, 5)).append(".").append(linha47.substr(26, 6)).append(" ");
  text.append(linha47.substr(32, 1)).append(" ").append(linha47.substr(33, 14));
  return text;
}

namespace {

bool IsSeparator(char c) { return c == ' ' || c == '.' || c == '\t' || c == '\n' || c == '\r'; }

// "10ª posição da linha digitável" / "5ª posição do código de barras".
std::string Where(std::size_t index, bool linha) {
  return std::to_string(index + 1) +
         (linha ? "ª posição da linha digitável" : "ª posição do código de barras");
}

std::string_view FieldName(std::size_t digit_count) {
  return digit_count == kBarcodeLength ? "barcode" : "linha";
}

// Phase 1: the digits of `text` with separators dropped; only the first 48 are kept, but
// all are counted.
core::Result<std::size_t> ExtractDigits(std::string_view text, std::array<char, 48>& digits) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsSeparator(c)) continue;
    if (!IsDigit(c)) {
      const std::string shown = c > ' ' && c < 127 ? std::string("'") + c + "' " : "";
      return core::Invalid("linha", "caractere " + shown + "inválido na posição " +
                                        std::to_string(i + 1) +
                                        ": use só dígitos (pontos e espaços são ignorados)");
    }
    if (count < digits.size()) digits[count] = c;
    ++count;
  }
  return count;
}

// Phase 2: the shape: not arrecadação, 44 or 47 digits.
core::Status CheckShape(std::string_view digits, std::size_t count) {
  const std::string field(FieldName(count));
  if (count > 0 && digits[0] == '8') {
    return core::Invalid(field,
                         "código de arrecadação (contas de consumo e tributos, começa com 8): "
                         "não é um boleto bancário");
  }
  if (count != kBarcodeLength && count != kLinhaLength) {
    return core::Invalid(field, "tem " + std::to_string(count) +
                                    " dígitos: o código de barras tem 44 e a linha digitável 47");
  }
  return {};
}

// Phase 3: the módulo-10 DVs of linha fields 1, 2 and 3.
core::Status CheckLinhaFields(std::string_view linha) {
  for (std::size_t field = 0; field < kFieldDvAt.size(); ++field) {
    const std::size_t dv_at = kFieldDvAt[field];
    const int expected = FieldDv(linha.data() + kFieldStart[field], dv_at - kFieldStart[field]);
    if (linha[dv_at] != DigitChar(expected)) {
      return core::Invalid("linha", "dígito verificador do campo " + std::to_string(field + 1) +
                                        " inválido: é " + linha[dv_at] + ", deveria ser " +
                                        DigitChar(expected) + " (" + Where(dv_at, true) + ")");
    }
  }
  return {};
}

// Phase 4: currency, general DV and factor of the barcode.
core::Status CheckBarcode(std::string_view barcode, bool from_linha) {
  const std::string field = from_linha ? "linha" : "barcode";
  if (barcode[kCurrencyAt] != '9') {
    return core::Invalid(field, std::string("código de moeda ") + barcode[kCurrencyAt] +
                                    " inválido: deveria ser 9 (real)");
  }
  const char expected = DigitChar(GeneralDv(barcode));
  if (barcode[kGeneralDvAt] != expected) {
    const std::size_t at = from_linha ? kLinhaGeneralDvAt : kGeneralDvAt;
    return core::Invalid(field, std::string("dígito verificador geral inválido: é ") +
                                    barcode[kGeneralDvAt] + ", deveria ser " + expected + " (" +
                                    Where(at, from_linha) + ")");
  }
  const auto factor = static_cast<int>(ReadNumber(barcode.substr(kFactorAt, 4)));
  if (factor != 0 && factor < kFirstFactor) {
    return core::Invalid(field, "fator de vencimento " + std::string(barcode.substr(kFactorAt, 4)) +
                                    " inválido: deve ser 0000 (sem vencimento) ou de 1000 a 9999");
  }
  return {};
}

DecodedBoleto Decoded(std::string barcode, std::string linha, Date processing) {
  DecodedBoleto boleto;
  boleto.bank_code = barcode.substr(0, 3);
  boleto.due_factor = static_cast<int>(ReadNumber(std::string_view(barcode).substr(kFactorAt, 4)));
  if (boleto.due_factor != 0) boleto.due_date = DateOfFactor(boleto.due_factor, processing);
  boleto.amount =
      core::Money::FromCents(ReadNumber(std::string_view(barcode).substr(kAmountAt, 10)));
  boleto.campo_livre = barcode.substr(kCampoLivreAt);
  boleto.barcode = std::move(barcode);
  boleto.linha = std::move(linha);
  return boleto;
}

}  // namespace

core::Result<DecodedBoleto> DecodeBoleto(std::string_view linha_or_barcode, Date processing) {
  // Phase 1
  std::array<char, 48> buffer{};
  const auto count = ExtractDigits(linha_or_barcode, buffer);
  if (!count) return tl::unexpected(count.error());
  const std::string_view digits(buffer.data(), std::min(*count, buffer.size()));
  // Phase 2
  if (auto shape = CheckShape(digits, *count); !shape) return tl::unexpected(shape.error());
  const bool from_linha = *count == kLinhaLength;
  // Phase 3
  if (from_linha) {
    if (auto fields = CheckLinhaFields(digits); !fields) return tl::unexpected(fields.error());
  }
  std::string barcode = from_linha ? BarcodeFromLinha(digits) : std::string(digits);
  // Phase 4
  if (auto checked = CheckBarcode(barcode, from_linha); !checked) {
    return tl::unexpected(checked.error());
  }
  std::string linha = from_linha ? std::string(digits) : LinhaFromBarcode(barcode);
  return Decoded(std::move(barcode), std::move(linha), processing);
}

}  // namespace fiado::payments
