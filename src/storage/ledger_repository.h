// The ledger over SQL (migration 0005): credit decisions, sales with their installments,
// payments with their allocation lines, reversals and installment closures — all
// append-only. A write is one transaction with its audit entries: lock the customer
// (PostgreSQL: SELECT ... FOR UPDATE; SQLite: BEGIN IMMEDIATE), look up the idempotency
// key, load the book on the same session, call the decider, insert what it returns.
// Idempotency keys are unique per store and kind (sales, payments); an empty key means
// none. Request digests are compared as exact text.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "payments/service.h"
#include "storage/database.h"
#include "storage/group_commit.h"

namespace fiado::storage {

class SqlLedgerRepository final : public payments::LedgerRepository {
 public:
  explicit SqlLedgerRepository(Database& db) : db_(db), group_commit_(db) {}

  // A refused decision is stored without the key: a retry decides again.
  core::Result<payments::Posted<payments::SaleWrite>> CreateSale(
      const core::StoreId& store_id, const customers::CustomerId& customer_id,
      const std::string& idempotency_key, const std::string& request_digest,
      const payments::SaleDecider& decide) override;
  // The payment is stored with `idempotency_key`, whatever the decider put in it.
  core::Result<payments::Posted<payments::Payment>> PostPayment(
      const core::StoreId& store_id, const customers::CustomerId& customer_id,
      const std::string& idempotency_key, const std::string& request_digest,
      const payments::PaymentDecider& decide) override;
  std::vector<core::Result<payments::Posted<payments::Payment>>> PostPayments(
      const core::StoreId& store_id, std::span<const payments::PaymentRequest> requests) override;
  core::Result<payments::Payment> ReversePayment(const core::StoreId& store_id,
                                                 const payments::PaymentId& payment_id,
                                                 const payments::ReversalDecider& decide) override;

  // Sales by sale date then recording order, each with its installments by number;
  // payments in recording order, each with its lines in allocation order and its
  // reversal; closures by date, sale and number. Six queries, whatever the book's size.
  std::optional<payments::Book> LoadBook(const core::StoreId& store_id,
                                         const customers::CustomerId& customer_id) const override;
  std::optional<sales::Sale> FindSale(const core::StoreId& store_id,
                                      const sales::SaleId& sale_id) const override;
  std::optional<payments::Payment> FindPayment(
      const core::StoreId& store_id, const payments::PaymentId& payment_id) const override;
  std::vector<sales::CreditDecision> DecisionsOf(const core::StoreId& store_id,
                                                 const customers::CustomerId& customer_id,
                                                 int limit) const override;

 private:
  core::Result<payments::Posted<payments::SaleWrite>> CreateSaleOnce(
      const core::StoreId& store_id, const customers::CustomerId& customer_id,
      const std::string& idempotency_key, const std::string& request_digest,
      const payments::SaleDecider& decide);
  core::Result<payments::Posted<payments::Payment>> PostPaymentOnce(
      const core::StoreId& store_id, const customers::CustomerId& customer_id,
      const std::string& idempotency_key, const std::string& request_digest,
      const payments::PaymentDecider& decide);
  // The work of one payment inside a write transaction the caller owns.
  core::Result<payments::Posted<payments::Payment>> PostPaymentIn(
      soci::session& session, const core::StoreId& store_id,
      const customers::CustomerId& customer_id, const std::string& idempotency_key,
      const std::string& request_digest, const payments::PaymentDecider& decide);

  Database& db_;
  GroupCommit group_commit_;  // SQLite: payments share commits (one fsync per batch)
};

// Inserts a credit decision (and its analysis) on `session`, inside the caller's transaction.
void InsertCreditDecision(soci::session& session, const sales::CreditDecision& decision);

}  // namespace fiado::storage
