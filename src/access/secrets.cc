#include "access/secrets.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/text.h"

namespace fiado::access {
namespace {

constexpr std::size_t kMinPasswordCharacters = 8;
constexpr std::size_t kMaxPasswordBytes = 256;
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kDigestBytes = 32;

// A UTF-8 continuation byte (10xxxxxx) never starts a code point.
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The code points of valid UTF-8 text, each as the bytes that encode it.
std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> points;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || !IsContinuationByte(text[i])) {
      points.push_back(text.substr(start, i - start));
      start = i;
    }
  }
  return points;
}

}  // namespace

void InitSecrets() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init answers 0 the first time, 1 when already done, -1 on failure. A throw
    // leaves the flag unset, so the next call tries again.
    if (sodium_init() < 0) throw std::runtime_error("libsodium não pôde ser inicializada");
  });
}

core::Status CheckPasswordPolicy(std::string_view password, std::string_view field) {
  const std::string field_name(field);
  if (password.size() > kMaxPasswordBytes) {
    return core::Invalid(field_name, "a senha deve ter no máximo 256 bytes");
  }
  if (!core::IsValidUtf8(password)) {
    return core::Invalid(field_name, "a senha contém caracteres inválidos");
  }
  const std::vector<std::string_view> points = CodePoints(password);
  if (points.size() < kMinPasswordCharacters) {
    return core::Invalid(field_name, "a senha deve ter pelo menos 8 caracteres");
  }
  if (std::all_of(points.begin(), points.end(),
                  [&](std::string_view point) { return point == points.front(); })) {
    return core::Invalid(field_name, "a senha não pode ser um único caractere repetido");
  }
  return {};
}

core::Result<std::string> HashPassword(std::string_view password) {
  if (auto policy = CheckPasswordPolicy(password); !policy) return core::Fail(policy.error());
  InitSecrets();
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str(hash.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    // Only when the memory for argon2id cannot be had: an infrastructure failure.
    throw std::runtime_error("sem memória para calcular o hash da senha");
  }
  return std::string(hash.data());
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  InitSecrets();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string NewToken(std::string_view prefix) {
  InitSecrets();
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(prefix) + text.data();
}

std::string TokenDigest(std::string_view token) {
  InitSecrets();
  std::array<unsigned char, kDigestBytes> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  std::array<char, kDigestBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // The length is no secret (tokens have a fixed length); the contents are.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  InitSecrets();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fiado::access
