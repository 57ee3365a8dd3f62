// Pix BR Code: STANDARDS.md §1.3 vectors, CRC vectors, the 1,000 brazilian-utils payloads of
// ../shared/vectors/pix-static.json and a deliberate decision for each of its 21 edge cases.
#include "payments/pix.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "support/shared_data.h"

namespace fiado::payments {
namespace {

using core::Money;
using ::testing::HasSubstr;

constexpr std::string_view kBcbKey = "123e4567-e12b-12d1-a456-426655440000";

// Appends "6304" and the CRC, so tests can build payloads with any content.
// `header` is normally "6304"; another one builds payloads whose last field is not 63.
std::string WithCrc(std::string body, std::string_view header = "6304") {
  body += header;
  const std::uint16_t crc = Crc16CcittFalse(body);
  constexpr std::string_view kHex = "0123456789ABCDEF";
  for (int shift = 12; shift >= 0; shift -= 4) body += kHex[(crc >> shift) & 0xF];
  return body;
}

std::string Tlv(std::string_view id, std::string_view value) {
  const std::string length = (value.size() < 10 ? "0" : "") + std::to_string(value.size());
  return std::string(id) + length + std::string(value);
}

// A minimal static payload with `extra` fields inserted before 58 (e.g. a field 54).
std::string StaticPayload(std::string_view extra, std::string_view txid = "***") {
  return WithCrc("000201" + Tlv("26", Tlv("00", "br.gov.bcb.pix") + Tlv("01", kBcbKey)) +
                 "52040000" + "5303986" + std::string(extra) + "5802BR" + Tlv("59", "LOJA") +
                 Tlv("60", "RECIFE") + Tlv("62", Tlv("05", txid)));
}

PixCharge BcbCharge() {
  return PixCharge{.key = std::string(kBcbKey),
                   .merchant_name = "LOJA",
                   .merchant_city = "RECIFE",
                   .amount = Money::FromCents(500),
                   .txid = "",
                   .info = ""};
}

// ---------------------------------------------------------------------------------------
// CRC

TEST(PixCrc, CheckValue) { EXPECT_EQ(Crc16CcittFalse("123456789"), 0x29B1); }

TEST(PixCrc, SharedVectors) {
  FIADO_REQUIRE_SHARED("vectors/crc16-ccitt-false.json");
  const auto data = fiado::testing::ReadSharedJson("vectors/crc16-ccitt-false.json");
  ASSERT_EQ(data["vectors"].size(), 100U);
  for (const auto& vector : data["vectors"]) {
    const std::string hex = vector["utf8_hex"];
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
      bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    EXPECT_EQ(bytes, vector["input"].get<std::string>());
    const std::uint16_t expected =
        static_cast<std::uint16_t>(std::stoi(vector["reference"].get<std::string>(), nullptr, 16));
    EXPECT_EQ(Crc16CcittFalse(bytes), expected) << vector["input"];
  }
}

// ---------------------------------------------------------------------------------------
// STANDARDS.md §1.3

constexpr std::string_view kP1 =
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
    "5913Fulano de Tal6008BRASILIA62070503***63041D3D";
constexpr std::string_view kP2 =
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
    "5913Fulano de Tal6008BRASÍLIA62070503***6304B4F6";
constexpr std::string_view kP3 =
    "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.00"
    "5802BR5914Thales Ogliari6015SAO MIGUEL DO O62070503***63044367";
constexpr std::string_view kP4 =
    "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 1235204000053039865802BR"
    "5914Thales Ogliari6015SAO MIGUEL DO O62070503***63042C6B";
constexpr std::string_view kP5 =
    "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 12352040000530398654040.00"
    "5802BR5914Thales Ogliari6015SAO MIGUEL DO O62070503***63044406";
constexpr std::string_view kC1 =
    "00020126360014br.gov.bcb.pix011411222333000181520400005303986540594.565802BR"
    "5917LOJA EXEMPLO LTDA6009SAO PAULO62180514CARNE000123P0163046E62";
constexpr std::string_view kC2 =
    "00020126360014br.gov.bcb.pix0114+55119123456785204000053039865802BR5914MARIA DA SILVA"
    "6008CAMPINAS62070503***6304E29C";
constexpr std::string_view kC3 =
    "00020126540014br.gov.bcb.pix0116loja@example.com0212Parcela 3/1052040000530398654071500.00"
    "5802BR5912LOJA EXEMPLO6006RECIFE62100506A1B2C36304B47B";

struct StandardVector {
  std::string_view name{};
  std::string_view payload{};
  std::string_view key{};
  std::string_view info{};
  std::optional<std::int64_t> amount_cents{};
  std::string_view merchant_name{};
  std::string_view merchant_city{};
  std::string_view txid{};
  std::string_view crc{};
  bool reencode = false;  // encodable from its fields (ASCII, amount > 0 or absent)
};

constexpr std::array<StandardVector, 8> kStandardVectors = {{
    {"P1", kP1, kBcbKey, "", std::nullopt, "Fulano de Tal", "BRASILIA", "***", "1D3D", true},
    // Non-ASCII city: lengths count characters, the CRC covers UTF-8 bytes. We decode it but
    // never produce it (the encoder folds "BRASÍLIA" to "BRASILIA").
    {"P2", kP2, kBcbKey, "", std::nullopt, "Fulano de Tal", "BRASÍLIA", "***", "B4F6", false},
    {"P3", kP3, "thalesog@me.com", "Pedido 123", 1000, "Thales Ogliari", "SAO MIGUEL DO O", "***",
     "4367", true},
    {"P4", kP4, "thalesog@me.com", "Pedido 123", std::nullopt, "Thales Ogliari", "SAO MIGUEL DO O",
     "***", "2C6B", true},
    // Amount 0.00 decodes (real codes carry it) but our encoder refuses a zero amount.
    {"P5", kP5, "thalesog@me.com", "Pedido 123", 0, "Thales Ogliari", "SAO MIGUEL DO O", "***",
     "4406", false},
    {"C1", kC1, "11222333000181", "", 9456, "LOJA EXEMPLO LTDA", "SAO PAULO", "CARNE000123P01",
     "6E62", true},
    {"C2", kC2, "+5511912345678", "", std::nullopt, "MARIA DA SILVA", "CAMPINAS", "***", "E29C",
     true},
    {"C3", kC3, "loja@example.com", "Parcela 3/10", 150000, "LOJA EXEMPLO", "RECIFE", "A1B2C3",
     "B47B", true},
}};

TEST(PixStandards, DecodesEveryVector) {
  for (const StandardVector& vector : kStandardVectors) {
    SCOPED_TRACE(vector.name);
    const auto decoded = DecodePix(vector.payload);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message_pt;
    EXPECT_EQ(decoded->point_of_initiation, std::nullopt);
    EXPECT_EQ(decoded->gui, "br.gov.bcb.pix");
    EXPECT_EQ(decoded->key, vector.key);
    EXPECT_EQ(decoded->info, vector.info);
    EXPECT_EQ(decoded->url, "");
    EXPECT_EQ(decoded->mcc, "0000");
    EXPECT_EQ(decoded->currency, "986");
    ASSERT_EQ(decoded->amount.has_value(), vector.amount_cents.has_value());
    if (vector.amount_cents) {
      EXPECT_EQ(decoded->amount->cents(), *vector.amount_cents);
    }
    EXPECT_EQ(decoded->country, "BR");
    EXPECT_EQ(decoded->merchant_name, vector.merchant_name);
    EXPECT_EQ(decoded->merchant_city, vector.merchant_city);
    EXPECT_EQ(decoded->postal_code, "");
    EXPECT_EQ(decoded->txid, vector.txid);
    EXPECT_EQ(decoded->crc, vector.crc);
  }
}

TEST(PixStandards, ReencodesFromTheirFields) {
  int reencoded = 0;
  for (const StandardVector& vector : kStandardVectors) {
    if (!vector.reencode) continue;
    SCOPED_TRACE(vector.name);
    PixCharge charge{.key = std::string(vector.key),
                     .merchant_name = std::string(vector.merchant_name),
                     .merchant_city = std::string(vector.merchant_city),
                     .amount = std::nullopt,
                     .txid = vector.txid == "***" ? "" : std::string(vector.txid),
                     .info = std::string(vector.info)};
    if (vector.amount_cents) charge.amount = Money::FromCents(*vector.amount_cents);
    const auto payload = EncodePix(charge);
    ASSERT_TRUE(payload.has_value()) << payload.error().Describe();
    EXPECT_EQ(*payload, vector.payload);
    ++reencoded;
  }
  EXPECT_EQ(reencoded, 6);  // P1, P3, P4, C1, C2, C3
}

TEST(PixStandards, ParserNegativeCases) {
  const auto wrong_crc = DecodePix("000AXYZEFB2");
  ASSERT_FALSE(wrong_crc.has_value());
  EXPECT_EQ(wrong_crc.error().field, "payload");
  EXPECT_EQ(wrong_crc.error().message_pt, "CRC inválido: esperado 2BFE, encontrado EFB2");

  const auto length_not_numeric = DecodePix("000AXYZ2BFE");
  ASSERT_FALSE(length_not_numeric.has_value());
  EXPECT_THAT(length_not_numeric.error().message_pt, HasSubstr("tamanho do campo 00"));
  EXPECT_THAT(length_not_numeric.error().message_pt, HasSubstr("\"0A\""));

  const auto value_too_short = DecodePix("421337BF8A");
  ASSERT_FALSE(value_too_short.has_value());
  EXPECT_EQ(value_too_short.error().message_pt, "campo 42 declara 13 caracteres, mas restam 6");
}

// ---------------------------------------------------------------------------------------
// Keys

TEST(PixKeys, NormalisesEachType) {
  struct Case {
    std::string_view text;
    PixKeyType type;
    std::string_view value;
  };
  const std::array<Case, 9> cases = {{
      {"52998224725", PixKeyType::kCpf, "52998224725"},
      {" 529.982.247-25 ", PixKeyType::kCpf, "52998224725"},
      {"11.222.333/0001-81", PixKeyType::kCnpj, "11222333000181"},
      {"12.abc.345/01de-35", PixKeyType::kCnpj, "12ABC34501DE35"},
      {"Cliente@Loja.com.BR", PixKeyType::kEmail, "cliente@loja.com.br"},
      {"+55 (11) 91234-5678", PixKeyType::kPhone, "+5511912345678"},
      {"+5521987654321", PixKeyType::kPhone, "+5521987654321"},
      {"+55 11 3456-7890", PixKeyType::kPhone, "+551134567890"},
      {"123E4567-E12B-12D1-A456-426655440000", PixKeyType::kRandom, kBcbKey},
  }};
  for (const Case& each : cases) {
    const auto key = ParsePixKey(each.text);
    ASSERT_TRUE(key.has_value()) << each.text << ": " << key.error().message_pt;
    EXPECT_EQ(key->type, each.type) << each.text;
    EXPECT_EQ(key->value, each.value);
  }
}

TEST(PixKeys, TypeNames) {
  EXPECT_EQ(PixKeyTypeName(PixKeyType::kCpf), "cpf");
  EXPECT_EQ(PixKeyTypeName(PixKeyType::kCnpj), "cnpj");
  EXPECT_EQ(PixKeyTypeName(PixKeyType::kEmail), "email");
  EXPECT_EQ(PixKeyTypeName(PixKeyType::kPhone), "phone");
  EXPECT_EQ(PixKeyTypeName(PixKeyType::kRandom), "random");
}

// Decision: 11 bare digits are a CPF, never a phone. A phone key must be written with +55;
// the CPF error says so. (brazilian-utils turns "11987654321" into +5511987654321.)
TEST(PixKeys, PhoneWithoutCountryCodeIsReadAsCpf) {
  const auto key = ParsePixKey("11987654321", "key");
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().field, "key");
  EXPECT_THAT(key.error().message_pt, HasSubstr("CPF"));
  EXPECT_THAT(key.error().message_pt, HasSubstr("+55"));
  EXPECT_EQ(ParsePixKey("(11) 98765-4321").error().field, "pix_key");
}

TEST(PixKeys, RejectsInvalidKeys) {
  const std::array<std::string_view, 11> bad = {
      "",
      "12345678900",                           // CPF check digits
      "11111111111",                           // repeated digits
      "11.222.333/0001-82",                    // CNPJ check digits
      "+1 212 555 0100",                       // foreign phone
      "+55 (20) 91234-5678",                   // DDD 20 not in use
      "+55 (11) 81234-5678",                   // mobile not starting with 9
      "ana@@loja.com",                         // e-mail syntax
      "123e4567e12b12d1a456426655440000",      // UUID without hyphens
      "123e4567-e12b-12d1-a456-42665544000g",  // not hex
      "5511987654321",                         // 13 digits: neither CPF nor CNPJ
  };
  for (const std::string_view text : bad) {
    const auto key = ParsePixKey(text);
    ASSERT_FALSE(key.has_value()) << text;
    EXPECT_EQ(key.error().field, "pix_key");
    EXPECT_FALSE(key.error().message_pt.empty());
  }
  const std::string long_email = std::string(60, 'a') + "@lojaexemplo.com.br";  // 79 chars
  EXPECT_THAT(ParsePixKey(long_email).error().message_pt, HasSubstr("77"));
}

// ---------------------------------------------------------------------------------------
// Encoding: bad input is an error naming the field, never truncated or guessed.

std::string ErrorField(const PixCharge& charge) {
  const auto payload = EncodePix(charge);
  return payload.has_value() ? "(no error)" : payload.error().field;
}

TEST(PixEncode, BadInputNamesTheField) {
  PixCharge charge = BcbCharge();
  charge.key = "12345678900";
  EXPECT_EQ(ErrorField(charge), "key");

  charge = BcbCharge();
  charge.merchant_name = "CREDIARIO E MAGAZINE CENTRAL";  // 28 characters
  EXPECT_EQ(ErrorField(charge), "merchant_name");
  charge.merchant_name = "   ";
  EXPECT_EQ(ErrorField(charge), "merchant_name");

  charge = BcbCharge();
  charge.merchant_city = "SAO JOSE DOS CAMPOS";  // 19 characters
  EXPECT_EQ(ErrorField(charge), "merchant_city");

  charge = BcbCharge();
  charge.txid = "PED-0001";
  EXPECT_EQ(ErrorField(charge), "txid");
  charge.txid = std::string(26, 'A');
  EXPECT_EQ(ErrorField(charge), "txid");
  charge.txid = "Parcela1ç";
  EXPECT_EQ(ErrorField(charge), "txid");

  charge = BcbCharge();
  charge.amount = Money::FromCents(0);
  EXPECT_EQ(ErrorField(charge), "amount");
  charge.amount = Money::FromCents(-100);
  EXPECT_EQ(ErrorField(charge), "amount");
  charge.amount = Money::FromCents(1'000'000'000'000);  // "10000000000.00", 14 characters
  EXPECT_EQ(ErrorField(charge), "amount");

  charge = BcbCharge();
  charge.info = std::string(38, 'D');  // 36 (key) + 38 > 73
  EXPECT_EQ(ErrorField(charge), "info");
  charge.info = std::string(37, 'D');  // exactly 73: template 26 is 99 characters
  const auto at_limit = EncodePix(charge);
  ASSERT_TRUE(at_limit.has_value());
  EXPECT_THAT(*at_limit, HasSubstr("2699"));
}

TEST(PixEncode, TextThatCannotFoldToAsciiIsAnError) {
  PixCharge charge = BcbCharge();
  charge.merchant_name = "Loja 日本";
  const auto cjk = EncodePix(charge);
  ASSERT_FALSE(cjk.has_value());
  EXPECT_EQ(cjk.error().field, "merchant_name");
  EXPECT_THAT(cjk.error().message_pt, HasSubstr("日"));

  charge = BcbCharge();
  charge.merchant_city = "Preço 10€";
  EXPECT_EQ(ErrorField(charge), "merchant_city");

  charge = BcbCharge();
  charge.info = "Parcela 3×10";
  EXPECT_EQ(ErrorField(charge), "info");
  charge.info = "linha\nquebrada";
  EXPECT_EQ(ErrorField(charge), "info");
  charge.info = "\xC3\x28";  // invalid UTF-8
  EXPECT_EQ(ErrorField(charge), "info");
}

TEST(PixEncode, FoldsAccentsAndKeepsCase) {
  PixCharge charge = BcbCharge();
  charge.merchant_name = "Confecções Ávila";  // also decomposed marks: "a" + U+0303
  charge.merchant_city = "Sa\xCC\x83o Luís";
  const auto payload = EncodePix(charge);
  ASSERT_TRUE(payload.has_value()) << payload.error().Describe();
  const auto decoded = DecodePix(*payload);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->merchant_name, "Confeccoes Avila");
  EXPECT_EQ(decoded->merchant_city, "Sao Luis");
}

