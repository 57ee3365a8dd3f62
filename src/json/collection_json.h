// The JSON shapes of the régua (docs/api.md, "Collection"): settings and contact hours,
// policies and their steps, templates, actions of the outbox, the reasons of the preview,
// runs, pauses and exemptions. Money in *_cents, dates YYYY-MM-DD, instants RFC 3339 UTC,
// times of day "HH:MM".
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "collection/repository.h"
#include "collection/service.h"

namespace fiado::json {

inline constexpr const char* kWeekdayNames[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                                 "thursday", "friday", "saturday"};

std::string TimeOfDayText(int minutes);  // "08:00"
// {"sunday": null, "monday": {"open": "08:00", "close": "20:00"}, ...}
nlohmann::json ContactHoursJson(const collection::ContactHours& hours);
nlohmann::json SettingsJson(const collection::CollectionSettings& settings);
// The law's hours: the default and the states with stricter laws.
nlohmann::json LawHoursJson();

nlohmann::json AudienceJson(const collection::Audience& audience);
nlohmann::json PolicyJson(const collection::Policy& policy);
nlohmann::json TemplateJson(const collection::MessageTemplate& message_template);
nlohmann::json TemplateVariablesJson();

// An action; `names` gives the customer's name (may lack it).
nlohmann::json ActionJson(const collection::Action& action,
                          const std::map<std::string, std::string>& names);
nlohmann::json StoredActionJson(const collection::StoredAction& stored);
nlohmann::json PreviewJson(const collection::Preview& preview);
nlohmann::json RunJson(const collection::RunRecord& run);
nlohmann::json PauseJson(const collection::PauseRecord& record, core::Date today);
nlohmann::json ExemptionJson(const collection::Exemption& exemption);

}  // namespace fiado::json
