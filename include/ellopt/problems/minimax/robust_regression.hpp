// Robust nonconvex regression (spec minimax.md §2.6, P1-a), an NC-SC problem with an exact y*(x):
//   f(x, y) = (1/n) sum_i phi(a_i'x - b_i - y_i) - (lambda/2) ||y||^2,   phi(r) = log(1 + r^2).
// phi'' lies in [-1/4, 2], so with lambda = 2/n + mu the problem is mu-strongly concave in y and nonconvex in
// x. y*(x) is separable (one 1-D strongly concave problem per sample, solved by safeguarded Newton), and
// grad Phi(x) = (1/n) sum_i phi'(a_i'x - b_i - y_i*) a_i. Smoothness (crude, spec): ell <= (2/n)(||A|| + 1)^2
// + lambda.
#pragma once

#include <cmath>

#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::problems {

class RobustRegression final : public MinimaxProblem {
 public:
  // Data: A (n x d) with rows a_i, labels b (n). mu > 0.
  RobustRegression(Matrix a, Vector b, double mu);
  // The spec's setup: A Gaussian / sqrt(d), labels A x_true + Student-t(dof) noise, from `seed`.
  static std::unique_ptr<RobustRegression> synthetic(Index n, Index d, double mu, double noise_dof,
                                                     std::uint64_t seed);

  std::string name() const override { return "robust-regression"; }
  Index dim_x() const override { return a_.cols(); }
  Index dim_y() const override { return a_.rows(); }
  double value(const Vector& x, const Vector& y) const override;
  void grad_x(const Vector& x, const Vector& y, Vector& gx) const override;
  void grad_y(const Vector& x, const Vector& y, Vector& gy) const override;
  void gradient(const Vector& x, const Vector& y, Vector& gx, Vector& gy) const override;

  std::optional<double> strong_concavity() const override { return mu_; }
  double smoothness() const override { return ell_; }
  bool has_phi() const override { return true; }
  double phi(const Vector& x) const override;
  void grad_phi(const Vector& x, Vector& g) const override;
  void best_response(const Vector& x, Vector& y) const override;
  Json describe() const override;

  double lambda() const { return lambda_; }
  static double loss(double r) { return std::log1p(r * r); }
  static double loss_derivative(double r) { return 2.0 * r / (1.0 + r * r); }
  static double loss_second_derivative(double r) {
    return 2.0 * (1.0 - r * r) / ((1.0 + r * r) * (1.0 + r * r));
  }

 private:
  void residuals(const Vector& x, const Vector& y) const;  // into residual_
  Matrix a_;
  Vector b_;
  double mu_;
  double lambda_;
  double ell_;
  mutable Vector residual_;  // scratch (one thread per instance)
};

}  // namespace ellopt::problems
