#include "payments/pix.h"

#include <array>
#include <bitset>
#include <charconv>
#include <cstring>
#include <utility>

#include "core/email.h"
#include "core/phone.h"
#include "core/tax_id.h"
#include "core/text.h"

namespace fiado::payments {
namespace {

using core::Money;

constexpr std::string_view kGui = "br.gov.bcb.pix";
constexpr std::size_t kMaxValueChars = 99;                 // two length digits
constexpr std::size_t kMaxPayloadChars = 512;              // EMV MPM
constexpr std::size_t kMaxKeyChars = 77;                   // 26.01
constexpr std::size_t kMaxKeyPlusInfo = 73;                // 18 + (4 + key) + (4 + info) ≤ 99
constexpr std::size_t kMaxNameChars = 25;                  // 59
constexpr std::size_t kMaxCityChars = 15;                  // 60
constexpr std::size_t kMaxTxidChars = 25;                  // 62.05, static code
constexpr std::size_t kMaxAmountChars = 13;                // 54
constexpr std::int64_t kMaxAmountCents = 999'999'999'999;  // "9999999999.99"
constexpr std::string_view kNoTxid = "***";
constexpr std::string_view kCrcHeader = "6304";

// ---------------------------------------------------------------------------------------
// CRC-16/CCITT-FALSE, table-driven and sliced by 8: kCrcTables[k][b] is the CRC state after
// byte b followed by k zero bytes, from state 0. The register is 16 bits wide, so in a block
// of 8 bytes it combines with the first two only and the other six are independent lookups.

using CrcTables = std::array<std::array<std::uint16_t, 256>, 8>;

constexpr CrcTables MakeCrcTables() {
  CrcTables tables{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    unsigned crc = byte << 8;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x8000u) != 0 ? (crc << 1) ^ 0x1021u : crc << 1;
    tables[0][byte] = static_cast<std::uint16_t>(crc & 0xFFFFu);
  }
  for (std::size_t k = 1; k < tables.size(); ++k) {
    for (std::size_t byte = 0; byte < 256; ++byte) {
      const std::uint16_t previous = tables[k - 1][byte];
      tables[k][byte] = static_cast<std::uint16_t>((previous << 8) ^ tables[0][previous >> 8]);
    }
  }
  return tables;
}
constexpr CrcTables kCrcTables = MakeCrcTables();

std::uint16_t CrcUpdate(std::uint16_t crc, std::string_view bytes) {
  const auto* at = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::uint8_t* const end = at + bytes.size();
  for (; end - at >= 8; at += 8) {
    crc = kCrcTables[7][(crc >> 8) ^ at[0]] ^ kCrcTables[6][(crc & 0xFFu) ^ at[1]] ^
          kCrcTables[5][at[2]] ^ kCrcTables[4][at[3]] ^ kCrcTables[3][at[4]] ^
          kCrcTables[2][at[5]] ^ kCrcTables[1][at[6]] ^ kCrcTables[0][at[7]];
  }
  for (; at != end; ++at) {
    crc = static_cast<std::uint16_t>((crc << 8) ^ kCrcTables[0][(crc >> 8) ^ *at]);
  }
  return crc;
}

void WriteHex4(std::uint16_t value, char* out) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  for (int i = 3; i >= 0; --i) {
    out[i] = kHex[value & 0xFu];
    value = static_cast<std::uint16_t>(value >> 4);
  }
}

std::string Hex4(std::uint16_t value) {
  std::string text(4, '0');
  WriteHex4(value, text.data());
  return text;
}

// ---------------------------------------------------------------------------------------
// Writing TLVs.

void AppendTlv(std::string& out, std::string_view id, std::string_view value) {
  FIADO_CHECK(id.size() == 2 && !value.empty() && value.size() <= kMaxValueChars);
  out += id;
  out += static_cast<char>('0' + value.size() / 10);
  out += static_cast<char>('0' + value.size() % 10);
  out += value;
}

// Fills a preallocated buffer; the caller sized it exactly.
class Cursor {
 public:
  explicit Cursor(char* at) : at_(at) {}
  void Put(std::string_view text) {
    std::memcpy(at_, text.data(), text.size());
    at_ += text.size();
  }
  void PutLength(std::size_t length) {
    *at_++ = static_cast<char>('0' + length / 10);
    *at_++ = static_cast<char>('0' + length % 10);
  }
  char* Position() const { return at_; }

