// The ledger service: sales on installments, payments, reversals and statements of a
// shop's customers. It decides (credit check, schedule, allocation, charges) with the
// pure functions of sales/ and payments/, and leaves atomicity, serialisation per
// customer and idempotency to the repository it is given.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "credit/behaviour.h"
#include "credit/decision.h"
#include "customers/customer.h"
#include "customers/registry.h"
#include "payments/allocation.h"
#include "payments/ledger.h"
#include "payments/statement.h"
#include "sales/plan.h"
#include "sales/sale.h"
#include "stores/store.h"

namespace fiado::payments {

// The result of an idempotent write: the value and whether it was already there.
template <typename T>
struct Posted {
  T value{};
  bool replayed = false;
};

// What a sale writes: always the credit decision; on approval the sale, its down
// payment (when > 0) and the audit entries.
struct SaleWrite {
  sales::CreditDecision decision{};
  std::optional<sales::Sale> sale{};
  std::optional<Payment> down_payment{};
  std::vector<core::AuditEntry> audit{};
};

struct PaymentWrite {
  Payment payment{};
  core::AuditEntry audit{};
};

struct ReversalWrite {
  Reversal reversal{};
  core::AuditEntry audit{};
};

using SaleDecider = std::function<core::Result<SaleWrite>(const customers::Customer&, const Book&)>;
using PaymentDecider = std::function<core::Result<PaymentWrite>(const Book&)>;
using ReversalDecider = std::function<core::Result<ReversalWrite>(const Book&, const Payment&)>;

// One payment of a batch (LedgerRepository::PostPayments).
struct PaymentRequest {
  customers::CustomerId customer_id{};
  std::string idempotency_key{};
  std::string request_digest{};
  PaymentDecider decide{};
};

// Storage of the ledger, implemented by the storage module. Each write runs in one
// transaction that serialises the writers of one customer (SQLite: the write lock;
// PostgreSQL: the customer's row lock), loads the book inside it and calls the decider
// with it, so two concurrent payments never allocate the same open amount.
class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;

  // kNotFound when the customer is not in the store. When `idempotency_key` already
  // names a sale of the store: the stored sale (replayed) if `request_digest` matches,
  // else kIdempotencyConflict — without calling `decide`. A decision without a sale
  // (refused) is stored and the decider's sale-less write is returned as is.
  virtual core::Result<Posted<SaleWrite>> CreateSale(const core::StoreId& store_id,
                                                     const customers::CustomerId& customer_id,
                                                     const std::string& idempotency_key,
                                                     const std::string& request_digest,
                                                     const SaleDecider& decide) = 0;

  // The same contract for payments (idempotency keys are per store and per kind).
  virtual core::Result<Posted<Payment>> PostPayment(const core::StoreId& store_id,
                                                    const customers::CustomerId& customer_id,
                                                    const std::string& idempotency_key,
                                                    const std::string& request_digest,
                                                    const PaymentDecider& decide) = 0;

  // Several payments in one transaction, each as PostPayment would post it alone: a
  // refusal or a replay of one leaves the others as they are. Results in request order.
  virtual std::vector<core::Result<Posted<Payment>>> PostPayments(
      const core::StoreId& store_id, std::span<const PaymentRequest> requests) = 0;

  // kNotFound when the payment is not in the store; the decider refuses a second
  // reversal. Returns the payment with its reversal.
  virtual core::Result<Payment> ReversePayment(const core::StoreId& store_id,
                                               const PaymentId& payment_id,
                                               const ReversalDecider& decide) = 0;

  // nullopt when the customer is not in the store.
  virtual std::optional<Book> LoadBook(const core::StoreId& store_id,
                                       const customers::CustomerId& customer_id) const = 0;
  virtual std::optional<sales::Sale> FindSale(const core::StoreId& store_id,
                                              const sales::SaleId& sale_id) const = 0;
  virtual std::optional<Payment> FindPayment(const core::StoreId& store_id,
                                             const PaymentId& payment_id) const = 0;
  // Newest first, at most `limit`.
  virtual std::vector<sales::CreditDecision> DecisionsOf(const core::StoreId& store_id,
                                                         const customers::CustomerId& customer_id,
                                                         int limit) const = 0;
};

struct PaymentDraft {
  customers::CustomerId customer_id{};
  core::Money amount{};
  sales::PaymentMethod method = sales::PaymentMethod::kCash;
  std::optional<core::Date> paid_on{};         // nullopt = today in the shop's time zone
  std::vector<InstallmentRef> installments{};  // empty = oldest first
  std::string memo{};
};

// A sale as the counter sees it before confirming: the sale (not stored) and the credit
// decision it would get now.
struct SalePreview {
  sales::Sale sale{};
  sales::CreditDecision decision{};
};

// A payment with its customer's book and the statement right after it: as of the
// payment's date, counting only the payments recorded up to it (a receipt's "what
// remains open").
struct PaymentView {
  Payment payment{};
  Book book{};
  Statement after{};
};

// A sale with its customer's statement on a date (the positions of its installments).
struct SaleView {
  sales::Sale sale{};
  Statement statement{};
};

// What the shop's credit module adds to a sale's decision: its rules, the customer's
// behavioural score, the latest bureau consultation and the application score. The credit
// service implements it; without one, a sale is checked against the limit only.
struct CreditContext {
  credit::DecisionRules rules{};
  credit::BehaviourScore behaviour{};
  std::optional<credit::BureauFinding> bureau{};
  std::optional<int> application_score{};
};

