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
