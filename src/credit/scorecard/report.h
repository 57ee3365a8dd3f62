// Evaluation of a model on a table: discrimination (AUC, Gini, KS of P(event)) and the bins
// table, on the rows whose `split` is `test` when the table has a split column, else on all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "credit/scorecard/metrics.h"
#include "credit/scorecard/model.h"
#include "credit/scorecard/table.h"

namespace fiado::credit::scorecard {

// One bin of one feature: count and event rate on the evaluated rows; WoE and points from
// the model; iv = this bin's IV term on the evaluated rows with the model's WoE.
struct BinReport {
  std::string feature;
  std::string label;
  std::int64_t count = 0;
  std::int64_t events = 0;
  double event_rate = 0.0;  // NaN when the bin is empty
  double woe = 0.0;
  double points = 0.0;
  double iv = 0.0;
};

struct Report {
  bool test_rows_only = false;  // true when the split column picked the rows
  Metrics metrics;
  std::vector<BinReport> bins;  // features in model order, bins in model order
};

// Errors: the target column absent, a split column without `test` rows, an evaluated row
// without target (line named), a feature column absent or of the wrong kind.
core::Result<Report> Evaluate(const Model& model, const Table& table);

}  // namespace fiado::credit::scorecard