 private:
  char* at_;
};

// "94.56" for 9456 centavos into `out` (≥ 16 bytes); returns the length. cents > 0.
std::size_t WriteAmount(std::int64_t cents, char* out) {
  const auto [end, error] = std::to_chars(out, out + 13, cents / 100);
  FIADO_CHECK(error == std::errc());
  char* at = end;
  *at++ = '.';
  *at++ = static_cast<char>('0' + (cents % 100) / 10);
  *at++ = static_cast<char>('0' + cents % 10);
  return static_cast<std::size_t>(at - out);
}

// ---------------------------------------------------------------------------------------
// Text fields.

bool IsPrintableAscii(char c) { return c >= 0x20 && c <= 0x7E; }
bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// Length of the UTF-8 sequence led by `lead` (the text is known to be valid UTF-8).
std::size_t Utf8Length(char lead) {
  const auto byte = static_cast<std::uint8_t>(lead);
  if (byte < 0x80) return 1;
  if (byte < 0xE0) return 2;
  if (byte < 0xF0) return 3;
  return 4;
}

// U+0300–U+036F: accents typed as separate marks ("a" + U+0303); dropping them is folding.
bool IsCombiningMark(std::string_view character) {
  if (character.size() != 2) return false;
  const auto b0 = static_cast<std::uint8_t>(character[0]);
  const auto b1 = static_cast<std::uint8_t>(character[1]);
  const unsigned code_point = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
  return code_point >= 0x300 && code_point <= 0x36F;
}

// Folds one UTF-8 text to printable ASCII: accents go, case stays; ASCII whitespace at the
// ends is trimmed. A character with no ASCII equivalent ("€", "日", "×") or a control
// character is an error, never silently dropped.
core::Result<std::string> FoldText(std::string_view text, std::string_view field) {
  if (!core::IsValidUtf8(text)) {
    return core::Invalid(std::string(field), "texto com UTF-8 inválido");
  }
  const std::string trimmed = core::Trim(text);
  std::string folded;
  folded.reserve(trimmed.size());
  for (std::size_t pos = 0; pos < trimmed.size();) {
    const std::string_view character =
        std::string_view(trimmed).substr(pos, Utf8Length(trimmed[pos]));
    pos += character.size();
    if (character.size() == 1) {
      if (!IsPrintableAscii(character[0])) {
        return core::Invalid(std::string(field), "caractere de controle não permitido");
      }
      folded += character[0];
      continue;
    }
    if (IsCombiningMark(character)) continue;
    const std::string ascii = core::FoldToAscii(character);
    if (ascii.empty()) {
      return core::Invalid(std::string(field), "o caractere \"" + std::string(character) +
                                                   "\" não tem equivalente sem acento em ASCII");
    }
    folded += ascii;
  }
  return core::Trim(folded);
}

// FoldText, then 1..max_chars characters.
core::Result<std::string> FoldRequired(std::string_view text, std::string_view field,
                                       std::size_t max_chars) {
  auto folded = FoldText(text, field);
  if (!folded) return folded;
  if (folded->empty()) return core::Invalid(std::string(field), "não informado");
  if (folded->size() > max_chars) {
    return core::Invalid(std::string(field),
                         "tem " + std::to_string(folded->size()) + " caracteres (sem acentos); o " +
                             "máximo é " + std::to_string(max_chars) + " (abrevie; não cortamos)");
  }
  return folded;
}

// ---------------------------------------------------------------------------------------
// Keys.

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool hyphen_place = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen_place ? text[i] != '-' : !IsHexDigit(text[i])) return false;
  }
  return true;
}

core::Error Prefixed(core::Error error, std::string_view prefix, std::string_view suffix = "") {
  error.message_pt = std::string(prefix) + error.message_pt + std::string(suffix);
  return error;
}

core::Result<PixKey> ParseEmailKey(std::string_view text, std::string_view field) {
  auto email = core::Email::Parse(text, field);
  if (!email) return tl::unexpected(Prefixed(email.error(), "chave e-mail: "));
  std::string value = email->Lowercase();
  if (value.size() > kMaxKeyChars) {
    return core::Invalid(std::string(field), "chave e-mail tem " + std::to_string(value.size()) +
                                                 " caracteres; o máximo é 77");
  }
  return PixKey{PixKeyType::kEmail, std::move(value)};
}

