#include "core/clock.h"

#include <gtest/gtest.h>

namespace fiado::core {
namespace {

using namespace std::chrono_literals;

TEST(FixedClock, StaysPutUntilMoved) {
  const Instant start = std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + 12h;
  FixedClock clock(start);
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(90s);
  EXPECT_EQ(clock.Now(), start + 90s);
  clock.Set(start);
  EXPECT_EQ(clock.Now(), start);
}

TEST(SystemClock, IsAfterThisCodeWasWritten) {
  SystemClock clock;
  const Instant written = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
  EXPECT_GT(clock.Now(), written);
}

}  // namespace
}  // namespace fiado::core

namespace fiado::core {
namespace {

using namespace std::chrono_literals;

TEST(Rfc3339, FormatsUtcWithZ) {
  const Instant at = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 13h + 5min + 7s;
  EXPECT_EQ(FormatRfc3339(at), "2026-11-22T13:05:07Z");
}

TEST(Rfc3339, ParsesZuluOffsetsAndFractions) {
  const Instant at = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 13h + 5min;
  EXPECT_EQ(ParseRfc3339("2026-11-22T13:05:00Z").value(), at);
  EXPECT_EQ(ParseRfc3339("2026-11-22T10:05:00-03:00").value(), at);
  EXPECT_EQ(ParseRfc3339("2026-11-22T13:05:00.999Z").value(), at);
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(at)).value(), at);
}

TEST(Rfc3339, RejectsOtherShapesNamingTheField) {
  for (const char* bad : {"2026-11-22", "2026-11-22 13:05:00", "2026-13-22T13:05:00Z",
                          "2026-11-22T13:05:00", "2026-11-22T13:05:00Zjunk", ""}) {
    auto parsed = ParseRfc3339(bad, "pago_em");
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().field, "pago_em");
  }
}

}  // namespace
}  // namespace fiado::core

namespace fiado::core {
namespace {

TEST(Rfc3339, CanonicalAndGeneralPathsAgree) {
  // The canonical "…Z" form has its own fast reader; it must agree with the general one
  // (reached here through an explicit +00:00 offset) and reject what that one rejects.
  Instant at = std::chrono::sys_days{std::chrono::year{2024} / 2 / 28} + std::chrono::hours{22};
  for (int step = 0; step < 500; ++step) {
    const std::string text = FormatRfc3339(at);
    const std::string with_offset = text.substr(0, 19) + "+00:00";
    ASSERT_EQ(ParseRfc3339(text).value(), at) << text;
    ASSERT_EQ(ParseRfc3339(with_offset).value(), at) << with_offset;
    at += std::chrono::seconds{7919};
  }
  for (const char* bad : {"2026-02-30T10:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T10:60:00Z",
                          "2026-11-22T10:00:61Z", "2026-11-22T1a:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace fiado::core
