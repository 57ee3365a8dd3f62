// The outbox over SOCI (messaging/repository.h), on SQLite and PostgreSQL (migration
// 0009). Settings are one JSON row per shop (secrets included), saved only over the
// version before; a message is one row holding the queue's current state, changed only by
// compare and set on its status, each change with an event appended to message_events;
// message_events and message_inbound are append-only (the database refuses the rest).
//
// Claims: ClaimDue runs in one write transaction. SQLite takes the write lock up front
// (BEGIN IMMEDIATE), so it selects the due rows then updates them; PostgreSQL updates the
// rows a subquery locked with FOR UPDATE SKIP LOCKED, so concurrent claimers pass over
// each other's rows instead of waiting for them. Batches (ClaimDue, ExpireLeases, Apply)
// prepare their statements once and commit once. MarkAttempt and Apply(…, false) commit
// without waiting for the disk (SQLite: synchronous = NORMAL for that write only;
// PostgreSQL: synchronous_commit off for that transaction).
//
// Apply writes the new row except what makes the message itself: its id, store,
// customer, source, channel and created_at stay as enqueued (and their index entries
// are not rewritten on every change).
//
// On SQLite the repository's writers queue on a mutex before taking the database's write
// lock: the worker's threads write several times per message, and SQLite's busy handler
// would otherwise make a loser sleep whole milliseconds.
#pragma once

#include <mutex>

#include "messaging/repository.h"
#include "storage/database.h"

namespace fiado::storage {

class SqlMessageRepository final : public messaging::MessageRepository {
 public:
  explicit SqlMessageRepository(Database& db) : db_(db) {}

  std::optional<messaging::MessagingSettings> Settings(
      const core::StoreId& store_id) const override;
  core::Status SaveSettings(const core::StoreId& store_id,
                            const messaging::MessagingSettings& settings,
                            const core::AuditEntry& audit) override;

  core::Status Enqueue(const messaging::Message& message,
                       const messaging::MessageEvent& event) override;

  std::vector<messaging::Message> ClaimDue(core::Instant now, int limit,
                                           core::Instant lease_until) override;
  bool MarkAttempt(const std::string& message_id, core::Instant at) override;
  std::int64_t ExpireLeases(core::Instant now, const std::string& detail) override;

  std::vector<bool> Apply(std::span<const messaging::Transition> transitions,
                          bool durable = true) override;

  std::optional<messaging::Message> Find(const core::StoreId& store_id,
                                         const std::string& message_id) const override;
  std::optional<messaging::Message> FindByProviderId(const core::StoreId& store_id,
                                                     messaging::Channel channel,
                                                     const std::string& provider_id) const override;
  std::optional<messaging::Message> FindByUnsubscribeToken(const std::string& token) const override;
  std::vector<messaging::Message> List(const core::StoreId& store_id,
                                       const messaging::MessageFilter& filter) const override;
  std::vector<messaging::MessageEvent> Events(const core::StoreId& store_id,
                                              const std::string& message_id) const override;
  std::vector<std::pair<messaging::Status, std::int64_t>> CountByStatus(
      const core::StoreId& store_id) const override;

  void RecordInbound(const messaging::InboundRecord& record) override;
  std::vector<messaging::InboundRecord> Inbound(const core::StoreId& store_id,
                                                int limit) const override;

 private:
  // Held by a write on SQLite (see above); a no-op lock on PostgreSQL.
  std::unique_lock<std::mutex> LockWrites();

  Database& db_;
  std::mutex sqlite_writes_;
};

}  // namespace fiado::storage
