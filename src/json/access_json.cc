#include "json/access_json.h"

namespace fiado::json {

using nlohmann::json;

namespace {

json OptionalInstant(const std::optional<core::Instant>& instant) {
  return instant ? json(core::FormatRfc3339(*instant)) : json(nullptr);
}

}  // namespace

json UserJson(const access::User& user) {
  return json{{"id", user.id.str()},
              {"email", user.email},
              {"name", user.name},
              {"role", std::string(access::RoleName(user.role))},
              {"active", user.active},
              {"created_at", core::FormatRfc3339(user.created_at)},
              {"updated_at", core::FormatRfc3339(user.updated_at)}};
}

json ApiKeyJson(const access::ApiKey& key) {
  return json{{"id", key.id.str()},
              {"name", key.name},
              {"role", std::string(access::RoleName(key.role))},
              {"prefix", key.prefix},
              {"created_by", key.created_by.str()},
              {"created_at", core::FormatRfc3339(key.created_at)},
              {"revoked_at", OptionalInstant(key.revoked_at)},
              {"last_used_at", OptionalInstant(key.last_used_at)}};
}

}  // namespace fiado::json