TEST(PixEncode, OpenAmountAndTxid) {
  PixCharge charge = BcbCharge();
  charge.amount = std::nullopt;
  charge.txid = "***";  // the literal "not used" value is accepted as well as ""
  const auto payload = EncodePix(charge);
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(*payload,
            "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865"
            "802BR5904LOJA6006RECIFE62070503***630436CF");
}

TEST(PixEncoder, BatchMatchesEncodePix) {
  const auto encoder =
      PixEncoder::Make("11.222.333/0001-81", "LOJA EXEMPLO LTDA", "São Paulo", "Carnê");
  ASSERT_TRUE(encoder.has_value());
  EXPECT_EQ(encoder->key().type, PixKeyType::kCnpj);
  for (int parcel = 1; parcel <= 12; ++parcel) {
    const Money amount = Money::FromCents(9456 + parcel);
    const std::string txid = "CARNE000123P" + std::to_string(parcel);
    const auto batch = encoder->Encode(amount, txid);
    const auto single = EncodePix({.key = "11222333000181",
                                   .merchant_name = "LOJA EXEMPLO LTDA",
                                   .merchant_city = "Sao Paulo",
                                   .amount = amount,
                                   .txid = txid,
                                   .info = "Carne"});
    ASSERT_TRUE(batch.has_value() && single.has_value());
    EXPECT_EQ(*batch, *single);
    EXPECT_TRUE(DecodePix(*batch).has_value());
  }
  EXPECT_EQ(encoder->Encode(Money::FromCents(0), "A").error().field, "amount");
  EXPECT_EQ(encoder->Encode(std::nullopt, "A B").error().field, "txid");
  EXPECT_EQ(PixEncoder::Make("x", "LOJA", "RECIFE").error().field, "key");
  EXPECT_EQ(PixEncoder::Make(kBcbKey, "", "RECIFE").error().field, "merchant_name");
  EXPECT_EQ(PixEncoder::Make(kBcbKey, "LOJA", "").error().field, "merchant_city");
  EXPECT_EQ(PixEncoder::Make(kBcbKey, "LOJA", "RECIFE", std::string(40, 'x')).error().field,
            "info");
}

