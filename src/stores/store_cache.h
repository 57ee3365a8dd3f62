// A read-through cache of stores in front of the real repository. The ledger reads the
// shop (time zone, holidays, credit terms) on every sale and payment; the shop changes
// rarely. Writes through this object refresh it at once; a change made by another server
// process is seen after at most `max_age`. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "stores/store.h"

namespace fiado::stores {

class StoreCache final : public StoreRepository {
 public:
  StoreCache(StoreRepository& origin, const core::Clock& clock,
             std::chrono::seconds max_age = std::chrono::seconds(5))
      : origin_(origin), clock_(clock), max_age_(max_age) {}

  core::Status Create(const Store& store, const core::AuditEntry& audit) override;
  core::Status Update(const Store& store, const core::AuditEntry& audit) override;
  std::optional<Store> Find(const StoreId& id) const override;
  std::vector<Store> List() const override { return origin_.List(); }

 private:
  struct Entry {
    Store store;
    core::Instant read_at;
  };
  void Forget(const StoreId& id) const;

  StoreRepository& origin_;
  const core::Clock& clock_;
  const std::chrono::seconds max_age_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, Entry> entries_;
  // Grows on every write, so a read that raced a write does not cache the old row.
  mutable std::uint64_t generation_ = 0;
};

}  // namespace fiado::stores
