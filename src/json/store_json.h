// The JSON shape of a store (docs/api.md), for the API and for audit snapshots, and the
// reading of its settings column back. Field names are the API's.
#pragma once

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "stores/store.h"

namespace fiado::json {

nlohmann::json StoreJson(const stores::Store& store);
nlohmann::json StoreSettingsJson(const stores::StoreSettings& settings);
// Settings as StoreSettingsJson wrote them; kInvalidArgument naming the field otherwise.
core::Result<stores::StoreSettings> StoreSettingsFromJson(const nlohmann::json& settings,
                                                          const std::string& field_prefix);

}  // namespace fiado::json
