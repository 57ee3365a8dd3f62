// L2-regularised logistic regression fitted by Newton's method (IRLS) with Eigen. It
// maximises  Σ [y ln p + (1 − y) ln(1 − p)] − (λ/2) Σ β_j²,  p = 1 / (1 + e^−(α + x·β)),
// with the intercept α not penalised. Deterministic: the same input gives the same bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fiado::credit::scorecard {

struct LogisticOptions {
  // λ above (default chosen by cross-validation on WoE designs, see docs/scorecard.md);
  // 0 = plain maximum likelihood, which may diverge on separable data.
  double l2 = 5.0;
  int max_iterations = 100;
  double tolerance = 1e-10;  // stop when no coefficient moves more than this
};

struct LogisticFit {
  double intercept = 0.0;
  std::vector<double> coefficients;  // one per column of the design
  int iterations = 0;
  bool converged = false;
};

// `design` is column-major: column j holds rows [j·rows, (j+1)·rows). `is_event` has one
// flag (0/1) per row. Requires rows > 0 and design.size() == rows × columns.
LogisticFit FitLogistic(std::span<const double> design, std::size_t rows,
                        std::span<const std::uint8_t> is_event, const LogisticOptions& options);

}  // namespace fiado::credit::scorecard
