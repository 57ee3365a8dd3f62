#include "core/phone.h"

#include <gtest/gtest.h>

#include <string>

namespace fiado::core {
namespace {

std::string Rejection(std::string_view text) {
  const auto phone = Phone::ParseBrazilian(text);
  return phone.has_value() ? "" : phone.error().message_pt;
}

TEST(Phone, AcceptsTheUsualWaysOfWritingAMobile) {
  for (const char* text :
       {"+55 (11) 98765-4321", "11987654321", "(11) 98765-4321", "5511987654321", "+5511987654321",
        "011 98765-4321", "0 21 11 98765-4321", "0xx11 98765-4321", "0XX(11)98765.4321",
        " 11 9 8765 4321 ", "+55 11 98765 4321"}) {
    auto phone = Phone::ParseBrazilian(text);
    ASSERT_TRUE(phone.has_value()) << text << ": " << phone.error().Describe();
    EXPECT_EQ(phone->e164(), "+5511987654321") << text;
    EXPECT_EQ(phone->ddd(), "11");
    EXPECT_TRUE(phone->is_mobile());
    EXPECT_EQ(phone->Formatted(), "(11) 98765-4321");
  }
}

TEST(Phone, AcceptsLandlinesStartingWith2To5) {
  for (const char* text :
       {"(11) 3456-7890", "1134567890", "+55 11 3456-7890", "551134567890", "011 3456 7890"}) {
    auto phone = Phone::ParseBrazilian(text);
    ASSERT_TRUE(phone.has_value()) << text << ": " << phone.error().Describe();
    EXPECT_EQ(phone->e164(), "+551134567890");
    EXPECT_FALSE(phone->is_mobile());
    EXPECT_EQ(phone->Formatted(), "(11) 3456-7890");
  }
  EXPECT_TRUE(Phone::ParseBrazilian("(61) 2345-6789").has_value());
  EXPECT_TRUE(Phone::ParseBrazilian("(51) 4004-1234").has_value());
  EXPECT_TRUE(Phone::ParseBrazilian("(48) 5123-4567").has_value());
}

TEST(Phone, E164AndFormattedRoundTrip) {
  for (const char* text : {"(99) 91234-5678", "(55) 3222-1111", "(55) 99999-0000"}) {
    auto phone = Phone::ParseBrazilian(text);
    ASSERT_TRUE(phone.has_value()) << text;
    EXPECT_EQ(phone->Formatted(), text);
    EXPECT_EQ(Phone::ParseBrazilian(phone->e164()), phone);
    EXPECT_EQ(Phone::ParseBrazilian(phone->Formatted()), phone);
  }
  EXPECT_EQ(Phone::ParseBrazilian("55 55 99999-0000")->ddd(), "55");  // +55 and DDD 55
}

TEST(Phone, DddListIsAnatelsSixtySeven) {
  int count = 0;
  for (int code = 0; code < 100; ++code) {
    const std::string ddd =
        std::string(1, static_cast<char>('0' + code / 10)) + static_cast<char>('0' + code % 10);
    if (IsBrazilianDdd(ddd)) ++count;
  }
  EXPECT_EQ(count, 67);
  for (const char* ddd :
       {"11", "19", "21", "22", "24", "27", "28", "31", "35", "37", "38", "41", "49", "51",
        "53", "55", "61", "69", "71", "73", "75", "77", "79", "81", "89", "91", "99"}) {
    EXPECT_TRUE(IsBrazilianDdd(ddd)) << ddd;
  }
  for (const char* ddd :
       {"00", "01", "10", "20", "23", "25", "26", "29", "30", "36", "39",  "40", "50",
        "52", "56", "60", "70", "72", "76", "78", "80", "90", "1",  "111", "a1", ""}) {
    EXPECT_FALSE(IsBrazilianDdd(ddd)) << ddd;
  }
}

TEST(Phone, RejectsUnassignedDdds) {
  EXPECT_EQ(Rejection("(20) 98765-4321"), "DDD inválido: 20");
  EXPECT_EQ(Rejection("(23) 3456-7890"), "DDD inválido: 23");
  EXPECT_EQ(Rejection("+55 52 98765-4321"), "DDD inválido: 52");
  EXPECT_EQ(Rejection("10 98765-4321"), "DDD inválido: 10");
}

TEST(Phone, RejectsWrongSubscriberNumbers) {
  const std::string mobile_rule = "número de celular deve ter 9 dígitos começando com 9";
  EXPECT_EQ(Rejection("(11) 88765-4321"), mobile_rule);  // 9 digits, not starting with 9
  EXPECT_EQ(Rejection("(11) 8765-4321"), mobile_rule);   // old 8-digit mobile, no leading 9
  EXPECT_EQ(Rejection("(11) 6765-4321"), mobile_rule);
  EXPECT_EQ(Rejection("(11) 1234-5678"), "número fixo deve ter 8 dígitos começando com 2 a 5");
  EXPECT_EQ(Rejection("(11) 0234-5678"), "número fixo deve ter 8 dígitos começando com 2 a 5");
}

TEST(Phone, RejectsWrongLengthsAndMissingDdd) {
  const std::string length_rule = "deve ter DDD e número (10 ou 11 dígitos)";
  EXPECT_EQ(Rejection("98765-4321"), "informe o DDD");
  EXPECT_EQ(Rejection("3456-7890"), "informe o DDD");
  EXPECT_EQ(Rejection("1234567"), length_rule);
  EXPECT_EQ(Rejection("119876543210"), length_rule);
  EXPECT_EQ(Rejection("+55 11 98765-43210"), length_rule);
  EXPECT_EQ(Rejection("+55 11 98765"), length_rule);
  EXPECT_EQ(Rejection("011 98765-43"), length_rule);
}

TEST(Phone, RejectsForeignNumbersAndJunk) {
  const std::string foreign = "somente números do Brasil (+55)";
  EXPECT_EQ(Rejection("+1 212 555 1234"), foreign);
  EXPECT_EQ(Rejection("+351 912 345 678"), foreign);
  EXPECT_EQ(Rejection("+5"), foreign);
  EXPECT_EQ(Rejection("00 1 212 555 1234"), "prefixo internacional 00 não aceito; use +55");
  EXPECT_EQ(Rejection("11 98765-4321 ramal 2"), "contém caracteres inválidos");
  EXPECT_EQ(Rejection("11 98765+4321"), "contém caracteres inválidos");
  EXPECT_EQ(Rejection("0x11 98765-4321"), "contém caracteres inválidos");
  EXPECT_EQ(Rejection("11 98765/4321"), "contém caracteres inválidos");
  EXPECT_EQ(Rejection("  "), "não informado");
  const auto bad = Phone::ParseBrazilian("(20) 98765-4321", "contatos[1].telefone");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "contatos[1].telefone");
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Phone::ParseBrazilian("x").error().field, "phone");
}

}  // namespace
}  // namespace fiado::core