// ---------------------------------------------------------------------------------------
// Decoding beyond the standard vectors

std::string DecodeError(std::string_view payload) {
  const auto decoded = DecodePix(payload);
  return decoded.has_value() ? "(no error)" : decoded.error().message_pt;
}

TEST(PixDecode, AcceptsLooseAmountsSeenInRealCodes) {
  const std::map<std::string, std::int64_t> amounts = {
      {"10", 1000}, {"10.", 1000}, {"0.9", 90}, {".10", 10}, {"1234567890.12", 123456789012}};
  for (const auto& [text, cents] : amounts) {
    const auto decoded = DecodePix(StaticPayload(Tlv("54", text)));
    ASSERT_TRUE(decoded.has_value()) << text << ": " << decoded.error().message_pt;
    EXPECT_EQ(decoded->amount_text, text);
    EXPECT_EQ(decoded->amount->cents(), cents) << text;
  }
  for (const std::string_view bad : {".", "1.234", "1,00", "-1.00", "1.0.0", "12345678901.00"}) {
    EXPECT_THAT(DecodeError(StaticPayload(Tlv("54", bad))), HasSubstr("campo 54")) << bad;
  }
}

TEST(PixDecode, AcceptsUpperCaseGuiAndLowerCaseCrc) {
  std::string payload(kP1);
  payload.replace(payload.find("br.gov.bcb.pix"), 14, "BR.GOV.BCB.PIX");
  payload = WithCrc(payload.substr(0, payload.size() - 8));
  const auto decoded = DecodePix(payload);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message_pt;
  EXPECT_EQ(decoded->gui, "BR.GOV.BCB.PIX");

  std::string lower(kC1);
  lower.replace(lower.size() - 4, 4, "6e62");
  EXPECT_TRUE(DecodePix(lower).has_value());
}

