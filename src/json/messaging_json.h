// The JSON shape of the outbox: messages with their timelines, the channel settings (the
// secrets never shown, only whether they are set) and what providers sent back.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "messaging/message.h"
#include "messaging/service.h"
#include "messaging/settings.h"

namespace fiado::json {

// customer_name may be empty (test messages, unknown customers).
nlohmann::json MessageJson(const messaging::Message& message, const std::string& customer_name,
                           const std::string& click_to_chat_url);
nlohmann::json MessageEventJson(const messaging::MessageEvent& event);
nlohmann::json MessageDetailJson(const messaging::MessageDetail& detail,
                                 const std::string& customer_name);
nlohmann::json MessagingSettingsJson(const messaging::MessagingSettings& settings);
nlohmann::json InboundJson(const messaging::InboundRecord& record);

}  // namespace fiado::json