core::Result<PixKey> ParsePhoneKey(std::string_view text, std::string_view field) {
  auto phone = core::Phone::ParseBrazilian(text, field);
  if (!phone) return tl::unexpected(Prefixed(phone.error(), "chave telefone: "));
  return PixKey{PixKeyType::kPhone, phone->e164()};
}

// CPF or CNPJ by the number of characters left after removing separators.
core::Result<PixKey> ParseTaxIdKey(std::string_view text, std::string_view field) {
  std::size_t count = 0;
  for (const char c : text) {
    if (c != '.' && c != '-' && c != '/' && !core::IsAsciiSpace(c)) ++count;
  }
  if (count == 11) {
    auto cpf = core::Cpf::Parse(text, field);
    if (!cpf) {
      return tl::unexpected(
          Prefixed(cpf.error(), "chave CPF: ", " (um telefone como chave deve começar com +55)"));
    }
    return PixKey{PixKeyType::kCpf, cpf->digits()};
  }
  if (count == 14) {
    auto cnpj = core::Cnpj::Parse(text, field);
    if (!cnpj) return tl::unexpected(Prefixed(cnpj.error(), "chave CNPJ: "));
    return PixKey{PixKeyType::kCnpj, cnpj->value()};
  }
  return core::Invalid(std::string(field),
                       "chave Pix não reconhecida: use CPF (11 dígitos), CNPJ (14 caracteres), "
                       "e-mail, telefone com +55 ou chave aleatória (UUID)");
}

// ---------------------------------------------------------------------------------------
// Amount and txid (per code).

core::Status CheckAmount(Money amount) {
  if (!amount.IsPositive()) {
    return core::Invalid("amount",
                         "deve ser maior que zero (deixe sem valor para o pagador digitá-lo)");
  }
  if (amount.cents() > kMaxAmountCents) {
    return core::Invalid("amount", "acima do máximo de 9999999999.99 (13 caracteres no campo 54)");
  }
  return {};
}

core::Status CheckTxid(std::string_view txid) {
  if (txid.empty() || txid == kNoTxid) return {};
  if (txid.size() > kMaxTxidChars) {
    return core::Invalid("txid",
                         "tem " + std::to_string(txid.size()) + " caracteres; o máximo é 25");
  }
  for (const char c : txid) {
    if (!IsAsciiAlnum(c)) {
      return core::Invalid("txid", "aceita apenas letras sem acento e números (A-Z, a-z, 0-9)");
    }
  }
  return {};
}

}  // namespace

std::string_view PixKeyTypeName(PixKeyType type) {
  switch (type) {
    case PixKeyType::kCpf:
      return "cpf";
    case PixKeyType::kCnpj:
      return "cnpj";
    case PixKeyType::kEmail:
      return "email";
    case PixKeyType::kPhone:
      return "phone";
    case PixKeyType::kRandom:
      return "random";
  }
  return "random";
}

std::uint16_t Crc16CcittFalse(std::string_view bytes) { return CrcUpdate(0xFFFF, bytes); }

core::Result<PixKey> ParsePixKey(std::string_view text, std::string_view field) {
  const std::string trimmed = core::Trim(text);
  if (trimmed.empty()) return core::Invalid(std::string(field), "chave Pix não informada");
  if (trimmed.find('@') != std::string::npos) return ParseEmailKey(trimmed, field);
  if (trimmed.front() == '+') return ParsePhoneKey(trimmed, field);
  if (IsUuid(trimmed)) return PixKey{PixKeyType::kRandom, core::AsciiLower(trimmed)};
  return ParseTaxIdKey(trimmed, field);
}

// ---------------------------------------------------------------------------------------
// PixEncoder

PixEncoder::PixEncoder(PixKey key, std::string head, std::string tail)
    : key_(std::move(key)),
      head_(std::move(head)),
      tail_(std::move(tail)),
      head_crc_(CrcUpdate(0xFFFF, head_)) {}