TEST(PixDecode, PointOfInitiationAndDynamicUrl) {
  const std::string account =
      Tlv("26", Tlv("00", "br.gov.bcb.pix") + Tlv("25", "pix.example.com/qr/v2/abc"));
  const std::string dynamic = WithCrc(
      "000201" + Tlv("01", "12") + account + "52040000" + "5303986" + "5802BR" + Tlv("59", "LOJA") +
      Tlv("60", "RECIFE") + Tlv("61", "50000000") + Tlv("62", Tlv("05", "***")));
  const auto decoded = DecodePix(dynamic);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message_pt;
  EXPECT_EQ(decoded->point_of_initiation, "12");
  EXPECT_EQ(decoded->url, "pix.example.com/qr/v2/abc");
  EXPECT_EQ(decoded->key, "");
  EXPECT_EQ(decoded->postal_code, "50000000");

  std::string bad_initiation = dynamic.substr(0, dynamic.size() - 8);
  bad_initiation.replace(6, 6, "010213");
  EXPECT_THAT(DecodeError(WithCrc(bad_initiation)), HasSubstr("campo 01"));
}

TEST(PixDecode, RejectsBrokenStructure) {
  const std::string body(kC2.substr(0, kC2.size() - 8));  // without "6304" + CRC
  // 00 not first.
  EXPECT_THAT(DecodeError(WithCrc(body.substr(6) + "000201")), HasSubstr("começar pelo campo 00"));
  // 00 with a value other than 01.
  EXPECT_THAT(DecodeError(WithCrc("000202" + body.substr(6))), HasSubstr("campo 00 deve ser 01"));
  // 63 not last, or absent (the CRC sits in a field 80).
  EXPECT_THAT(DecodeError(WithCrc(body + "6304ABCD", "8004")), HasSubstr("deve ser o último"));
  EXPECT_THAT(DecodeError(WithCrc(body, "8004")), HasSubstr("ausente: 63"));
  // A field twice.
  EXPECT_THAT(DecodeError(WithCrc(body + "5802BR")), HasSubstr("campo 58 repetido"));
  // A mandatory field missing (59).
  std::string no_name = body;
  no_name.erase(no_name.find("5914MARIA DA SILVA"), 18);
  EXPECT_THAT(DecodeError(WithCrc(no_name)), HasSubstr("59"));
  // Not a Pix GUI.
  std::string other_gui = body;
  other_gui.replace(other_gui.find("br.gov.bcb.pix"), 14, "br.gov.bcb.xyz");
  EXPECT_THAT(DecodeError(WithCrc(other_gui)), HasSubstr("GUI"));
  // Template 62 without a txid.
  EXPECT_EQ(DecodeError(StaticPayload("")), "(no error)");
  std::string no_txid = body;
  no_txid.replace(no_txid.find("62070503***"), 11, "62070703***");
  EXPECT_THAT(DecodeError(WithCrc(no_txid)), HasSubstr("62.05"));
  // Over 512 characters.
  EXPECT_THAT(
      DecodeError(WithCrc(body + Tlv("80", std::string(99, 'x')) + Tlv("81", std::string(99, 'x')) +
                          Tlv("82", std::string(99, 'x')) + Tlv("83", std::string(99, 'x')))),
      HasSubstr("512"));
  // Currency other than BRL, short payloads, invalid UTF-8.
  std::string dollars = body;
  dollars.replace(dollars.find("5303986"), 7, "5303840");
  EXPECT_THAT(DecodeError(WithCrc(dollars)), HasSubstr("986"));
  EXPECT_THAT(DecodeError("63"), HasSubstr("curto"));
  EXPECT_THAT(DecodeError("0002\xC3\x28"), HasSubstr("UTF-8"));
}

