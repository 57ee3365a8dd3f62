// The audit log: one append-only entry per change (who, when, which entity, the state
// before and after). Entries are never edited or removed; the store adapters enforce it.
// States are opaque snapshots (JSON text made by the adapter that knows the entity).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"

namespace fiado::core {

struct AuditEntry {
  std::string id;  // UUIDv7, time-ordered
  StoreId store_id;
  Instant occurred_at;
  std::string actor;        // "user:<id>", "api_key:<id>", "system", "cli"
  std::string entity_type;  // "store", "customer", ...
  std::string entity_id;
  std::string action;  // "create", "update", "block", ...
  std::optional<std::string> before;
  std::optional<std::string> after;
  std::string request_id;  // correlates with the access log; may be empty
};

// Who is acting, for the audit entries a service writes: the store they act in, the
// actor text ("user:<id>", "api_key:<id>", "cli", "system") and the request id.
struct Actor {
  StoreId store_id;
  std::string actor;
  std::string request_id{};
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual void Append(const AuditEntry& entry) = 0;
  // Oldest first; at most `limit` entries.
  virtual std::vector<AuditEntry> ListForEntity(const StoreId& store_id,
                                                const std::string& entity_type,
                                                const std::string& entity_id, int limit) const = 0;
};

}  // namespace fiado::core
