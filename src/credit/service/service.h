// The credit service: keeps each customer's behavioural score fresh (nightly and after
// each payment), moves limits along the ladder, records bureau lookups (manual or through
// a configured HTTP bureau), makes on-demand credit analyses, ranks customers by
// profitability, and gives the ledger the context of every sale's decision.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "credit/behaviour.h"
#include "credit/bureau.h"
#include "credit/ladder.h"
#include "credit/profitability.h"
#include "credit/scorecard/train.h"
#include "credit/service/repository.h"
#include "credit/settings.h"
#include "customers/registry.h"
#include "payments/service.h"

namespace fiado::credit {

using ConnectorFactory =
    std::function<std::unique_ptr<BureauConnector>(const HttpBureauSettings& settings)>;

// What the customer page shows.
struct CreditProfile {
  BehaviourScore behaviour{};
  std::optional<core::Instant> score_computed_at{};  // the stored score's time
  core::Money credit_limit{};
  core::Money open_principal{};
  core::Money available{};  // limit − open, never below 0
  core::Money monthly_commitment{};
  std::optional<core::Money> monthly_income{};
  LadderStep ladder{};
  core::Money suggested_first_limit{};  // by band and income (shown while no limit is set)
  std::vector<BureauLookup> lookups{};  // newest first, at most 20
  Profitability profitability{};
};

struct AnalysisRequest {
  core::Money requested{};
  int installment_count = 0;  // 0: not a sale, "how much can this customer buy?"
  core::Money installment_amount{};
};

struct RefreshSummary {
  int scored = 0;
  int raised = 0;
  int lowered = 0;
  int first_limits = 0;
};

class CreditService : public payments::CreditAdvisor {
 public:
  CreditService(CreditRepository& repository, payments::LedgerService& ledger,
                const payments::LedgerRepository& books,
                const customers::CustomerRepository& customers, customers::Registry& registry,
                ConnectorFactory connectors, core::IdGenerator& ids, const core::Clock& clock);

  core::Result<CreditSettings> Settings(const core::StoreId& store_id);
  // kConflict when expected_version is stale; secrets left empty keep the stored ones.
  core::Result<CreditSettings> SaveSettings(const core::Actor& actor, CreditSettings settings,
                                            int expected_version);

  core::Result<CreditProfile> ProfileOf(const core::StoreId& store_id,
                                        const customers::CustomerId& customer_id);

  // Recomputes and stores the customer's score; with ladder_automatic, applies a raise, a
  // cut or the first limit (audited as the actor, with the ladder's text as the reason).
  core::Result<StoredScore> Refresh(const core::Actor& actor,
                                    const customers::CustomerId& customer_id,
                                    RefreshSummary* summary = nullptr);
  // Every customer with a sale (the nightly run).
  core::Result<RefreshSummary> RefreshAll(const core::Actor& actor);

  core::Result<BureauLookup> RecordManualLookup(const core::Actor& actor,
                                                const customers::CustomerId& customer_id,
                                                const ManualLookupDraft& draft);
  // Asks the configured HTTP bureau `bureau_name`; the answer is recorded before returning.
  core::Result<BureauLookup> LookupOnline(const core::Actor& actor,
                                          const customers::CustomerId& customer_id,
                                          const std::string& bureau_name, Purpose purpose);
  core::Result<std::vector<BureauLookup>> Lookups(const core::StoreId& store_id,
                                                  const customers::CustomerId& customer_id);

  // An on-demand analysis, stored with its inputs (kind on_demand).
  core::Result<sales::CreditDecision> Analyse(const core::Actor& actor,
                                              const customers::CustomerId& customer_id,
                                              const AnalysisRequest& request,
                                              const std::string& override_reason,
                                              bool may_override);

  // Customers with sales, best result first, at most `limit`.
  core::Result<std::vector<Profitability>> ProfitabilityOf(const core::StoreId& store_id,
                                                           int limit);

  // Trains a scorecard on `csv_text` (train rows when it has a split column), evaluates it
  // on the test rows (or all) and stores both. Errors name the line or field.
  core::Result<StoredScorecard> TrainScorecard(const core::Actor& actor, const std::string& name,
                                               const std::string& csv_text,
                                               const scorecard::TrainOptions& options);
  core::Result<std::vector<StoredScorecard>> Scorecards(const core::StoreId& store_id);
  core::Result<StoredScorecard> FindScorecard(const core::StoreId& store_id, const std::string& id);

  // The shop's history as a scorecard's training CSV: one row per customer with an
  // installment due, what was known at the first sale, and whether any installment ever
  // went 60 or more days late (`bad` = yes/no), with `split` (about 30 % test, by the id).
  core::Result<std::string> ExportHistory(const core::StoreId& store_id);

  core::Result<payments::CreditContext> ContextFor(
      const core::StoreId& store_id, const customers::CustomerId& customer_id) override;

 private:
  struct Snapshot {
    customers::Customer customer;
    payments::Book book{};
    payments::LedgerService::StoreDay day{};
    CreditSettings settings{};
    BehaviourScore behaviour{};
    std::optional<BureauLookup> latest_lookup{};
  };
  core::Result<Snapshot> SnapshotOf(const core::StoreId& store_id,
                                    const customers::CustomerId& customer_id);
  BehaviourScore ScoreOf(const Snapshot& snapshot) const;
  LadderStep LadderOf(const Snapshot& snapshot) const;
  core::Status ApplyLadder(const core::Actor& actor, const Snapshot& snapshot,
                           RefreshSummary* summary);
  core::AuditEntry EntryFor(const core::Actor& actor, std::string entity_type,
                            std::string entity_id, std::string action);

  CreditRepository& repository_;
  payments::LedgerService& ledger_;
  const payments::LedgerRepository& books_;
  const customers::CustomerRepository& customers_;
  customers::Registry& registry_;
  ConnectorFactory connectors_;
  core::IdGenerator& ids_;
  const core::Clock& clock_;
};

// The bureau finding a decision reads from a lookup.
BureauFinding FindingOf(const BureauLookup& lookup);

}  // namespace fiado::credit
