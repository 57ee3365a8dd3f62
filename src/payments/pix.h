// Pix "BR Code", static QR payload (EMV MPM, STANDARDS.md §1): keys, encoding, decoding.
// Encoding never truncates or guesses: each field is validated and an over-long or
// unrepresentable value is an Error naming the field. Payload text is printable ASCII only
// (name, city and info are folded, "São João" → "Sao Joao", case kept), so TLV lengths count
// bytes. A PixEncoder validates key, name and city once, then stamps amount + txid per code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/money.h"

namespace fiado::payments {

enum class PixKeyType { kCpf, kCnpj, kEmail, kPhone, kRandom };

// "cpf", "cnpj", "email", "phone", "random".
std::string_view PixKeyTypeName(PixKeyType type);

// A Pix key (DICT "chave") in the normalised form written into payloads.
struct PixKey {
  PixKeyType type = PixKeyType::kRandom;
  std::string value{};  // "52998224725", "12ABC34501DE35", "ana@loja.com", "+5511…", UUID
};

// Validates and normalises a key; the type follows from the text (ASCII spaces around it are
// ignored):
//  - contains '@'         → e-mail, lower-cased, ≤ 77 characters;
//  - starts with '+'      → phone: "+55", a DDD in use and a mobile or landline number, with
//                           spaces, '(', ')', '-', '.' allowed ("+55 (11) 91234-5678" →
//                           "+5511912345678");
//  - a UUID (8-4-4-4-12 hex, any case) → random key (EVP), lower-cased;
//  - otherwise digits/letters with '.', '-', '/' separators: 11 characters → CPF (check
//    digits; "529.982.247-25" → "52998224725"), 14 → CNPJ, numeric or alphanumeric
//    (check digits; upper-cased, punctuation removed).
// A phone number written without "+55" is refused, never taken for a phone: "11987654321"
// is also 11 digits like a CPF, and guessing would send the payer's money to whoever owns
// the other reading. The error tells the user to write "+55".
core::Result<PixKey> ParsePixKey(std::string_view text, std::string_view field = "pix_key");

// One static charge as typed by a clerk.
struct PixCharge {
  std::string key{};            // as typed; validated and normalised by ParsePixKey
  std::string merchant_name{};  // folded to ASCII (accents removed, case kept); 1–25 after
  std::string merchant_city{};  // same, 1–15
  std::optional<core::Money> amount{};  // nullopt = the payer types it; must be > 0, ≤ 13 chars
  std::string txid{};                   // 1–25 of [A-Za-z0-9]; empty = "***" (not used)
  std::string info{};  // infoAdicional (26.02), optional, folded; len(key) + len(info) ≤ 73
};

// The payload (fields 00, 26, 52, 53, [54], 58, 59, 60, 62, 63 in that order, GUI in lower
// case, no field 01), byte for byte what brazilian-utils emits for valid ASCII input.
// Errors name "key", "merchant_name", "merchant_city", "amount", "txid" or "info".
core::Result<std::string> EncodePix(const PixCharge& charge);

// Encodes many codes of one receiver (a carnê). Make validates the fixed fields (errors
// name "key", "merchant_name", "merchant_city", "info") and precomputes the payload parts
// and CRC state; Encode validates only amount and txid and allocates only its result.
// Invariant: head_ and tail_ are well-formed TLV runs; head_crc_ is the CRC state after head_.
class PixEncoder {
 public:
  static core::Result<PixEncoder> Make(std::string_view key, std::string_view name,
                                       std::string_view city, std::string_view info = "");

  // Errors name "amount" (zero, negative, over 13 characters) or "txid".
  core::Result<std::string> Encode(std::optional<core::Money> amount, std::string_view txid) const;

  const PixKey& key() const { return key_; }

 private:
  PixEncoder(PixKey key, std::string head, std::string tail);

  PixKey key_;
  std::string head_;  // 00 26 52 53
  std::string tail_;  // 58 59 60
  std::uint16_t head_crc_ = 0;
};

// The fields of a decoded payload, as written (no normalisation of key, name or city).
struct PixPayload {
  std::optional<std::string> point_of_initiation{};  // 01: "11" reusable, "12" single use
  std::string gui{};                                 // 26.00, "br.gov.bcb.pix" in any case
  std::string key{};                                 // 26.01; empty in a dynamic code
  std::string info{};                                // 26.02
  std::string url{};                                 // 26.25; dynamic codes only
  std::string mcc{};                                 // 52
  std::string currency{};                            // 53, "986"
  std::string amount_text{};                         // 54 as written; empty when absent
  std::optional<core::Money> amount{};               // 54 in centavos
  std::string country{};                             // 58
  std::string merchant_name{};                       // 59
  std::string merchant_city{};                       // 60
  std::string postal_code{};                         // 61; empty when absent
  std::string txid{};                                // 62.05, "***" when not used
  std::string crc{};                                 // 63, four hex digits
};

// Checks, in this order: UTF-8 and at most 512 characters; the CRC (the last 4 characters
// against the CRC of everything before them); the TLV structure (2-digit ids, 2-digit
// lengths 01–99 counting characters, values inside the string, templates 26 and 62
// well-formed); 00 first with "01", 63 last; fields 26 (GUI + key or URL), 52, 53 = 986,
// 58, 59, 60 and 62.05 present, no id twice; 01 is "11" or "12"; 54 is an amount ("10",
// "10.", "0.9", ".10", at most 2 decimals). Errors name "payload", in Portuguese with the
// reason ("CRC inválido: esperado 2BFE, encontrado EFB2").
core::Result<PixPayload> DecodePix(std::string_view payload);

// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR) of the bytes:
// "123456789" → 0x29B1.
std::uint16_t Crc16CcittFalse(std::string_view bytes);

}  // namespace fiado::payments
