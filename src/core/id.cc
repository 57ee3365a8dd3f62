#include "core/id.h"

#include <cstdio>

namespace fiado::core {

bool IsCanonicalUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

IdGenerator::IdGenerator(const Clock& clock) : clock_(clock) {}

std::string IdGenerator::NextText() {
  std::lock_guard lock(mutex_);
  // Phase 1: a timestamp that never goes back for this generator.
  const auto since_epoch = clock_.Now().time_since_epoch();
  auto now_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count());
  if (now_ms > last_ms_) {
    last_ms_ = now_ms;
    counter_ = 0;
  } else if (++counter_ > 0x0FFF) {
    ++last_ms_;  // counter exhausted: borrow the next millisecond
    counter_ = 0;
  }

  // Phase 2: lay out the 128 bits.
  const std::uint64_t random_high = (std::uint64_t{random_()} << 32) | random_();
  const std::uint64_t high = (last_ms_ << 16) | 0x7000u | counter_;
  const std::uint64_t low = (random_high & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;

  // Phase 3: canonical text.
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
  return std::string(text, 36);
}

}  // namespace fiado::core
