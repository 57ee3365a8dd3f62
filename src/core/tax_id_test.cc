#include "core/tax_id.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "support/shared_data.h"

namespace fiado::core {
namespace {

// The message of a rejected parse, or "" when it was accepted.
template <typename T>
std::string Rejection(const Result<T>& result) {
  return result.has_value() ? "" : result.error().message_pt;
}

TEST(Cpf, AcceptsStandardsVectors) {  // STANDARDS.md §4.1
  for (const char* text :
       {"529.982.247-25", "111.444.777-35", "390.533.447-05", "123.456.789-09"}) {
    auto cpf = Cpf::Parse(text);
    ASSERT_TRUE(cpf.has_value()) << text << ": " << cpf.error().Describe();
    EXPECT_EQ(cpf->Formatted(), text);
    EXPECT_EQ(Cpf::Parse(cpf->digits()), cpf);  // formatting round-trip
  }
  EXPECT_EQ(Cpf::Parse("529.982.247-25")->digits(), "52998224725");
}

TEST(Cpf, AcceptsSeparatorsAnywhere) {
  for (const char* text : {"52998224725", " 529.982.247-25 ", "529 982 247 25", "529982247-25",
                           "529/982/247/25", "\t529.982.24725\n"}) {
    auto cpf = Cpf::Parse(text);
    ASSERT_TRUE(cpf.has_value()) << text;
    EXPECT_EQ(cpf->digits(), "52998224725");
  }
}

// Policy: 12345678909 has correct check digits, so it is accepted (as the reference and
// brazilian-utils do). Blacklisting it, as cpf-cnpj-validator does, could lock out a
// real person; it is a test-data smell, not an invalid number.
TEST(Cpf, Accepts12345678909) {
  EXPECT_TRUE(Cpf::Parse("12345678909").has_value());
  EXPECT_EQ(CpfCheckDigits("123456789"), "09");
}

TEST(Cpf, EachRejectionHasItsOwnMessageAndTheField) {
  const auto wrong_dv = Cpf::Parse("111.444.777-36", "cliente.cpf");
  ASSERT_FALSE(wrong_dv.has_value());
  EXPECT_EQ(wrong_dv.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(wrong_dv.error().field, "cliente.cpf");
  EXPECT_EQ(wrong_dv.error().message_pt, "dígito verificador inválido");
  EXPECT_EQ(Cpf::Parse("111.444.777-36").error().field, "cpf");

  EXPECT_EQ(Rejection(Cpf::Parse("000.000.000-00")),
            "sequência de dígitos repetidos não é um CPF válido");
  for (char d = '0'; d <= '9'; ++d) {
    EXPECT_EQ(Rejection(Cpf::Parse(std::string(11, d))),
              "sequência de dígitos repetidos não é um CPF válido");
  }
  EXPECT_EQ(Rejection(Cpf::Parse("5299822472")), "deve ter 11 dígitos");
  EXPECT_EQ(Rejection(Cpf::Parse("529982247250")), "deve ter 11 dígitos");
  EXPECT_EQ(Rejection(Cpf::Parse("CPF 479.576.852-85")), "contém caracteres inválidos");
  EXPECT_EQ(Rejection(Cpf::Parse("41809A07080")), "contém caracteres inválidos");
  EXPECT_EQ(Rejection(Cpf::Parse("529,982,247-25")), "contém caracteres inválidos");
  EXPECT_EQ(Rejection(Cpf::Parse("529.982.247–25")), "contém caracteres inválidos");  // en dash
  EXPECT_EQ(Rejection(Cpf::Parse("")), "não informado");
  EXPECT_EQ(Rejection(Cpf::Parse(" .-")), "não informado");
}

TEST(Cpf, CheckDigitsAndOrdering) {
  EXPECT_EQ(CpfCheckDigits("529982247"), "25");
  EXPECT_EQ(CpfCheckDigits("111444777"), "35");
  EXPECT_EQ(CpfCheckDigits("390533447"), "05");
  EXPECT_LT(*Cpf::Parse("111.444.777-35"), *Cpf::Parse("529.982.247-25"));
  EXPECT_NE(*Cpf::Parse("111.444.777-35"), *Cpf::Parse("529.982.247-25"));
}

TEST(Cnpj, AcceptsNumericStandardsVectors) {  // STANDARDS.md §4.2
  for (const char* text : {"11.222.333/0001-81", "00.000.000/0001-91", "33.000.167/0001-01"}) {
    auto cnpj = Cnpj::Parse(text);
    ASSERT_TRUE(cnpj.has_value()) << text << ": " << cnpj.error().Describe();
    EXPECT_EQ(cnpj->Formatted(), text);
    EXPECT_FALSE(cnpj->IsAlphanumeric());
    EXPECT_EQ(Cnpj::Parse(cnpj->value()), cnpj);
  }
  EXPECT_EQ(Cnpj::Parse("11.222.333/0001-81")->value(), "11222333000181");
}

TEST(Cnpj, AcceptsAlphanumericStandardsVectors) {  // STANDARDS.md §4.3
  auto official = Cnpj::Parse("12.ABC.345/01DE-35");
  ASSERT_TRUE(official.has_value());
  EXPECT_EQ(official->value(), "12ABC34501DE35");
  EXPECT_EQ(official->Formatted(), "12.ABC.345/01DE-35");
  EXPECT_TRUE(official->IsAlphanumeric());
  EXPECT_EQ(CnpjCheckDigits("12ABC34501DE"), "35");
  EXPECT_EQ(CnpjCheckDigits("000000000001"), "91");
  EXPECT_EQ(CnpjCheckDigits("ABCDEFGHIJKL"), "80");
  EXPECT_EQ(CnpjCheckDigits("A1B2C3D4E5F6"), "68");
  EXPECT_EQ(CnpjCheckDigits("112223330001"), "81");
  EXPECT_TRUE(Cnpj::Parse("ABCDEFGHIJKL80").has_value());
  EXPECT_TRUE(Cnpj::Parse("A1B2C3D4E5F668").has_value());
  EXPECT_EQ(Cnpj::Parse("AB.CDE.FGH/IJKL-80")->Formatted(), "AB.CDE.FGH/IJKL-80");
}

// Policy: lower-case letters are upper-cased before validation, as the reference,
// cpf-cnpj-validator (loose) and brazilian-utils {version: 2} do; the stored value is
// always upper case.
TEST(Cnpj, UpperCasesLetters) {
  auto cnpj = Cnpj::Parse(" 12.abc.345/01de-35 ");
  ASSERT_TRUE(cnpj.has_value());
  EXPECT_EQ(cnpj->value(), "12ABC34501DE35");
}

TEST(Cnpj, EachRejectionHasItsOwnMessageAndTheField) {
  const auto wrong_dv = Cnpj::Parse("11.222.333/0001-82", "loja.cnpj");
  ASSERT_FALSE(wrong_dv.has_value());
  EXPECT_EQ(wrong_dv.error().field, "loja.cnpj");
  EXPECT_EQ(wrong_dv.error().message_pt, "dígito verificador inválido");
  EXPECT_EQ(Cnpj::Parse("12ABC34501DE36").error().field, "cnpj");
  EXPECT_EQ(Rejection(Cnpj::Parse("12ABC34501DE36")), "dígito verificador inválido");
  EXPECT_EQ(Rejection(Cnpj::Parse("00.000.000/0000-00")),
            "sequência de dígitos repetidos não é um CNPJ válido");
  for (char d = '1'; d <= '9'; ++d) {
    EXPECT_EQ(Rejection(Cnpj::Parse(std::string(14, d))),
              "sequência de dígitos repetidos não é um CNPJ válido");
  }
  EXPECT_EQ(Rejection(Cnpj::Parse("1122233300018")), "deve ter 14 caracteres");
  EXPECT_EQ(Rejection(Cnpj::Parse("112223330001811")), "deve ter 14 caracteres");
  EXPECT_EQ(Rejection(Cnpj::Parse("12ABC34501DEAB")),
            "os dois últimos caracteres (dígitos verificadores) devem ser números");
  EXPECT_EQ(Rejection(Cnpj::Parse("11.222.333_0001-81")), "contém caracteres inválidos");
  EXPECT_EQ(Rejection(Cnpj::Parse("12.ÁBC.345/01DE-35")), "contém caracteres inválidos");
  EXPECT_EQ(Rejection(Cnpj::Parse("")), "não informado");
}

TEST(TaxId, DecidesByLengthAfterSeparators) {
  auto cpf = TaxId::Parse("529.982.247-25");
  ASSERT_TRUE(cpf.has_value());
  EXPECT_FALSE(cpf->is_cnpj());
  EXPECT_EQ(cpf->KindName(), "cpf");
  EXPECT_EQ(cpf->value(), "52998224725");
  EXPECT_EQ(cpf->Formatted(), "529.982.247-25");
  EXPECT_EQ(*cpf, TaxId(*Cpf::Parse("52998224725")));

  auto cnpj = TaxId::Parse("12.abc.345/01de-35");
  ASSERT_TRUE(cnpj.has_value());
  EXPECT_TRUE(cnpj->is_cnpj());
  EXPECT_EQ(cnpj->KindName(), "cnpj");
  EXPECT_EQ(cnpj->value(), "12ABC34501DE35");
  EXPECT_EQ(cnpj->Formatted(), "12.ABC.345/01DE-35");
  EXPECT_EQ(*cnpj, TaxId(*Cnpj::Parse("12ABC34501DE35")));
  EXPECT_NE(*cpf, *cnpj);
}

TEST(TaxId, RejectionsCarryTheFieldAndTheKindsMessage) {
  const auto bad_cpf = TaxId::Parse("111.444.777-36", "loja.documento");
  ASSERT_FALSE(bad_cpf.has_value());
  EXPECT_EQ(bad_cpf.error().field, "loja.documento");
  EXPECT_EQ(bad_cpf.error().message_pt, "dígito verificador inválido");
  EXPECT_EQ(Rejection(TaxId::Parse("000.000.000-00")),
            "sequência de dígitos repetidos não é um CPF válido");
  EXPECT_EQ(Rejection(TaxId::Parse("00.000.000/0000-00")),
            "sequência de dígitos repetidos não é um CNPJ válido");
  EXPECT_EQ(Rejection(TaxId::Parse("5299ABC4725")), "contém caracteres inválidos");  // 11: CPF
  EXPECT_EQ(Rejection(TaxId::Parse("123456789012")),
            "deve ter 11 dígitos (CPF) ou 14 caracteres (CNPJ)");
  EXPECT_EQ(Rejection(TaxId::Parse("CPF: 529.982.247-25")), "contém caracteres inválidos");
  EXPECT_EQ(TaxId::Parse("").error().field, "legal_id");
  EXPECT_EQ(Rejection(TaxId::Parse("")), "não informado");
}

// Counts, per kind, the cases where `accepted(input)` differs from the peer column `peer`.
template <typename Accept>
std::map<std::string, int> Divergences(const nlohmann::json& cases, const std::string& peer,
                                       Accept accepted) {
  std::map<std::string, int> by_kind;
  for (const auto& c : cases) {
    if (accepted(c["input"].get<std::string>()) != c[peer].get<bool>()) {
      ++by_kind[c["kind"].get<std::string>()];
    }
  }
  return by_kind;
}

// Our CPF policy agrees with brazilian-utils on every case. It differs from the reference
// (which strips every non-digit, as cpf-cnpj-validator's loose mode does) only on text
// around the number, "CPF 479.576.852-85": we reject it so that a typing slip or a pasted
// sentence is shown to the user rather than silently read as a CPF.
TEST(CpfSharedVectors, MatchReferenceExceptDocumentedPolicy) {
  FIADO_REQUIRE_SHARED("vectors/cpf.json");
  const auto cases = fiado::testing::ReadSharedJson("vectors/cpf.json")["cases"];
  ASSERT_GE(cases.size(), 1000u);
  const auto accepted = [](const std::string& input) { return Cpf::Parse(input).has_value(); };
  EXPECT_EQ(Divergences(cases, "reference", accepted),
            (std::map<std::string, int>{{"valid-with-text", 20}}));
  EXPECT_EQ(Divergences(cases, "brazilian-utils", accepted), (std::map<std::string, int>{}));
}

TEST(CpfSharedVectors, RejectionMessagesFollowTheKind) {
  FIADO_REQUIRE_SHARED("vectors/cpf.json");
  const std::map<std::string, std::string> message_by_kind = {
      {"empty", "não informado"},
      {"letter-inside", "contém caracteres inválidos"},
      {"valid-with-text", "contém caracteres inválidos"},
      {"too-long", "deve ter 11 dígitos"},
      {"too-short", "deve ter 11 dígitos"},
      {"repeated-digits", "sequência de dígitos repetidos não é um CPF válido"},
      {"wrong-check-digit", "dígito verificador inválido"},
  };
  int checked = 0;
  const auto document = fiado::testing::ReadSharedJson("vectors/cpf.json");
  for (const auto& c : document["cases"]) {
    const auto input = c["input"].get<std::string>();
    const auto cpf = Cpf::Parse(input);
    const auto expected = message_by_kind.find(c["kind"].get<std::string>());
    if (expected == message_by_kind.end()) {
      ASSERT_TRUE(cpf.has_value()) << input;
      EXPECT_EQ(Cpf::Parse(cpf->Formatted()), cpf) << input;
    } else {
      EXPECT_EQ(Rejection(cpf), expected->second) << input;
    }
    ++checked;
  }
  EXPECT_GE(checked, 1000);
}

// Our CNPJ policy (upper-case, then [0-9A-Z]{12}[0-9]{2} with the RFB arithmetic) agrees
// with the reference, cpf-cnpj-validator (loose) and brazilian-utils {version: 2} on every
// case. brazilian-utils without {version: 2} rejects every alphanumeric CNPJ.
TEST(CnpjSharedVectors, MatchReferenceOnEveryCase) {
  FIADO_REQUIRE_SHARED("vectors/cnpj.json");
  const auto cases = fiado::testing::ReadSharedJson("vectors/cnpj.json")["cases"];
  ASSERT_GE(cases.size(), 630u);
  const auto accepted = [](const std::string& input) { return Cnpj::Parse(input).has_value(); };
  EXPECT_EQ(Divergences(cases, "reference", accepted), (std::map<std::string, int>{}));
  EXPECT_EQ(Divergences(cases, "brazilian-utils_v2", accepted), (std::map<std::string, int>{}));
  EXPECT_EQ(Divergences(cases, "brazilian-utils", accepted),
            (std::map<std::string, int>{{"valid-alphanumeric", 100},
                                        {"valid-alphanumeric-formatted", 25},
                                        {"valid-alphanumeric-lowercase", 25}}));
}

TEST(CnpjSharedVectors, RejectionMessagesFollowTheKind) {
  FIADO_REQUIRE_SHARED("vectors/cnpj.json");
  const std::map<std::string, std::string> message_by_kind = {
      {"too-short", "deve ter 14 caracteres"},
      {"repeated-digits", "sequência de dígitos repetidos não é um CNPJ válido"},
      {"wrong-check-digit", "dígito verificador inválido"},
  };
  const auto document = fiado::testing::ReadSharedJson("vectors/cnpj.json");
  for (const auto& c : document["cases"]) {
    const auto input = c["input"].get<std::string>();
    const auto cnpj = Cnpj::Parse(input);
    const auto kind = c["kind"].get<std::string>();
    const auto expected = message_by_kind.find(kind);
    if (expected == message_by_kind.end()) {
      ASSERT_TRUE(cnpj.has_value()) << input;
      EXPECT_EQ(cnpj->IsAlphanumeric(), kind.find("alphanumeric") != std::string::npos) << input;
      EXPECT_EQ(Cnpj::Parse(cnpj->Formatted()), cnpj) << input;
      EXPECT_EQ(TaxId::Parse(input)->value(), cnpj->value()) << input;
    } else {
      EXPECT_EQ(Rejection(cnpj), expected->second) << input;
    }
  }
}

}  // namespace
}  // namespace fiado::core
