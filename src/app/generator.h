// The portfolio generator behind `fiado demo generate` and the demo seeding: synthetic
// customers of one store with their sales, schedules and payment histories, decided by the
// product's own pure functions (customers::MakeCustomer, sales::MakeSale, DecideCredit,
// payments::PositionsOn + Allocate), so every figure is one Fiado would have computed.
// Deterministic: customer i of a seed is a function of (seed, store id, i, today) alone —
// ids included (UUIDv7-shaped, from a time base derived from `today`, never the clock) — so
// the rows do not depend on batch size or threads. Streams: customers are generated in
// batches on a second thread while the caller's thread writes the previous batch, each in
// one transaction with prepared statements and SOCI bulk binding (std::vector use()); at
// most three batches live at once, whatever the number of customers.
// Synthetic bulk data writes no audit_log rows (only the store it creates gets its entry).
#pragma once

#include <cstdint>
#include <iosfwd>

#include "core/date.h"
#include "core/error.h"
#include "storage/database.h"
#include "stores/store.h"

namespace fiado::app {

inline constexpr std::int64_t kMaxGeneratedCustomers = 100'000'000;

struct PortfolioOptions {
  std::int64_t customers = 0;  // 1..kMaxGeneratedCustomers
  std::uint64_t seed = 0;
  core::Date today{};  // the store's local "today": sales and payments happen before it
  std::int64_t batch_customers = 2'500;  // customers per transaction
  std::ostream* progress = nullptr;      // one line per batch; nullptr = quiet
};

struct PortfolioSummary {
  std::int64_t customers = 0;  // written now
  std::int64_t skipped = 0;    // their CPF was already in the store (an earlier run)
  std::int64_t sales = 0;
  std::int64_t installments = 0;
  std::int64_t payments = 0;  // down payments included
  std::int64_t payment_lines = 0;
  double elapsed_seconds = 0;
};

// Writes options.customers customers into `store` (which must exist). A customer whose
// CPF the store already has is skipped with all its rows, so running the same seed again
// completes an interrupted run. Throws storage::StorageError / soci::soci_error on
// database failures; a batch is all or nothing. Holds one pooled session for the run; on
// SQLite it gives that connection a 256 MiB page cache, synchronous = NORMAL and rarer
// checkpoints for the run, then restores them (foreign keys stay on).
PortfolioSummary GeneratePortfolio(storage::Database& db, const stores::Store& store,
                                   const PortfolioOptions& options);

// The store `fiado demo generate` uses when none is named: the same name, CNPJ, id and
// creation instant for the same seed and today; default rate 4,99 % a.m. Finds it by its
// CNPJ when an earlier run created it, else creates it with its audit entry.
core::Result<stores::Store> FindOrCreateSyntheticStore(stores::StoreRepository& repository,
                                                       std::uint64_t seed, core::Date today);

// The default monthly rate of the demo and synthetic stores: 4,99 % a.m.
inline constexpr core::Rate kDemoMonthlyRate = core::Rate::FromBps(499);

}  // namespace fiado::app