class CreditAdvisor {
 public:
  virtual ~CreditAdvisor() = default;
  virtual core::Result<CreditContext> ContextFor(const core::StoreId& store_id,
                                                 const customers::CustomerId& customer_id) = 0;
};

class LedgerService {
 public:
  LedgerService(LedgerRepository& ledger, stores::StoreRepository& stores,
                const customers::CustomerRepository& customers, core::IdGenerator& ids,
                const core::Clock& clock);

  // The plans for several installment counts (1..48 each), no write.
  core::Result<std::vector<sales::SimulatedPlan>> Simulate(const core::StoreId& store_id,
                                                           core::Money price,
                                                           core::Money down_payment,
                                                           std::optional<core::Rate> monthly_rate,
                                                           const std::vector<int>& counts);

  core::Result<SalePreview> PreviewSale(const core::Actor& actor, const sales::SaleDraft& draft);

  // Decides credit (stored either way) and, when approved or overridden, stores the sale
  // and its down payment. A refusal is kLimitExceeded / kFailedPrecondition naming the
  // reasons, with the decision's id in related_id. `may_override`: the caller is an owner.
  core::Result<Posted<sales::Sale>> CreateSale(
      const core::Actor& actor, const sales::SaleDraft& draft, const std::string& override_reason,
      bool may_override, const std::string& idempotency_key, const std::string& request_digest);

  core::Result<Posted<Payment>> PostPayment(const core::Actor& actor, const PaymentDraft& draft,
                                            const std::string& idempotency_key,
                                            const std::string& request_digest);

  // Posts each draft as PostPayment would, all in one transaction (bank files: one
  // commit per batch instead of one per payment). Results in draft order.
  struct BatchItem {
    PaymentDraft draft{};
    std::string idempotency_key{};
    std::string request_digest{};
  };
  core::Result<std::vector<core::Result<Posted<Payment>>>> PostPayments(
      const core::Actor& actor, std::span<const BatchItem> items);

  // `on` nullopt = today. The reason is required (1–500 characters).
  core::Result<Payment> ReversePayment(const core::Actor& actor, const PaymentId& payment_id,
                                       std::optional<core::Date> on, const std::string& reason);

  // `as_of` nullopt = today.
  core::Result<Statement> StatementOf(const core::StoreId& store_id,
                                      const customers::CustomerId& customer_id,
                                      std::optional<core::Date> as_of);

  core::Result<sales::Sale> FindSale(const core::StoreId& store_id, const sales::SaleId& id);
  core::Result<Payment> FindPayment(const core::StoreId& store_id, const PaymentId& id);
  core::Result<PaymentView> ViewPayment(const core::StoreId& store_id, const PaymentId& id);
  // `as_of` nullopt = today.
  core::Result<SaleView> ViewSale(const core::StoreId& store_id, const sales::SaleId& id,
                                  std::optional<core::Date> as_of);
  // The customer's credit decisions, newest first (at most 100).
  core::Result<std::vector<sales::CreditDecision>> DecisionsOf(
      const core::StoreId& store_id, const customers::CustomerId& customer_id);

  // The shop's local date now.
  core::Result<core::Date> Today(const core::StoreId& store_id);

  // The shop's local date and its business calendar (for the credit module's figures).
  struct StoreDay {
    core::Date today{};
    std::shared_ptr<const core::BusinessCalendar> calendar{};
  };
  core::Result<StoreDay> DayOf(const core::StoreId& store_id);

  // Consulted before every sale decision (not owned; nullptr: the limit check only).
  void SetCreditAdvisor(CreditAdvisor* advisor) { advisor_ = advisor; }

 private:
  struct StoreContext {
    stores::Store store;
    std::shared_ptr<const core::BusinessCalendar> calendar{};
    core::Date today{};
    std::optional<CreditContext> credit{};  // the customer's, for a sale
  };
  core::Result<StoreContext> ContextOf(const core::StoreId& store_id);
  // ContextOf plus the advisor's view of the customer (when there is an advisor).
  core::Result<StoreContext> SaleContextOf(const core::StoreId& store_id,
                                           const customers::CustomerId& customer_id);
  core::Result<SaleWrite> DecideSale(const core::Actor& actor, sales::Sale sale,
                                     const StoreContext& context,
                                     const customers::Customer& customer, const Book& book,
                                     const std::string& override_reason, bool may_override);
  core::Result<PaymentWrite> DecidePayment(const core::Actor& actor, const PaymentDraft& draft,
                                           const StoreContext& context, const Book& book,
                                           const std::string& idempotency_key);
  core::AuditEntry EntryFor(const core::Actor& actor, std::string entity_type,
                            std::string entity_id, std::string action);
  std::shared_ptr<const core::BusinessCalendar> CalendarOf(const stores::Store& store);

  LedgerRepository& ledger_;
  stores::StoreRepository& stores_;
  const customers::CustomerRepository& customers_;
  core::IdGenerator& ids_;
  const core::Clock& clock_;
  std::mutex calendars_mutex_{};
  std::map<std::string, std::shared_ptr<const core::BusinessCalendar>> calendars_{};
  CreditAdvisor* advisor_ = nullptr;
};

}  // namespace fiado::payments
