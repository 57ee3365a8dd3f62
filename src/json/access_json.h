// The JSON shape of a staff user and of an API key (docs/api.md), for the API and for audit
// snapshots. Neither ever holds a secret: no password hash, no key digest.
#pragma once

#include <nlohmann/json.hpp>

#include "access/access.h"

namespace fiado::json {

nlohmann::json UserJson(const access::User& user);
nlohmann::json ApiKeyJson(const access::ApiKey& key);

}  // namespace fiado::json