// ---------------------------------------------------------------------------------------
// ../shared/vectors/pix-static.json: 1,000 standard cases and 21 edge cases.

class PixVectors : public ::testing::Test {
 protected:
  void SetUp() override { FIADO_REQUIRE_SHARED("vectors/pix-static.json"); }

  // The 1,021 cases of pix-static.json (1,000 standard, then 21 edge cases).
  static const nlohmann::json& Cases() {
    static const nlohmann::json cases =
        fiado::testing::ReadSharedJson("vectors/pix-static.json")["cases"];
    return cases;
  }

  static const nlohmann::json& Case(std::string_view id) {
    for (const auto& each : Cases()) {
      if (each["id"] == id) return each;
    }
    throw std::out_of_range("no case " + std::string(id));
  }

  // A vector's amount is the text of a JS number ("12.345", "0.30000000000000004"): exact
  // centavos, or an error when it has more than 2 decimals. (Money::Parse would read
  // "12.345" as R$ 12.345,00, the Brazilian thousands separator.)
  static core::Result<Money> ExactAmount(const std::string& text) {
    const std::size_t dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    const std::string decimals = dot == std::string::npos ? "" : text.substr(dot + 1);
    if (decimals.size() > 2) return core::Invalid("amount", "mais de 2 casas decimais");
    return Money::Parse(whole + "," + decimals + std::string(2 - decimals.size(), '0'), "amount");
  }

