// Distributionally robust objective on the simplex (spec minimax.md §2.6, P1-c):
//   f(x, y) = sum_i y_i l_i(x) - (lambda/2) ||y - 1/n||^2,   y in the probability simplex,
// with nonconvex smooth losses l_i(x) = log(1 + (a_i'x - b_i)^2). For lambda > 0 the problem is NC-SC and
// y*(x) = Proj_simplex(1/n + l(x)/lambda) exactly; for lambda = 0 it is NC-C, Phi(x) = max_i l_i(x) is only
// weakly convex, and grad_phi returns a subgradient (use the Moreau-envelope helper for stationarity).
#pragma once

#include <vector>

#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::problems {

class DroSimplex final : public MinimaxProblem {
 public:
  DroSimplex(Matrix a, Vector b, double lambda);
  static std::unique_ptr<DroSimplex> synthetic(Index n, Index d, double lambda, std::uint64_t seed);

  std::string name() const override { return "dro-simplex"; }
  Index dim_x() const override { return a_.cols(); }
  Index dim_y() const override { return a_.rows(); }
  double value(const Vector& x, const Vector& y) const override;
  void grad_x(const Vector& x, const Vector& y, Vector& gx) const override;
  void grad_y(const Vector& x, const Vector& y, Vector& gy) const override;

  std::optional<double> strong_concavity() const override;
  double smoothness() const override { return ell_; }
  bool has_phi() const override { return true; }
  bool phi_is_smooth() const override { return lambda_ > 0.0; }
  double phi(const Vector& x) const override;
  void grad_phi(const Vector& x, Vector& g) const override;
  void best_response(const Vector& x, Vector& y) const override;
  Json describe() const override;

  double lambda() const { return lambda_; }
  // The losses l_i(x).
  void losses(const Vector& x, Vector& out) const;

 private:
  Matrix a_;
  Vector b_;
  double lambda_;
  double ell_;
  mutable Vector residual_;
  mutable std::vector<double> scratch_;
};

}  // namespace ellopt::problems
