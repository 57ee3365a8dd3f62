// Bank imports, bank events, the reconciliation queue and Pix webhooks over SOCI, on both
// engines (migration 0007).
#pragma once

#include "reconciliation/repository.h"
#include "storage/database.h"

namespace fiado::storage {

class SqlReconciliationRepository final : public reconciliation::ReconciliationRepository {
 public:
  explicit SqlReconciliationRepository(Database& db) : db_(db) {}

  std::map<std::int64_t, reconciliation::Located> Locate(
      const core::StoreId& store_id, std::span<const std::int64_t> sequences) const override;
  std::vector<bankfiles::OpenInstallment> OpenInstallments(
      const core::StoreId& store_id, core::Date from, core::Date to,
      std::span<const std::int64_t> sequences) const override;
  std::set<std::string> Known(const core::StoreId& store_id,
                              std::span<const std::string> keys) const override;
  void Record(const core::StoreId& store_id, std::span<const reconciliation::EventRecord> events,
              std::span<const reconciliation::QueueItem> queue) override;
  std::vector<reconciliation::EventRecord> PostedFor(const core::StoreId& store_id,
                                                     const std::string& reference) const override;
  std::vector<reconciliation::EventRecord> EventsOf(const core::StoreId& store_id,
                                                    const std::string& import_id,
                                                    int limit) const override;

  void SaveImport(const reconciliation::ImportReport& report) override;
  std::optional<reconciliation::ImportReport> FindImport(
      const core::StoreId& store_id, const std::string& import_id) const override;
  std::optional<reconciliation::ImportReport> FindImportBySha(
      const core::StoreId& store_id, const std::string& sha256) const override;
  std::vector<reconciliation::ImportReport> Imports(const core::StoreId& store_id,
                                                    int limit) const override;

  std::vector<reconciliation::QueueItem> Queue(const core::StoreId& store_id, bool open_only,
                                               int limit) const override;
  std::optional<reconciliation::QueueItem> FindItem(const core::StoreId& store_id,
                                                    const std::string& item_id) const override;
  core::Status Resolve(const core::StoreId& store_id, const std::string& item_id,
                       const reconciliation::QueueResolution& resolution) override;

  void SaveWebhook(const reconciliation::PixWebhook& webhook) override;
  std::optional<reconciliation::PixWebhook> FindWebhook(
      const std::string& webhook_id) const override;
  std::vector<reconciliation::PixWebhook> WebhooksOf(const core::StoreId& store_id) const override;
  void RevokeWebhook(const core::StoreId& store_id, const std::string& webhook_id,
                     core::Instant revoked_at) override;

 private:
  Database& db_;
};

}  // namespace fiado::storage