core::Result<PixEncoder> PixEncoder::Make(std::string_view key, std::string_view name,
                                          std::string_view city, std::string_view info) {
  auto parsed_key = ParsePixKey(key, "key");
  if (!parsed_key) return tl::unexpected(parsed_key.error());
  auto folded_name = FoldRequired(name, "merchant_name", kMaxNameChars);
  if (!folded_name) return tl::unexpected(folded_name.error());
  auto folded_city = FoldRequired(city, "merchant_city", kMaxCityChars);
  if (!folded_city) return tl::unexpected(folded_city.error());
  auto folded_info = FoldText(info, "info");
  if (!folded_info) return tl::unexpected(folded_info.error());
  const std::size_t key_chars = parsed_key->value.size();
  if (!folded_info->empty() && key_chars + folded_info->size() > kMaxKeyPlusInfo) {
    return core::Invalid("info", "tem " + std::to_string(folded_info->size()) +
                                     " caracteres; com uma chave de " + std::to_string(key_chars) +
                                     ", chave + info podem ter no máximo 73 " +
                                     "(o campo 26 tem até 99); encurte o texto, não cortamos");
  }

  std::string account;  // template 26
  AppendTlv(account, "00", kGui);
  AppendTlv(account, "01", parsed_key->value);
  if (!folded_info->empty()) AppendTlv(account, "02", *folded_info);
  std::string head = "000201";
  AppendTlv(head, "26", account);
  head += "52040000";
  head += "5303986";
  std::string tail;
  AppendTlv(tail, "58", "BR");
  AppendTlv(tail, "59", *folded_name);
  AppendTlv(tail, "60", *folded_city);
  return PixEncoder(std::move(*parsed_key), std::move(head), std::move(tail));
}

core::Result<std::string> PixEncoder::Encode(std::optional<Money> amount,
                                             std::string_view txid) const {
  std::array<char, 16> amount_text{};
  std::size_t amount_chars = 0;
  if (amount) {
    if (auto checked = CheckAmount(*amount); !checked) return tl::unexpected(checked.error());
    amount_chars = WriteAmount(amount->cents(), amount_text.data());
  }
  if (auto checked = CheckTxid(txid); !checked) return tl::unexpected(checked.error());
  if (txid.empty()) txid = kNoTxid;

  const std::size_t amount_field = amount ? 4 + amount_chars : 0;
  const std::size_t size = head_.size() + amount_field + tail_.size() + 8 + txid.size() + 8;
  std::string payload(size, '\0');
  Cursor cursor(payload.data());
  cursor.Put(head_);
  if (amount) {
    cursor.Put("54");
    cursor.PutLength(amount_chars);
    cursor.Put(std::string_view(amount_text.data(), amount_chars));
  }
  cursor.Put(tail_);
  cursor.Put("62");
  cursor.PutLength(4 + txid.size());
  cursor.Put("05");
  cursor.PutLength(txid.size());
  cursor.Put(txid);
  cursor.Put(kCrcHeader);
  FIADO_CHECK(cursor.Position() + 4 == payload.data() + size);
  const std::string_view variable(payload.data() + head_.size(), size - head_.size() - 4);
  WriteHex4(CrcUpdate(head_crc_, variable), cursor.Position());
  return payload;
}

core::Result<std::string> EncodePix(const PixCharge& charge) {
  auto encoder =
      PixEncoder::Make(charge.key, charge.merchant_name, charge.merchant_city, charge.info);
  if (!encoder) return tl::unexpected(encoder.error());
  return encoder->Encode(charge.amount, charge.txid);
}

// ---------------------------------------------------------------------------------------
// Decoding