  static core::Result<PixCharge> Charge(const nlohmann::json& input) {
    PixCharge charge{.key = input["key"].get<std::string>(),
                     .merchant_name = input["name"].get<std::string>(),
                     .merchant_city = input["city"].get<std::string>(),
                     .amount = std::nullopt,
                     .txid = input.value("txid", ""),
                     .info = input.value("description", "")};
    if (input.contains("amount")) {
      auto amount = ExactAmount(input["amount"].get<std::string>());
      if (!amount) return tl::unexpected(amount.error());
      charge.amount = *amount;
    }
    return charge;
  }

  static core::Result<std::string> Encode(const nlohmann::json& input) {
    auto charge = Charge(input);
    if (!charge) return tl::unexpected(charge.error());
    return EncodePix(*charge);
  }
};

TEST_F(PixVectors, StandardCasesMatchBrazilianUtilsByteForByte) {
  int checked = 0;
  for (const auto& each : Cases()) {
    const std::string id = each["id"];
    if (id.starts_with("pix-edge")) continue;
    const auto& input = each["input"];
    const PixCharge charge{.key = input["key"].get<std::string>(),
                           .merchant_name = input["name"].get<std::string>(),
                           .merchant_city = input["city"].get<std::string>(),
                           .amount = Money::FromCents(input["amount_cents"].get<std::int64_t>()),
                           .txid = input["txid"].get<std::string>(),
                           .info = input.value("description", "")};
    const auto payload = EncodePix(charge);
    ASSERT_TRUE(payload.has_value()) << id << ": " << payload.error().Describe();
    EXPECT_EQ(*payload, each["output"]["brazilian-utils"].get<std::string>()) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 1000);
}

