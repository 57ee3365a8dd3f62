// HMAC-SHA256 against RFC 4231, SHA-256 of a file against FIPS 180-2's "abc", and the
// signature check's accepted forms.
#include "reconciliation/digest.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fiado::reconciliation {
namespace {

TEST(Digest, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Digest, SignaturesAreAcceptedWithOrWithoutPrefixInEitherCase) {
  const std::string body = R"({"pix":[]})";
  const std::string mac = HmacSha256Hex("segredo", body);
  EXPECT_TRUE(VerifyHmacSha256("segredo", body, mac));
  EXPECT_TRUE(VerifyHmacSha256("segredo", body, "sha256=" + mac));
  std::string upper = mac;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(VerifyHmacSha256("segredo", body, upper));
  EXPECT_FALSE(VerifyHmacSha256("outro", body, mac));
  EXPECT_FALSE(VerifyHmacSha256("segredo", body + " ", mac));
  EXPECT_FALSE(VerifyHmacSha256("segredo", body, ""));
  EXPECT_FALSE(VerifyHmacSha256("segredo", body, mac.substr(1)));
}

TEST(Digest, FileSha256OfAbc) {
  const auto path = std::filesystem::temp_directory_path() / "fiado-digest-test.txt";
  std::ofstream(path) << "abc";
  EXPECT_EQ(FileSha256(path.string()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::filesystem::remove(path);
  EXPECT_EQ(FileSha256(path.string()), std::nullopt);
}

TEST(Digest, SecretsAreRandomHex) {
  const std::string a = NewSecret();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, NewSecret());
  EXPECT_TRUE(SameSecret(a, a));
  EXPECT_FALSE(SameSecret(a, a.substr(0, 63)));
}

}  // namespace
}  // namespace fiado::reconciliation
