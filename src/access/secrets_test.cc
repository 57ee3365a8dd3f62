#include "access/secrets.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace fiado::access {
namespace {

bool IsBase64Url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

TEST(SecretsTest, HashVerifiesTheRightPasswordOnly) {
  auto hash = HashPassword("cafezinho-123");
  ASSERT_TRUE(hash.has_value()) << hash.error().Describe();
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_EQ(hash->find("cafezinho"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "cafezinho-123"));
  EXPECT_FALSE(VerifyPassword(*hash, "cafezinho-124"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("", "cafezinho-123"));
  EXPECT_FALSE(VerifyPassword("not a hash", "cafezinho-123"));
}

TEST(SecretsTest, SamePasswordHashesDifferently) {
  auto a = HashPassword("pão de queijo");
  auto b = HashPassword("pão de queijo");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_NE(*a, *b);  // a fresh salt each time
  EXPECT_TRUE(VerifyPassword(*b, "pão de queijo"));
}

TEST(SecretsTest, HashChecksThePolicyFirst) {
  auto hash = HashPassword("curta");
  ASSERT_FALSE(hash.has_value());
  EXPECT_EQ(hash.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(hash.error().field, "password");
  EXPECT_EQ(hash.error().message_pt, "a senha deve ter pelo menos 8 caracteres");
}

TEST(PasswordPolicyTest, CountsCharactersNotBytes) {
  // "ação" is 4 characters in 6 bytes: "açãoação" has 8 characters.
  EXPECT_TRUE(CheckPasswordPolicy("açãoação").has_value());
  auto seven = CheckPasswordPolicy("açãoaçã");  // 7 characters, 10 bytes
  ASSERT_FALSE(seven.has_value());
  EXPECT_EQ(seven.error().message_pt, "a senha deve ter pelo menos 8 caracteres");
  EXPECT_TRUE(CheckPasswordPolicy("12345678").has_value());
  EXPECT_FALSE(CheckPasswordPolicy("1234567").has_value());
  EXPECT_FALSE(CheckPasswordPolicy("").has_value());
}

TEST(PasswordPolicyTest, AtMost256Bytes) {
  EXPECT_TRUE(CheckPasswordPolicy(std::string(255, 'a') + "b").has_value());
  auto too_long = CheckPasswordPolicy(std::string(256, 'a') + "b");
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().message_pt, "a senha deve ter no máximo 256 bytes");
}

TEST(PasswordPolicyTest, RefusesOneRepeatedCharacter) {
  EXPECT_FALSE(CheckPasswordPolicy("aaaaaaaa").has_value());
  EXPECT_FALSE(CheckPasswordPolicy("çççççççççç").has_value());
  EXPECT_TRUE(CheckPasswordPolicy("aaaaaaab").has_value());
}

TEST(PasswordPolicyTest, NamesTheFieldItWasGiven) {
  auto result = CheckPasswordPolicy("curta", "new_password");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().field, "new_password");
  auto invalid_utf8 = CheckPasswordPolicy("\xff\xfe-senha-123");
  ASSERT_FALSE(invalid_utf8.has_value());
  EXPECT_EQ(invalid_utf8.error().field, "password");
}

TEST(TokenTest, Is43Base64UrlCharactersAfterThePrefix) {
  const std::string token = NewToken();
  EXPECT_EQ(token.size(), 43u);  // 32 bytes, unpadded base64
  for (char c : token) EXPECT_TRUE(IsBase64Url(c)) << c;
  const std::string key = NewToken("fiado_");
  EXPECT_TRUE(key.starts_with("fiado_"));
  EXPECT_EQ(key.size(), 49u);
}

TEST(TokenTest, TokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(NewToken());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(TokenTest, DigestIsStable64Hex) {
  const std::string token = NewToken();
  const std::string digest = TokenDigest(token);
  EXPECT_EQ(digest.size(), 64u);
  for (char c : digest) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << c;
  EXPECT_EQ(TokenDigest(token), digest);
  EXPECT_NE(TokenDigest(token + "x"), digest);
  EXPECT_EQ(digest.find(token), std::string::npos);
  // BLAKE2b-256 of the empty string, a published value.
  EXPECT_EQ(TokenDigest(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(ConstantTimeEqualsTest, ComparesContentsAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

}  // namespace
}  // namespace fiado::access