namespace {

core::Error PayloadError(std::string message_pt) {
  return core::Error::Invalid("payload", std::move(message_pt));
}

// Byte position `chars` characters (UTF-8 code points) after `pos`, or npos past the end.
std::size_t AdvanceChars(std::string_view text, std::size_t pos, std::size_t chars) {
  for (; chars > 0; --chars) {
    if (pos >= text.size()) return std::string_view::npos;
    pos += Utf8Length(text[pos]);
  }
  return pos <= text.size() ? pos : std::string_view::npos;
}

std::size_t CountChars(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<std::uint8_t>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return count;
}

bool IsTwoDigits(std::string_view text) {
  return text.size() == 2 && text[0] >= '0' && text[0] <= '9' && text[1] >= '0' && text[1] <= '9';
}

int TwoDigitValue(std::string_view text) { return (text[0] - '0') * 10 + (text[1] - '0'); }

// Calls visit(id, value) for each TLV of `text`, in order; `where` names the template in
// messages ("" at the top level). Stops at the first error, or at one `visit` returns.
template <typename Visit>
core::Status ReadTlvs(std::string_view text, std::string_view where, Visit&& visit) {
  std::bitset<100> seen;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t value_at = AdvanceChars(text, pos, 4);
    if (value_at == std::string_view::npos) {
      return tl::unexpected(PayloadError("campo incompleto no fim" + std::string(where)));
    }
    const std::size_t length_at = AdvanceChars(text, pos, 2);
    const std::string_view id = text.substr(pos, length_at - pos);
    const std::string_view length_text = text.substr(length_at, value_at - length_at);
    if (!IsTwoDigits(id)) {
      return tl::unexpected(PayloadError("identificador de campo não numérico (\"" +
                                         std::string(id) + "\")" + std::string(where)));
    }
    if (!IsTwoDigits(length_text) || TwoDigitValue(length_text) == 0) {
      return tl::unexpected(PayloadError("tamanho do campo " + std::string(id) +
                                         " não é um número de 01 a 99 (\"" +
                                         std::string(length_text) + "\")" + std::string(where)));
    }
    const auto length = static_cast<std::size_t>(TwoDigitValue(length_text));
    const std::size_t end = AdvanceChars(text, value_at, length);
    if (end == std::string_view::npos) {
      return tl::unexpected(PayloadError("campo " + std::string(id) + " declara " +
                                         std::string(length_text) + " caracteres, mas restam " +
                                         std::to_string(CountChars(text.substr(value_at))) +
                                         std::string(where)));
    }
    const auto number = static_cast<std::size_t>(TwoDigitValue(id));
    if (seen.test(number)) {
      return tl::unexpected(
          PayloadError("campo " + std::string(id) + " repetido" + std::string(where)));
    }
    seen.set(number);
    if (auto visited = visit(id, text.substr(value_at, end - value_at)); !visited) return visited;
    pos = end;
  }
  return {};
}

// Field 54: digits with at most one '.', at most 2 decimals ("10", "10.", "0.9", ".10").
core::Result<Money> ParseAmountText(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view decimals = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  const bool digits_ok = (whole.empty() || core::IsAsciiDigits(whole)) &&
                         (decimals.empty() || core::IsAsciiDigits(decimals));
  if (!digits_ok || (whole.empty() && decimals.empty()) || decimals.size() > 2 ||
      text.size() > kMaxAmountChars) {
    return tl::unexpected(PayloadError("valor (campo 54) inválido: \"" + std::string(text) +
                                       "\"; use até 13 caracteres como 94.56"));
  }
  std::int64_t cents = 0;
  for (const char c : whole) cents = cents * 10 + (c - '0');
  for (std::size_t i = 0; i < 2; ++i) {
    cents = cents * 10 + (i < decimals.size() ? decimals[i] - '0' : 0);
  }
  return Money::FromCents(cents);
}

core::Status ReadAccount(std::string_view value, PixPayload& payload) {
  auto read = ReadTlvs(value, " no campo 26", [&](std::string_view id, std::string_view v) {
    if (id == "00") payload.gui = std::string(v);
    if (id == "01") payload.key = std::string(v);
    if (id == "02") payload.info = std::string(v);
    if (id == "25") payload.url = std::string(v);
    return core::Status{};
  });
  if (!read) return read;
  if (core::AsciiLower(payload.gui) != kGui) {
    return tl::unexpected(PayloadError("campo 26 não é de Pix: GUI \"" + payload.gui +
                                       "\" (esperado br.gov.bcb.pix)"));
  }
  if (payload.key.empty() && payload.url.empty()) {
    return tl::unexpected(PayloadError("campo 26 sem chave Pix (26.01) nem URL (26.25)"));
  }
  return {};
}

core::Status ReadAdditionalData(std::string_view value, PixPayload& payload) {
  bool has_txid = false;
  auto read = ReadTlvs(value, " no campo 62", [&](std::string_view id, std::string_view v) {
    if (id == "05") {
      payload.txid = std::string(v);
      has_txid = true;
    }
    return core::Status{};
  });
  if (!read) return read;
  if (!has_txid) return tl::unexpected(PayloadError("campo 62 sem o txid (62.05)"));
  return {};
}

