// Training of an application scorecard from a table: WoE binning of every candidate column,
// screening by information value, L2 logistic regression on the WoE-encoded rows, points.
// Trains on the rows whose `split` column is `train` when the table has one, else on all.
// Pure: the same table and options give the same model, bit for bit.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "credit/scorecard/binning.h"
#include "credit/scorecard/logistic.h"
#include "credit/scorecard/model.h"
#include "credit/scorecard/table.h"

namespace fiado::credit::scorecard {

struct TrainOptions {
  std::string target;                  // the outcome column
  std::string event_value;             // its value for the event ("Bad"); others are non-events
  std::vector<std::string> exclude{};  // columns never used (the split column never is)
  BinningOptions binning{};
  LogisticOptions logistic{};
  double min_iv = 0.01;         // a column enters the model when its IV reaches this (CV-chosen)
  double leak_iv = 1.0;         // above this IV the model carries a warning of a possible leak
  bool drop_wrong_sign = true;  // drop columns whose coefficient says risk rises with WoE
  Scaling scaling{};
};

// Errors (Portuguese, kInvalidArgument): target or excluded column absent, no training rows,
// a training row without target (its line named), one class only, the event value never
// seen, no column informative enough.
core::Result<Model> Train(const Table& table, const TrainOptions& options);

// 1 where the target equals `event_value`, 0 elsewhere, for the given rows (a numeric target
// compares as numbers). Fails naming the line of a row whose target is missing.
core::Result<std::vector<std::uint8_t>> EventFlags(const Column& target,
                                                   std::string_view event_value,
                                                   std::span<const std::size_t> rows,
                                                   const Table& table);

}  // namespace fiado::credit::scorecard
