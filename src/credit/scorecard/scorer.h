// A Model compiled into flat arrays for fast scoring, and its binding to a table.
// Scorer owns copies of what it needs (the Model may go). Scorer::Bind resolves the model's
// features to a table's columns by name once (numeric edges; a category code → bin map per
// column); the BoundScorer it returns points into both the Scorer and the Table, which must
// outlive it. Scoring is columnar, block by block, and allocates nothing per row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "credit/scorecard/model.h"
#include "credit/scorecard/table.h"

namespace fiado::credit::scorecard {

class BoundScorer;

class Scorer {
 public:
  explicit Scorer(const Model& model);

  // Fails (Portuguese, naming the column) when a feature's column is absent or of the other
  // kind (a numeric feature needs a numeric column; a categorical one, a categorical column).
  core::Result<BoundScorer> Bind(const Table& table) const;

 private:
  friend class BoundScorer;
  struct CompiledFeature {
    std::string name;
    ColumnKind kind = ColumnKind::kNumeric;
    std::vector<double> edges;          // numeric: the upper edge of every range but the last
    std::vector<double> logit_by_bin;   // β × WoE of each bin
    std::vector<double> points_by_bin;  // the bin's points
    std::vector<std::string> labels;    // BinLabel of each bin
    std::vector<std::vector<std::string>> categories_by_bin;  // categorical: listed categories
    std::size_t missing_bin = 0;
    std::size_t other_bin = 0;  // categorical: where unlisted categories go
    double best_points = 0.0;   // most points of a bin with training rows
  };
  std::vector<CompiledFeature> features_;
  double intercept_ = 0.0;
  Scaling scaling_;
};

class BoundScorer {
 public:
  std::size_t RowCount() const { return row_count_; }

  // P(event) and score of rows [first_row, first_row + p_event.size()); both spans have the
  // same size and the rows exist.
  void Score(std::size_t first_row, std::span<double> p_event, std::span<double> score) const;

  // The features that cost the row most points against their best bin, at most
  // `max_reasons`, ordered by points lost (descending) then feature name; only losses that
  // round to at least one point.
  std::vector<Reason> Reasons(std::size_t row, std::size_t max_reasons = 3) const;

  // The bin (index into the model feature's bins) that holds the row's value of feature
  // `feature` (index into Model::features).
  std::size_t BinOf(std::size_t feature, std::size_t row) const;

 private:
  friend class Scorer;
  struct BoundFeature {
    const double* numbers = nullptr;         // numeric column
    const std::int32_t* codes = nullptr;     // categorical column
    std::vector<double> logit_by_code;       // categorical: index code + 1 (0 = missing)
    std::vector<std::uint32_t> bin_by_code;  // categorical: index code + 1 (0 = missing)
  };
  void AddNumeric(std::size_t feature, std::size_t first_row, std::span<double> logit) const;
  void AddCategorical(std::size_t feature, std::size_t first_row, std::span<double> logit) const;

  const Scorer* scorer_ = nullptr;
  std::vector<BoundFeature> features_;
  std::size_t row_count_ = 0;
};

// Scores every row of `table` (convenience for reports and the command line).
struct ScoredRows {
  std::vector<double> p_event;
  std::vector<double> score;
};
core::Result<ScoredRows> ScoreTable(const Model& model, const Table& table);

}  // namespace fiado::credit::scorecard
