#include "credit/scorecard/logistic.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace fiado::credit::scorecard {
namespace {

// The penalised log-likelihood the fit maximises.
double Objective(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& beta,
                 double l2) {
  const Eigen::VectorXd eta = x * beta;
  double value = 0.0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) {
    // ln(1 + e^η) computed without overflow.
    const double softplus =
        eta[i] > 0 ? eta[i] + std::log1p(std::exp(-eta[i])) : std::log1p(std::exp(eta[i]));
    value += y[i] * eta[i] - softplus;
  }
  return value - 0.5 * l2 * beta.tail(beta.size() - 1).squaredNorm();
}

}  // namespace

LogisticFit FitLogistic(std::span<const double> design, std::size_t rows,
                        std::span<const std::uint8_t> is_event, const LogisticOptions& options) {
  FIADO_CHECK(rows > 0 && is_event.size() == rows && design.size() % rows == 0);
  const auto n = static_cast<Eigen::Index>(rows);
  const auto columns = static_cast<Eigen::Index>(design.size() / rows);
  // Phase 1: the design with a leading column of ones, and the start at the base rate.
  Eigen::MatrixXd x(n, columns + 1);
  x.col(0).setOnes();
  x.rightCols(columns) = Eigen::Map<const Eigen::MatrixXd>(design.data(), n, columns);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    y[i] = is_event[static_cast<std::size_t>(i)] != 0 ? 1.0 : 0.0;
  }
  const double rate = std::clamp(y.mean(), 1e-6, 1.0 - 1e-6);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(columns + 1);
  beta[0] = std::log(rate / (1.0 - rate));
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(columns + 1, options.l2);
  penalty[0] = 0.0;
  // Phase 2: Newton steps, halved while they would lower the objective.
  LogisticFit fit;
  double objective = Objective(x, y, beta, options.l2);
  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    const Eigen::VectorXd p = ((-(x * beta)).array().exp() + 1.0).inverse().matrix();
    const Eigen::VectorXd weight = (p.array() * (1.0 - p.array())).max(1e-12).matrix();
    const Eigen::VectorXd gradient =
        x.transpose() * (y - p) - (penalty.array() * beta.array()).matrix();
    Eigen::MatrixXd hessian = x.transpose() * weight.asDiagonal() * x;
    hessian.diagonal() += penalty + Eigen::VectorXd::Constant(columns + 1, 1e-9);
    Eigen::VectorXd step = hessian.ldlt().solve(gradient);
    // Rounding near the optimum may lower the objective by a hair: that is no reason to halve.
    const double slack = 1e-12 * (1.0 + std::abs(objective));
    double candidate = Objective(x, y, beta + step, options.l2);
    for (int halving = 0; halving < 30 && candidate < objective - slack; ++halving) {
      step *= 0.5;
      candidate = Objective(x, y, beta + step, options.l2);
    }
    beta += step;
    objective = candidate;
    if (step.cwiseAbs().maxCoeff() < options.tolerance) {
      fit.converged = true;
      break;
    }
  }
  fit.iterations = std::min(fit.iterations, options.max_iterations);
  fit.intercept = beta[0];
  fit.coefficients.assign(beta.data() + 1, beta.data() + beta.size());
  return fit;
}

}  // namespace fiado::credit::scorecard
