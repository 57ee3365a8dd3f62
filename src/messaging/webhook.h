// What providers report back, once parsed (messaging/providers parses the formats): the
// status of a message we sent, or a text a customer sent us.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "messaging/message.h"

namespace fiado::messaging {

struct StatusUpdate {
  std::string provider_id{};          // wamid, the SMS provider's id
  Status status = Status::kSent;      // kSent, kDelivered, kRead or kFailed
  std::optional<core::Instant> at{};  // when the provider says it happened
  std::string error{};                // kFailed: the provider's code and words
};

struct InboundText {
  std::string from_e164{};  // "+5511987654321"
  std::string provider_id{};
  std::string text{};
  std::optional<core::Instant> at{};
};

struct ProviderReport {
  std::vector<StatusUpdate> statuses{};
  std::vector<InboundText> replies{};
};

}  // namespace fiado::messaging
