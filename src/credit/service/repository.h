// What the credit service stores and reads: the shop's credit settings, the latest
// behavioural score of each customer, bureau lookups (append-only), on-demand decisions,
// and from the rest of the system the promise windows and the last limit change.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "core/id.h"
#include "credit/behaviour.h"
#include "credit/bureau.h"
#include "credit/scorecard/model.h"
#include "credit/scorecard/report.h"
#include "credit/settings.h"
#include "customers/customer.h"
#include "sales/sale.h"

namespace fiado::credit {

struct StoredScore {
  customers::CustomerId customer_id{};
  BehaviourScore score{};
  core::Instant computed_at{};
};

// A promise to pay (a collection pause of kind promise): kept when a payment is dated
// between its start and its date.
struct PromiseWindow {
  core::Date from{};
  core::Date until{};
};

// The customer's collection record the behavioural score reads.
struct CollectionRecord {
  std::vector<PromiseWindow> promises{};
  int agreements = 0;
  int agreements_broken = 0;
};

// A scorecard trained by the shop, with its quality on the held-out rows.
struct StoredScorecard {
  std::string id;
  core::StoreId store_id{};
  std::string name;
  scorecard::Model model{};
  scorecard::Report report{};
  core::Instant created_at{};
  std::string created_by{};
};

class CreditRepository {
 public:
  virtual ~CreditRepository() = default;

  // The stored settings, or the defaults (version 0) when never saved.
  virtual CreditSettings Settings(const core::StoreId& store_id) const = 0;
  // Saves `settings` (its version is the new one) when the stored version is
  // settings.version − 1; kConflict otherwise. With its audit entry, in one transaction.
  virtual core::Status SaveSettings(const core::StoreId& store_id, const CreditSettings& settings,
                                    const std::string& actor, const core::AuditEntry& audit) = 0;

  // Replaces each customer's latest score (one transaction for the batch).
  virtual core::Status SaveScores(const core::StoreId& store_id,
                                  std::span<const StoredScore> scores) = 0;
  virtual std::optional<StoredScore> Score(const core::StoreId& store_id,
                                           const customers::CustomerId& customer_id) const = 0;

  // Appends a lookup and its audit entry.
  virtual core::Status RecordLookup(const BureauLookup& lookup, const core::AuditEntry& audit) = 0;
  // Newest first, at most `limit`.
  virtual std::vector<BureauLookup> Lookups(const core::StoreId& store_id,
                                            const customers::CustomerId& customer_id,
                                            int limit) const = 0;

  // Stores an on-demand decision (with its analysis) and its audit entry.
  virtual core::Status RecordDecision(const sales::CreditDecision& decision,
                                      const core::AuditEntry& audit) = 0;

  virtual CollectionRecord CollectionOf(const core::StoreId& store_id,
                                        const customers::CustomerId& customer_id) const = 0;
  // When the customer's limit was last set (the newest "credit_limit" audit entry).
  virtual std::optional<core::Instant> LimitSetAt(
      const core::StoreId& store_id, const customers::CustomerId& customer_id) const = 0;
  virtual core::Status SaveScorecard(const StoredScorecard& scorecard,
                                     const core::AuditEntry& audit) = 0;
  // Newest first.
  virtual std::vector<StoredScorecard> Scorecards(const core::StoreId& store_id) const = 0;
  virtual std::optional<StoredScorecard> FindScorecard(const core::StoreId& store_id,
                                                       const std::string& id) const = 0;

  // Customers with at least one sale, in id order, after `after` (paging), at most `limit`.
  virtual std::vector<customers::CustomerId> CustomersWithSales(const core::StoreId& store_id,
                                                                const std::string& after,
                                                                int limit) const = 0;
};

}  // namespace fiado::credit
