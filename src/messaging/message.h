// A message in the outbox: what the shop sends a customer (or a tester) on one channel,
// with its state and the timeline of what happened to it (DESIGN §7).
//
// States:
//   queued    waiting for next_attempt_at (first try or a retry after a transient failure)
//   sending   claimed by a worker; a lease that expires marks it `uncertain`
//   sent      the provider accepted it (provider_id recorded)
//   delivered the provider reported delivery (WhatsApp, SMS receipts)
//   read      WhatsApp reported it read
//   failed    permanent failure or retries exhausted: the dead-letter list, resendable
//   cancelled checked again before sending and no longer due (paid, paused, opted out)
//   uncertain the worker stopped while sending it: it may or may not have gone out; a
//             person decides (resend or leave); never resent by itself
//   manual    WhatsApp without an API account: waits for a collector to send it by
//             click-to-chat and mark it sent
// The row is the queue's current state; message_events is the append-only history.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "customers/customer.h"

namespace fiado::messaging {

using customers::Channel;

enum class Status {
  kQueued,
  kSending,
  kSent,
  kDelivered,
  kRead,
  kFailed,
  kCancelled,
  kUncertain,
  kManual
};
std::string_view StatusName(Status status);  // "queued", "sending", ... "manual"
std::string_view StatusPt(Status status);    // "na fila", "enviando", "enviada", ...
std::optional<Status> ParseStatus(std::string_view name);
// failed and uncertain: what the dead-letter view lists and a person may resend.
bool IsDeadLetter(Status status);

enum class Source { kCollection, kTest, kOptOutConfirmation };
std::string_view SourceName(Source source);  // "collection", "test", "opt_out_confirmation"
std::optional<Source> ParseSource(std::string_view name);

struct Message {
  std::string id{};
  core::StoreId store_id{};
  std::optional<customers::CustomerId> customer_id{};
  Source source = Source::kCollection;
  Channel channel = Channel::kEmail;
  // E.164 phone or e-mail address. Empty for a collection message until it is sent: the
  // customer's current contact is looked up just before sending.
  std::string recipient{};
  std::string template_key{};
  std::string subject{};  // e-mail only
  std::string body{};     // plain text as rendered (re-rendered before sending)
  Status status = Status::kQueued;
  int attempts = 0;                            // sends tried so far
  core::Instant next_attempt_at{};             // when a queued message is due
  std::optional<core::Instant> lease_until{};  // while sending
  std::string provider_id{};                   // the provider's message id once sent
  std::string last_error{};                    // the latest failure or cancel reason, Portuguese
  std::string unsubscribe_token{};             // e-mail: the one-click opt-out link's token
  core::Instant created_at{};
  core::Instant updated_at{};
  std::optional<core::Instant> sent_at{};
  std::string sent_by{};  // "fiado" (the worker) or the collector who sent it by hand
};

// One step of a message's timeline (append-only).
struct MessageEvent {
  std::string message_id{};
  core::Instant at{};
  Status status = Status::kQueued;
  std::string detail{};  // Portuguese: the provider's answer, the reason, who resent
  std::string actor{};   // "fiado", "whatsapp", "sms", a user's e-mail
};

// Something a provider or a customer told us (webhook, receipt, reply), kept as received
// with what Fiado did with it: "applied", "unknown_message", "opt_out", "ignored".
struct InboundRecord {
  std::string id{};
  core::StoreId store_id{};
  Channel channel = Channel::kWhatsapp;
  core::Instant received_at{};
  std::string kind{};         // "status", "reply", "unsubscribe"
  std::string sender{};       // phone or e-mail, may be empty
  std::string provider_id{};  // the message id it refers to, may be empty
  std::string text{};         // status name or reply text (at most 1,000 characters)
  std::string outcome{};
};

}  // namespace fiado::messaging
