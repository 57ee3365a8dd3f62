// A CNAB 240 return file that pays installments of a store, for demonstrations (`fiado demo
// cnab-return`), the import tests and the import benchmark: the installments get their
// payment codes (as a printed carnê would give them), and each chosen installment becomes
// one liquidation (movement 06, T + U segments in the FEBRABAN layout) paying its face
// value on `paid_on`, with the shop's bank agreement in the header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "storage/database.h"
#include "stores/store.h"

namespace fiado::app {

struct ReturnFileOptions {
  std::int64_t titles = 0;  // at most this many installments, the oldest open ones first
  core::Date paid_on{};
  std::string path{};
};

struct ReturnFileSummary {
  std::int64_t titles = 0;
  core::Money paid_total{};
};

// One title of a return file as FEBRABAN 240 writes it.
struct ReturnTitleSpec {
  std::string nosso_numero{};  // the 20-character field, left-aligned
  std::string occurrence = "06";
  core::Date due_date{};
  core::Money face{};
  core::Money paid{};
  core::Money fee{};
  core::Money charges{};
  core::Date occurred_on{};
};

// The text of a CNAB 240 return (CRLF lines) of the store's agreement with those titles:
// header, one lot with a T + U pair per title, the lot and file trailers.
std::string ReturnFileText(const stores::Store& store, const std::vector<ReturnTitleSpec>& titles,
                           core::Date file_date);

// Chooses installments with no payment allocated yet (face value fully open) and writes
// the file. Gives payment codes to every installment of the store that has none, in one
// transaction. The store must have a bank agreement (else an error on
// "settings.bank_agreement").
core::Result<ReturnFileSummary> WriteReturnFile(storage::Database& db, const stores::Store& store,
                                                const ReturnFileOptions& options);

}  // namespace fiado::app
