#include "stores/store_cache.h"

#include <gtest/gtest.h>

namespace fiado::stores {
namespace {

using namespace std::chrono_literals;

// A repository that counts reads and keeps one store.
class CountingRepository final : public StoreRepository {
 public:
  core::Status Create(const Store& store, const core::AuditEntry&) override {
    store_ = store;
    return {};
  }
  core::Status Update(const Store& store, const core::AuditEntry&) override {
    store_ = store;
    return {};
  }
  std::optional<Store> Find(const StoreId& id) const override {
    ++reads;
    if (!store_ || store_->id != id) return std::nullopt;
    return store_;
  }
  std::vector<Store> List() const override { return {}; }
  mutable int reads = 0;

 private:
  std::optional<Store> store_;
};

Store ShopNamed(const std::string& name) {
  return Store{StoreId::FromTrusted("0190a000-0000-7000-8000-0000000000a1"), name,
               *core::TaxId::Parse("11.222.333/0001-81")};
}

TEST(StoreCacheTest, ServesRepeatedReadsAndRefreshesOnWriteAndAge) {
  CountingRepository origin;
  core::FixedClock clock(core::Instant{} + 1000h);
  StoreCache cache(origin, clock, 5s);
  const Store first = ShopNamed("Loja A");
  ASSERT_TRUE(cache.Create(first, {}));
  EXPECT_EQ(cache.Find(first.id)->name, "Loja A");
  EXPECT_EQ(cache.Find(first.id)->name, "Loja A");
  EXPECT_EQ(origin.reads, 1);
  ASSERT_TRUE(cache.Update(ShopNamed("Loja B"), {}));
  EXPECT_EQ(cache.Find(first.id)->name, "Loja B");  // a write through it is seen at once
  EXPECT_EQ(origin.reads, 2);
  origin.Update(ShopNamed("Loja C"), {});  // another server's write
  EXPECT_EQ(cache.Find(first.id)->name, "Loja B");
  clock.Advance(5s);
  EXPECT_EQ(cache.Find(first.id)->name, "Loja C");  // seen once the entry is old
  EXPECT_FALSE(cache.Find(StoreId::FromTrusted("0190a000-0000-7000-8000-0000000000a2")));
}

}  // namespace
}  // namespace fiado::stores
