// Secrets through libsodium: argon2id password hashes, random tokens and their digests,
// and constant-time comparison. InitSecrets() must run once before any other call (the
// functions call it themselves; it is cheap after the first time).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace fiado::access {

void InitSecrets();

// At least 8 characters and at most 256 bytes; field "password" unless told otherwise.
core::Status CheckPasswordPolicy(std::string_view password, std::string_view field = "password");
// argon2id (crypto_pwhash_str, interactive limits). Checks the policy first.
core::Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);

// 32 random bytes as unpadded base64url, after a prefix ("fiado_" for API keys).
std::string NewToken(std::string_view prefix = "");
// BLAKE2b-256 of the token, hex: what the database keeps instead of the token.
std::string TokenDigest(std::string_view token);
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace fiado::access