// Stores one top-level field; `first` tells whether it is the first of the payload.
core::Status ReadField(std::string_view id, std::string_view value, bool first,
                       PixPayload& payload) {
  if (first != (id == "00")) {
    return tl::unexpected(PayloadError("o código deve começar pelo campo 00"));
  }
  if (id == "00" && value != "01") {
    return tl::unexpected(
        PayloadError("campo 00 deve ser 01, encontrado \"" + std::string(value) + "\""));
  }
  if (id == "01") {
    if (value != "11" && value != "12") {
      return tl::unexpected(
          PayloadError("campo 01 deve ser 11 ou 12, encontrado \"" + std::string(value) + "\""));
    }
    payload.point_of_initiation = std::string(value);
  }
  if (id == "26") return ReadAccount(value, payload);
  if (id == "62") return ReadAdditionalData(value, payload);
  if (id == "54") {
    auto amount = ParseAmountText(value);
    if (!amount) return tl::unexpected(amount.error());
    payload.amount_text = std::string(value);
    payload.amount = *amount;
  }
  if (id == "52") payload.mcc = std::string(value);
  if (id == "53") payload.currency = std::string(value);
  if (id == "58") payload.country = std::string(value);
  if (id == "59") payload.merchant_name = std::string(value);
  if (id == "60") payload.merchant_city = std::string(value);
  if (id == "61") payload.postal_code = std::string(value);
  if (id == "63") payload.crc = std::string(value);
  return {};
}

// The mandatory fields, once the TLVs were read.
core::Status CheckMandatory(const std::bitset<100>& seen, const PixPayload& payload) {
  constexpr std::array<std::pair<std::size_t, std::string_view>, 8> kMandatory = {{
      {26, "26 (conta Pix)"},
      {52, "52 (categoria do recebedor)"},
      {53, "53 (moeda)"},
      {58, "58 (país)"},
      {59, "59 (nome do recebedor)"},
      {60, "60 (cidade do recebedor)"},
      {62, "62 (dados adicionais com o txid)"},
      {63, "63 (CRC)"},
  }};
  for (const auto& [number, name] : kMandatory) {
    if (!seen.test(number)) {
      return tl::unexpected(PayloadError("campo obrigatório ausente: " + std::string(name)));
    }
  }
  if (payload.currency != "986") {
    return tl::unexpected(PayloadError("moeda (campo 53) deve ser 986 (real), encontrado \"" +
                                       payload.currency + "\""));
  }
  return {};
}

// The last four characters against the CRC of everything before them.
core::Status CheckCrc(std::string_view payload) {
  if (payload.size() < 4) return tl::unexpected(PayloadError("código curto demais"));
  const std::string_view found = payload.substr(payload.size() - 4);
  for (const char c : found) {
    if (!IsPrintableAscii(c)) {
      return tl::unexpected(
          PayloadError("CRC ausente: o código deve terminar com 4 dígitos "
                       "hexadecimais"));
    }
  }
  const std::string expected = Hex4(Crc16CcittFalse(payload.substr(0, payload.size() - 4)));
  if (core::AsciiUpper(found) != expected) {
    return tl::unexpected(
        PayloadError("CRC inválido: esperado " + expected + ", encontrado " + std::string(found)));
  }
  return {};
}

}  // namespace

core::Result<PixPayload> DecodePix(std::string_view text) {
  if (!core::IsValidUtf8(text)) return tl::unexpected(PayloadError("texto com UTF-8 inválido"));
  if (const std::size_t chars = CountChars(text); chars > kMaxPayloadChars) {
    return tl::unexpected(
        PayloadError("tem " + std::to_string(chars) + " caracteres; o máximo é 512"));
  }
  if (auto crc = CheckCrc(text); !crc) return tl::unexpected(crc.error());
  PixPayload payload;
  std::bitset<100> seen;
  std::string_view last_id;
  auto read = ReadTlvs(text, "", [&](std::string_view id, std::string_view value) {
    const bool first = seen.none();
    seen.set(static_cast<std::size_t>(TwoDigitValue(id)));
    last_id = id;
    return ReadField(id, value, first, payload);
  });
  if (!read) return tl::unexpected(read.error());
  if (seen.test(63) && last_id != "63") {
    return tl::unexpected(PayloadError("o campo 63 (CRC) deve ser o último"));
  }
  if (seen.test(63) && payload.crc.size() != 4) {
    return tl::unexpected(PayloadError("campo 63 (CRC) deve ter 4 caracteres"));
  }
  if (auto mandatory = CheckMandatory(seen, payload); !mandatory) {
    return tl::unexpected(mandatory.error());
  }
  return payload;
}

}  // namespace fiado::payments
