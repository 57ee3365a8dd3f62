// A generated portfolio whose store has a bank agreement, and a CNAB 240 return file that
// pays its open installments: the setting of the import crash test and benchmark.
#pragma once

#include <string>

#include "app/generator.h"
#include "app/return_file.h"
#include "app/wiring.h"
#include "core/time_zone.h"

namespace fiado::testing {

struct BankPortfolio {
  stores::Store store;
  app::ReturnFileSummary file;
};

// `customers` synthetic customers up to `today`, a Banco do Brasil agreement on their
// store, and at `path` a return file paying up to `titles` open installments on `today`.
inline BankPortfolio MakeBankPortfolio(app::Wiring& wiring, std::int64_t customers,
                                       std::int64_t titles, core::Date today,
                                       const std::string& path) {
  stores::Store store = app::FindOrCreateSyntheticStore(wiring.stores(), 7, today).value();
  app::GeneratePortfolio(wiring.db(), store, app::PortfolioOptions{customers, 7, today, 5'000});
  store.settings.bank_agreement =
      stores::BankAgreement{"001", "4042", "", "61900", "", "18", "1238798", ""};
  core::AuditEntry audit;
  audit.id = wiring.ids().NextText();
  audit.store_id = store.id;
  audit.occurred_at = wiring.clock().Now();
  audit.actor = "test";
  audit.entity_type = "store";
  audit.entity_id = store.id.str();
  audit.action = "update";
  if (!wiring.stores().Update(store, audit)) throw std::runtime_error("store update failed");
  auto file = app::WriteReturnFile(wiring.db(), store, {titles, today, path});
  if (!file) throw std::runtime_error(file.error().Describe());
  return BankPortfolio{store, *file};
}

}  // namespace fiado::testing
