// Storage of bank events, imports, the reconciliation queue and Pix webhooks, implemented
// by the storage module.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "bankfiles/ofx.h"
#include "core/error.h"
#include "core/id.h"
#include "customers/customer.h"
#include "reconciliation/model.h"

namespace fiado::reconciliation {

class ReconciliationRepository {
 public:
  virtual ~ReconciliationRepository() = default;

  // The installments of those sequences that exist in the store, by sequence.
  virtual std::map<std::int64_t, Located> Locate(const core::StoreId& store_id,
                                                 std::span<const std::int64_t> sequences) const = 0;
  // Installments with face still open (reversed payments not counted, closed ones left
  // out) that are due between `from` and `to` or carry one of `sequences`; their updated
  // value is the open face (charges are computed when a payment posts).
  virtual std::vector<bankfiles::OpenInstallment> OpenInstallments(
      const core::StoreId& store_id, core::Date from, core::Date to,
      std::span<const std::int64_t> sequences) const = 0;
  // Which of these event keys are already stored.
  virtual std::set<std::string> Known(const core::StoreId& store_id,
                                      std::span<const std::string> keys) const = 0;
  // Stores events and queue items in one transaction. An event whose key is already
  // stored is skipped, and so is a queue item of the same key.
  virtual void Record(const core::StoreId& store_id, std::span<const EventRecord> events,
                      std::span<const QueueItem> queue) = 0;
  // The payments posted for a reference (nosso número, txid), oldest first.
  virtual std::vector<EventRecord> PostedFor(const core::StoreId& store_id,
                                             const std::string& reference) const = 0;
  virtual std::vector<EventRecord> EventsOf(const core::StoreId& store_id,
                                            const std::string& import_id, int limit) const = 0;

  virtual void SaveImport(const ImportReport& report) = 0;
  virtual std::optional<ImportReport> FindImport(const core::StoreId& store_id,
                                                 const std::string& import_id) const = 0;
  // The earliest import of a file with those bytes that was not refused.
  virtual std::optional<ImportReport> FindImportBySha(const core::StoreId& store_id,
                                                      const std::string& sha256) const = 0;
  // Newest first.
  virtual std::vector<ImportReport> Imports(const core::StoreId& store_id, int limit) const = 0;

  // Newest first; `open_only` leaves out the resolved ones.
  virtual std::vector<QueueItem> Queue(const core::StoreId& store_id, bool open_only,
                                       int limit) const = 0;
  virtual std::optional<QueueItem> FindItem(const core::StoreId& store_id,
                                            const std::string& item_id) const = 0;
  // kConflict when the item was already resolved (the first resolution stays).
  virtual core::Status Resolve(const core::StoreId& store_id, const std::string& item_id,
                               const QueueResolution& resolution) = 0;

  virtual void SaveWebhook(const PixWebhook& webhook) = 0;
  virtual std::optional<PixWebhook> FindWebhook(const std::string& webhook_id) const = 0;
  virtual std::vector<PixWebhook> WebhooksOf(const core::StoreId& store_id) const = 0;
  virtual void RevokeWebhook(const core::StoreId& store_id, const std::string& webhook_id,
                             core::Instant revoked_at) = 0;
};

}  // namespace fiado::reconciliation
