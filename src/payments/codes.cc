#include "payments/codes.h"

#include <charconv>

#include <fmt/format.h>

namespace fiado::payments {

namespace {
constexpr std::string_view kTxidPrefix = "FD";
}  // namespace

std::string TxidOf(std::int64_t sequence) {
  FIADO_CHECK(sequence >= 1);
  return fmt::format("{}{:010d}", kTxidPrefix, sequence);
}

std::optional<std::int64_t> SequenceOfTxid(std::string_view txid) {
  if (!txid.starts_with(kTxidPrefix)) return std::nullopt;
  const std::string_view digits = txid.substr(kTxidPrefix.size());
  if (digits.size() < 10 || digits.size() > 18) return std::nullopt;
  std::int64_t sequence = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (error != std::errc() || end != digits.data() + digits.size() || sequence < 1) {
    return std::nullopt;
  }
  return sequence;
}

}  // namespace fiado::payments
