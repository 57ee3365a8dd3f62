// What the outbox keeps, implemented by the storage module: each shop's channel settings
// (audited, versioned), the messages (the queue's current state), their append-only
// timeline and what providers and customers sent back.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "messaging/message.h"
#include "messaging/settings.h"

namespace fiado::messaging {

struct MessageFilter {
  std::vector<Status> statuses{};  // empty = any
  std::optional<Channel> channel{};
  std::optional<customers::CustomerId> customer_id{};
  std::optional<core::Instant> created_before{};  // paging: created_at < (newest first)
  int limit = 100;
};

// A change of one message's state with the event that tells it. Applied only while the
// message's status is `expected` (compare and set): false when someone changed it first.
struct Transition {
  Message message{};  // the whole new row (id and store_id identify it)
  Status expected = Status::kSending;
  MessageEvent event{};
};

class MessageRepository {
 public:
  virtual ~MessageRepository() = default;

  // nullopt = never saved.
  virtual std::optional<MessagingSettings> Settings(const core::StoreId& store_id) const = 0;
  // Saves settings.version when the stored version is settings.version − 1 (or none is
  // stored and settings.version is 1); kConflict otherwise.
  virtual core::Status SaveSettings(const core::StoreId& store_id,
                                    const MessagingSettings& settings,
                                    const core::AuditEntry& audit) = 0;

  // A new message with its first event. kConflict when the id exists.
  virtual core::Status Enqueue(const Message& message, const MessageEvent& event) = 0;

  // In one transaction: up to `limit` queued messages of any store whose next_attempt_at
  // ≤ now, oldest due first, become `sending` with lease_until and attempts + 1; they are
  // returned as updated. Two workers never claim the same message.
  virtual std::vector<Message> ClaimDue(core::Instant now, int limit,
                                        core::Instant lease_until) = 0;
  // Just before a claimed message goes to its provider: records that this attempt began
  // (a column attempt_started_at, cleared by ClaimDue). Committed without waiting for the
  // disk (SQLite: PRAGMA synchronous = NORMAL on that session for this write, restored to
  // FULL after; PostgreSQL: SET LOCAL synchronous_commit = off): it survives the worker
  // being killed, which is what it is for; a power cut may lose it. Only a `sending`
  // message whose attempt has not begun is marked: false means another worker took it
  // (its lease ended and it was claimed again), and this one must not send it.
  virtual bool MarkAttempt(const std::string& message_id, core::Instant at) = 0;

  // Sending messages whose lease ended before `now`: those whose attempt never began go
  // back to queued (attempts − 1, due now, no event); those whose attempt began become
  // uncertain with an event (`detail`): they may have gone out. Returns how many became
  // uncertain.
  virtual std::int64_t ExpireLeases(core::Instant now, const std::string& detail) = 0;

  // Applies the transitions in one transaction, each with its event; returns, in order,
  // whether each was applied. `durable` false commits as MarkAttempt does (the worker
  // records each result at once that way, so that a killed worker leaves only the
  // messages that were on the wire in doubt).
  virtual std::vector<bool> Apply(std::span<const Transition> transitions, bool durable = true) = 0;

  virtual std::optional<Message> Find(const core::StoreId& store_id,
                                      const std::string& message_id) const = 0;
  // The message of that store and channel the provider knows by that id.
  virtual std::optional<Message> FindByProviderId(const core::StoreId& store_id, Channel channel,
                                                  const std::string& provider_id) const = 0;
  virtual std::optional<Message> FindByUnsubscribeToken(const std::string& token) const = 0;
  // Newest first.
  virtual std::vector<Message> List(const core::StoreId& store_id,
                                    const MessageFilter& filter) const = 0;
  // Oldest first.
  virtual std::vector<MessageEvent> Events(const core::StoreId& store_id,
                                           const std::string& message_id) const = 0;
  // How many messages of the store are in each status (for the dashboard's badges).
  virtual std::vector<std::pair<Status, std::int64_t>> CountByStatus(
      const core::StoreId& store_id) const = 0;

  virtual void RecordInbound(const InboundRecord& record) = 0;
  // Newest first.
  virtual std::vector<InboundRecord> Inbound(const core::StoreId& store_id, int limit) const = 0;
};

}  // namespace fiado::messaging
