// Customers over SQL. Phones, references, guarantor and consents are JSON columns; the
// words and digits a search matches are kept in customer_search_terms, rewritten with every
// change. Every write commits together with its audit entry, whose `before`/`after`
// snapshots are CustomerToJson of the stored row and of the new value.
#pragma once

#include <optional>
#include <string>

#include <soci/session.h>

#include "customers/registry.h"
#include "storage/database.h"

namespace fiado::storage {

class SqlCustomerRepository final : public customers::CustomerRepository {
 public:
  // A text search is driven by its most selective prefix when that prefix matches at most
  // `driving_matches` terms; otherwise customers are read in sort order and checked.
  static constexpr int kDefaultDrivingMatches = 10000;

  explicit SqlCustomerRepository(Database& db, int driving_matches = kDefaultDrivingMatches)
      : db_(db), driving_matches_(driving_matches) {}
  core::Status Create(const customers::Customer& customer, const core::AuditEntry& audit) override;
  core::Status Update(const customers::Customer& customer, const core::AuditEntry& audit) override;
  std::optional<customers::Customer> Find(const core::StoreId& store_id,
                                          const customers::CustomerId& id) const override;
  std::optional<customers::Customer> FindByCpf(const core::StoreId& store_id,
                                               const core::Cpf& cpf) const override;
  core::Result<customers::CustomerPage> Search(
      const customers::CustomerQuery& query) const override;

 private:
  core::Status CreateOnce(const customers::Customer& customer, const core::AuditEntry& audit);
  core::Status UpdateOnce(const customers::Customer& customer, const core::AuditEntry& audit);
  // After a failed write: the conflict when another customer of the store holds the CPF.
  std::optional<core::Error> CpfHeldByAnother(const customers::Customer& customer) const;

  Database& db_;
  int driving_matches_;
};

// The customer as docs/api.md shows it, as JSON text: phones in E.164, birth_date
// "AAAA-MM-DD" or null, monthly_income_cents a number or null, guarantor an object or null,
// consents in kChannels order with recorded_at RFC 3339 or null. Audit snapshots hold it;
// the HTTP layer may answer it as is.
std::string CustomerToJson(const customers::Customer& customer);

// The customer, read inside the caller's write transaction on `session` and locked until it
// ends: PostgreSQL takes the row lock (SELECT ... FOR UPDATE), so writers of one customer
// queue; on SQLite the transaction's write lock already serialises every writer.
std::optional<customers::Customer> LockCustomer(soci::session& session, Engine engine,
                                                const core::StoreId& store_id,
                                                const customers::CustomerId& id);
// The same lock without reading the customer: true when it exists in the store.
bool LockCustomerRow(soci::session& session, Engine engine, const core::StoreId& store_id,
                     const customers::CustomerId& id);

}  // namespace fiado::storage
