// Reading the régua's request bodies (docs/api.md, "Collection"): settings with contact
// hours, policies with their steps, templates. Every mistake is collected under its path
// ("steps[2].day_offset", "hours.saturday.close"); the domain checks come after.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "collection/repository.h"
#include "core/error.h"

namespace fiado::http {

collection::CollectionSettings ReadCollectionSettings(const nlohmann::json& body,
                                                      std::vector<core::FieldError>& errors);
collection::Policy ReadPolicy(const nlohmann::json& body, std::vector<core::FieldError>& errors);
collection::MessageTemplate ReadTemplate(const nlohmann::json& body,
                                         std::vector<core::FieldError>& errors);

}  // namespace fiado::http
