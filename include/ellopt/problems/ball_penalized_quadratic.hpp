// The convex coupled instance of claim E1.3 (spec optimization.md §1.5 with the §7 correction):
//   f(x) = 1/2 x^T A x - b^T x + gamma * max(0, |x|^2 - R^2)^2,
// with either Nesterov's worst-case chain A = tridiag(-1, 2, -1)/4 and b = e_1/4 (so x*_i = 1 - i/(d+1), the
// minimizer the spec states; with b = e_1 it would be 4x larger), or a diagonal A with log-spaced eigenvalues
// lambda_k = 10^(-6k/(d-1)), b = 0 (the variant on which GD and NAG show their textbook slopes -1 and -2).
// Inside the ball |x| <= R (R > |x*|) it is exactly the quadratic, so x* and f* are the quadratic's; outside, the
// quartic penalty makes it l-smooth with rho = 2/3 but not L-smooth.
#pragma once

#include "ellopt/problems/objective.hpp"

namespace ellopt::problems {

class BallPenalizedQuadratic final : public Objective {
 public:
  enum class Spectrum { kNesterovChain, kLogSpaced };

  // `radius` R must exceed |x*|; `start` defaults (empty) to 3R along the all-ones direction (spec §1.5).
  BallPenalizedQuadratic(Spectrum spectrum, Index dim, double gamma, double radius, Vector start = Vector());

  std::string name() const override;
  Index dim() const override { return dim_; }
  double value(const Vector& x) const override;
  void gradient(const Vector& x, Vector& g) const override;
  void hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const override;
  std::optional<double> optimal_value() const override { return f_star_; }
  std::optional<Vector> minimizer() const override { return x_star_; }
  std::optional<SmoothnessModel> smoothness() const override { return ell_; }
  bool is_convex() const override { return true; }
  Vector default_start() const override { return start_; }

  double radius() const { return radius_; }
  double gamma() const { return gamma_; }
  double largest_eigenvalue() const { return lambda_max_; }
  // The unpenalized quadratic's minimizer norm |x*| (R must exceed it).
  static double minimizer_norm(Spectrum spectrum, Index dim);

 private:
  // (A x)_i = diagonal_i x_i + off_diagonal (x_{i-1} + x_{i+1}).
  double quadratic_form_row(const Vector& x, Index i) const;
  Spectrum spectrum_;
  Index dim_;
  double gamma_, radius_;
  Vector diagonal_;
  double off_diagonal_ = 0.0;
  double linear_first_ = 0.0;  // b = linear_first_ * e_1
  Vector x_star_;
  double f_star_ = 0.0;
  double lambda_max_ = 0.0;
  SmoothnessModel ell_;
  Vector start_;
};

}  // namespace ellopt::problems
