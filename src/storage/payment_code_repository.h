// Payment codes over SQL (migration 0006). Issue() runs in one write transaction that
// serialises the issuers of one store (PostgreSQL: the store's row lock; SQLite: BEGIN
// IMMEDIATE), so two documents printed at once never take the same sequence.
#pragma once

#include "core/clock.h"
#include "payments/codes.h"
#include "storage/database.h"

namespace fiado::storage {

class SqlPaymentCodeRepository final : public payments::PaymentCodeRepository {
 public:
  SqlPaymentCodeRepository(Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  std::vector<payments::InstallmentCode> Issue(const core::StoreId& store_id,
                                               const sales::SaleId& sale_id,
                                               int installment_count) override;
  std::optional<payments::InstallmentCode> FindBySequence(const core::StoreId& store_id,
                                                          std::int64_t sequence) const override;

 private:
  Database& db_;
  const core::Clock& clock_;
};

}  // namespace fiado::storage
