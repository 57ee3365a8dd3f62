#include "stores/store_cache.h"

namespace fiado::stores {

core::Status StoreCache::Create(const Store& store, const core::AuditEntry& audit) {
  Forget(store.id);
  return origin_.Create(store, audit);
}

core::Status StoreCache::Update(const Store& store, const core::AuditEntry& audit) {
  Forget(store.id);
  auto updated = origin_.Update(store, audit);
  Forget(store.id);
  return updated;
}

std::optional<Store> StoreCache::Find(const StoreId& id) const {
  const core::Instant now = clock_.Now();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
    auto found = entries_.find(id.str());
    if (found != entries_.end() && now - found->second.read_at < max_age_ &&
        now >= found->second.read_at) {
      return found->second.store;
    }
  }
  std::optional<Store> store = origin_.Find(id);
  std::lock_guard lock(mutex_);
  if (generation != generation_) return store;  // a write ran meanwhile: do not keep it
  if (store) {
    entries_.insert_or_assign(id.str(), Entry{*store, now});
  } else {
    entries_.erase(id.str());
  }
  return store;
}

void StoreCache::Forget(const StoreId& id) const {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.erase(id.str());
}

}  // namespace fiado::stores
