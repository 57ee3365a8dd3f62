#include "core/id.h"

#include <gtest/gtest.h>

#include <set>

namespace fiado::core {
namespace {

struct StoreTag {};
struct CustomerTag {};
using StoreId = Id<StoreTag>;
using CustomerId = Id<CustomerTag>;

static_assert(!std::is_convertible_v<StoreId, CustomerId>);
static_assert(!std::is_constructible_v<CustomerId, StoreId>);

const Instant kMoment = std::chrono::sys_days{std::chrono::year{2026} / 3 / 10};

TEST(IdGenerator, MakesVersion7VariantRfcText) {
  FixedClock clock(kMoment);
  IdGenerator ids(clock);
  const std::string id = ids.NextText();
  ASSERT_TRUE(IsCanonicalUuid(id)) << id;
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
  // 2026-03-10T00:00:00Z = 1773100800000 ms = 0x19cd5...
  const auto ms = std::stoull(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
  EXPECT_EQ(ms, 1773100800000ull);
}

TEST(IdGenerator, IdsStrictlyIncreaseUnderAStoppedClock) {
  FixedClock clock(kMoment);
  IdGenerator ids(clock);
  std::string previous = ids.NextText();
  for (int i = 0; i < 10000; ++i) {  // more than the 4096 of one millisecond's counter
    std::string next = ids.NextText();
    ASSERT_LT(previous, next);
    previous = std::move(next);
  }
}

TEST(IdGenerator, LaterClockGivesLaterIds) {
  FixedClock clock(kMoment);
  IdGenerator ids(clock);
  const std::string first = ids.NextText();
  clock.Advance(std::chrono::seconds(1));
  EXPECT_LT(first, ids.NextText());
}

TEST(Id, ParseNormalisesCaseAndRejectsJunk) {
  auto id = StoreId::Parse("0190F3C2-7A1B-7C3D-8E4F-123456789ABC");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->str(), "0190f3c2-7a1b-7c3d-8e4f-123456789abc");
  auto bad = StoreId::Parse("42", "loja_id");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "loja_id");
  EXPECT_FALSE(StoreId::Parse("0190f3c2-7a1b-7c3d-8e4f-123456789abz").has_value());
  EXPECT_FALSE(StoreId::Parse("0190f3c2x7a1b-7c3d-8e4f-123456789abc").has_value());
}

TEST(Id, RandomPartDiffersBetweenGenerators) {
  FixedClock clock(kMoment);
  IdGenerator a(clock);
  IdGenerator b(clock);
  EXPECT_NE(a.NextText(), b.NextText());
}

}  // namespace
}  // namespace fiado::core
