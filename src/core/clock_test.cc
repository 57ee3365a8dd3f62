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
