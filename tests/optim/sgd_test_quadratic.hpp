// A convex quadratic f(x) = 1/2 sum lambda_i (x_i - c_i)^2 (L-smooth: l(u) = max lambda) shared by the optim-a tests.
#pragma once

#include <cmath>
#include <limits>

#include "ellopt/problems/objective.hpp"

namespace ellopt::optim::optim_a_testing {

class TestQuadratic final : public problems::Objective {
 public:
  TestQuadratic(Vector eigenvalues, Vector center, Vector start)
      : lambda_(std::move(eigenvalues)), center_(std::move(center)), start_(std::move(start)) {}
  std::string name() const override { return "test-quadratic"; }
  Index dim() const override { return lambda_.size(); }
  double value(const Vector& x) const override {
    if (!x.allFinite()) return std::numeric_limits<double>::infinity();
    return 0.5 * (lambda_.array() * (x - center_).array().square()).sum();
  }
  void gradient(const Vector& x, Vector& g) const override { g = lambda_.cwiseProduct(x - center_); }
  std::optional<double> optimal_value() const override { return 0.0; }
  std::optional<Vector> minimizer() const override { return center_; }
  std::optional<problems::SmoothnessModel> smoothness() const override {
    return problems::SmoothnessModel::polynomial(0.0, lambda_.maxCoeff(), 0.0);
  }
  bool is_convex() const override { return true; }
  Vector default_start() const override { return start_; }

 private:
  Vector lambda_, center_, start_;
};

// 1/2 |x|^2 in R^2 whose stochastic oracle returns a NaN (or infinite) coordinate once x_0 < 1/2, while the exact
// gradient (used by the runner to record |grad f|) stays clean unless `poison_exact` is set: a method that hid the
// bad value (a zero step, a clipped NaN) would go unnoticed, so the test sees what the method did with it.
class PoisonedGradient final : public problems::Objective {
 public:
  PoisonedGradient(double poison, bool poison_exact) : poison_(poison), poison_exact_(poison_exact) {}
  std::string name() const override { return "poisoned"; }
  Index dim() const override { return 2; }
  double value(const Vector& x) const override { return 0.5 * x.squaredNorm(); }
  void gradient(const Vector& x, Vector& g) const override {
    g = x;
    if (poison_exact_ && x[0] < 0.5) g[1] = poison_;
  }
  bool is_stochastic() const override { return true; }
  void sample_gradient(const Vector& x, Sample, Vector& g) const override {
    g = x;
    if (x[0] < 0.5) g[1] = poison_;
  }
  std::optional<double> optimal_value() const override { return 0.0; }
  std::optional<Vector> minimizer() const override { return Vector::Zero(2); }
  std::optional<problems::SmoothnessModel> smoothness() const override {
    return problems::SmoothnessModel::polynomial(0.0, 1.0, 0.0);
  }
  bool is_convex() const override { return true; }
  Vector default_start() const override { return Vector::Constant(2, 1.0); }

 private:
  double poison_;
  bool poison_exact_;
};

}  // namespace ellopt::optim::optim_a_testing