TEST_F(PixVectors, StandardCasesRoundTrip) {
  int checked = 0;
  for (const auto& each : Cases()) {
    if (each["id"].get<std::string>().starts_with("pix-edge")) continue;
    const auto& input = each["input"];
    const auto payload = Encode(input);
    ASSERT_TRUE(payload.has_value());
    const auto decoded = DecodePix(*payload);
    ASSERT_TRUE(decoded.has_value()) << each["id"] << ": " << decoded.error().message_pt;
    EXPECT_EQ(decoded->key, ParsePixKey(input["key"].get<std::string>())->value);
    EXPECT_EQ(decoded->merchant_name, input["name"].get<std::string>());
    EXPECT_EQ(decoded->merchant_city, input["city"].get<std::string>());
    EXPECT_EQ(decoded->amount->cents(), input["amount_cents"].get<std::int64_t>());
    EXPECT_EQ(decoded->txid, input["txid"].get<std::string>());
    EXPECT_EQ(decoded->info, input.value("description", ""));
    // The upper-case-GUI payload of qrcode-pix decodes to the same fields.
    const auto other = DecodePix(each["output"]["qrcode-pix"].get<std::string>());
    ASSERT_TRUE(other.has_value()) << each["id"];
    EXPECT_EQ(other->key, decoded->key);
    EXPECT_EQ(other->amount, decoded->amount);
    ++checked;
  }
  EXPECT_EQ(checked, 1000);
}

