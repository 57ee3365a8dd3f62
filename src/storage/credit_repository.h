// Credit analysis over SQL (migration 0010): settings, latest scores, bureau lookups
// (append-only), on-demand decisions with their analyses, and the reads the credit service
// needs from the collection tables (promises) and the audit log (the last limit change).
#pragma once

#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "credit/service/repository.h"
#include "sales/sale.h"
#include "storage/database.h"

namespace fiado::storage {

class SqlCreditRepository final : public credit::CreditRepository {
 public:
  explicit SqlCreditRepository(Database& db) : db_(db) {}

  credit::CreditSettings Settings(const core::StoreId& store_id) const override;
  core::Status SaveSettings(const core::StoreId& store_id, const credit::CreditSettings& settings,
                            const std::string& actor, const core::AuditEntry& audit) override;
  core::Status SaveScores(const core::StoreId& store_id,
                          std::span<const credit::StoredScore> scores) override;
  std::optional<credit::StoredScore> Score(const core::StoreId& store_id,
                                           const customers::CustomerId& customer_id) const override;
  core::Status RecordLookup(const credit::BureauLookup& lookup,
                            const core::AuditEntry& audit) override;
  std::vector<credit::BureauLookup> Lookups(const core::StoreId& store_id,
                                            const customers::CustomerId& customer_id,
                                            int limit) const override;
  core::Status RecordDecision(const sales::CreditDecision& decision,
                              const core::AuditEntry& audit) override;
  credit::CollectionRecord CollectionOf(const core::StoreId& store_id,
                                        const customers::CustomerId& customer_id) const override;
  std::optional<core::Instant> LimitSetAt(const core::StoreId& store_id,
                                          const customers::CustomerId& customer_id) const override;
  core::Status SaveScorecard(const credit::StoredScorecard& scorecard,
                             const core::AuditEntry& audit) override;
  std::vector<credit::StoredScorecard> Scorecards(const core::StoreId& store_id) const override;
  std::optional<credit::StoredScorecard> FindScorecard(const core::StoreId& store_id,
                                                       const std::string& id) const override;
  std::vector<customers::CustomerId> CustomersWithSales(const core::StoreId& store_id,
                                                        const std::string& after,
                                                        int limit) const override;

 private:
  std::unique_lock<std::mutex> LockWrites();

  Database& db_;
  std::mutex sqlite_writes_;
};

// Shared with the ledger repository: a decision's analysis row (when it has one), and the
// analyses of decisions already read.
void InsertAnalysis(soci::session& session, const sales::CreditDecision& decision);
void AttachAnalyses(soci::session& session, const core::StoreId& store_id,
                    std::vector<sales::CreditDecision>& decisions);

}  // namespace fiado::storage
