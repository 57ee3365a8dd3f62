// Digests and secrets through libsodium: the SHA-256 of a file (to tell a re-upload), the
// HMAC-SHA256 that Pix providers sign notifications with, and random webhook secrets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fiado::reconciliation {

// Hex SHA-256 of the file's bytes; nullopt when it cannot be read.
std::optional<std::string> FileSha256(const std::string& path);
// Hex HMAC-SHA256 of `message` with `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view message);
// Whether `signature` (hex, either case, optionally "sha256=…") is the HMAC of `message`.
bool VerifyHmacSha256(std::string_view key, std::string_view message, std::string_view signature);
// 32 random bytes as hex.
std::string NewSecret();
bool SameSecret(std::string_view a, std::string_view b);  // constant time

}  // namespace fiado::reconciliation