// Our decision for each edge case, against brazilian-utils (BU). Where BU truncates we
// return an error; where BU returns null we return an error; amounts are exact text.
struct EdgeDecision {
  std::string_view id{};
  std::string_view error_field{};  // empty: a payload is expected
  std::string_view payload{};      // empty with no error: byte-equal to BU
  std::string_view why{};
};

constexpr std::array<EdgeDecision, 21> kEdgeDecisions = {{
    {"pix-edge-bcb-manual", "", "", "BCB manual example; name keeps its case (CRC 1D3D)"},
    {"pix-edge-accents", "", "", "accents folded, case kept: Jose Loja Sao Joao"},
    {"pix-edge-lowercase", "", "", "mixed case kept"},
    {"pix-edge-long-name", "merchant_name", "", "BU truncates to 25/15; we never truncate"},
    {"pix-edge-no-amount", "", "", "open amount: field 54 omitted"},
    {"pix-edge-zero-amount", "amount", "", "BU null; zero is an error (omit the amount)"},
    {"pix-edge-float-1.005", "amount", "", "BU null; 3 decimals are not an amount"},
    {"pix-edge-float-0.1+0.2", "amount", "",
     "BU rounds to 0.30; we refuse inexact text instead of rounding a float"},
    {"pix-edge-3-decimals", "amount", "", "BU null; 3 decimals are not an amount"},
    {"pix-edge-max-amount", "", "", "13 characters, the maximum of field 54"},
    {"pix-edge-over-max-amount", "amount", "", "BU null; 14 characters"},
    {"pix-edge-txid-dash", "txid", "", "BU null; only [A-Za-z0-9]"},
    {"pix-edge-txid-26", "txid", "", "BU null; at most 25"},
    {"pix-edge-txid-25", "", "", "25 is allowed"},
    {"pix-edge-long-description", "info", "", "BU truncates to 37; we never truncate"},
    {"pix-edge-description-accents", "",
     "00020126760014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400000214Prestacao no 3"
     "52040000530398654045.005802BR5904LOJA6006RECIFE62070503***6304B407",
     "folded to ASCII; U+00BA (º) becomes 'o' as in core::FoldToAscii, BU drops it ('n 3')"},
    {"pix-edge-bad-cpf-key", "key", "", "BU null; wrong check digits"},
    {"pix-edge-formatted-cpf-key", "", "", "punctuation removed: 52998224725"},
    {"pix-edge-email-upper", "", "", "e-mail key lower-cased"},
    {"pix-edge-phone-no-plus", "key", "",
     "BU reads +5511987654321; for us 11 digits are a CPF (phones need +55)"},
    {"pix-edge-evp-upper", "", "", "random key lower-cased"},
}};

TEST_F(PixVectors, EveryEdgeCaseHasADeliberateDecision) {
  FIADO_REQUIRE_SHARED("vectors/SUMMARY.json");
  const auto summary = fiado::testing::ReadSharedJson("vectors/SUMMARY.json");
  ASSERT_EQ(summary["pix"]["edge"].size(), kEdgeDecisions.size());
  for (const auto& item : summary["pix"]["edge"].items()) {
    const std::string& id = item.key();
    const auto decision = std::find_if(kEdgeDecisions.begin(), kEdgeDecisions.end(),
                                       [&](const EdgeDecision& d) { return d.id == id; });
    ASSERT_NE(decision, kEdgeDecisions.end()) << "no decision for " << id;
    SCOPED_TRACE(id + ": " + std::string(decision->why));
    const auto& vector = Case(id);
    const auto payload = Encode(vector["input"]);
    const auto& theirs = vector["output"]["brazilian-utils"];
    if (!decision->error_field.empty()) {
      ASSERT_FALSE(payload.has_value()) << *payload;
      EXPECT_EQ(payload.error().field, decision->error_field);
      EXPECT_FALSE(payload.error().message_pt.empty());
      continue;
    }
    ASSERT_TRUE(payload.has_value()) << payload.error().Describe();
    if (decision->payload.empty()) {
      EXPECT_EQ(*payload, theirs.get<std::string>());
    } else {
      EXPECT_EQ(*payload, decision->payload);
      EXPECT_NE(*payload, theirs.get<std::string>());
    }
    EXPECT_TRUE(DecodePix(*payload).has_value());
  }
}

}  // namespace
}  // namespace fiado::payments
