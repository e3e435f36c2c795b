// Separable test functions f(x) = sum_i phi(x_i) with a scalar phi whose l is known (spec optimization.md
// §0.2, each l derived and checked numerically). If phi'' = h(|phi'|) with h non-decreasing, the Hessian is
// diagonal and ||Hess f|| = max_i phi''(x_i) <= l(max_i |phi'(x_i)|) <= l(||grad f||), so the scalar l is valid
// in every dimension.
#pragma once

#include <functional>

#include "ellopt/problems/objective.hpp"

namespace ellopt::problems {

struct ScalarFunction {
  std::string name;
  std::function<double(double)> value;
  std::function<double(double)> first;   // phi'
  std::function<double(double)> second;  // phi''
  double lower_bound = -1e308;            // domain (lower_bound, +inf); -1e308 means all of R
  std::optional<double> min_value;        // inf phi
  std::optional<double> argmin;           // where it is attained, when it is
  SmoothnessModel ell;
  bool convex = false;
  std::string domain_text = "R^d";
};

class SeparableObjective final : public Objective {
 public:
  SeparableObjective(ScalarFunction phi, Index dim, Vector start);

  std::string name() const override { return phi_.name; }
  Index dim() const override { return dim_; }
  double value(const Vector& x) const override;
  void gradient(const Vector& x, Vector& g) const override;
  void hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const override;
  bool in_domain(const Vector& x) const override;
  std::string domain_description() const override { return phi_.domain_text; }
  std::optional<double> optimal_value() const override;
  std::optional<Vector> minimizer() const override;
  std::optional<SmoothnessModel> smoothness() const override { return phi_.ell; }
  bool is_convex() const override { return phi_.convex; }
  Vector default_start() const override { return start_; }

 private:
  ScalarFunction phi_;
  Index dim_;
  Vector start_;
};

// The scalar pieces of spec §0.2.
ScalarFunction quartic();            // x^4, l(u) = eps0 + 3*4^(1/3) u^(2/3)
ScalarFunction double_well();        // x^4/4 - x^2/2, l(u) = 2 + 3u^(2/3)
ScalarFunction two_cosh();           // e^x + e^-x, l(u) = 2 + u
ScalarFunction exponential();        // e^x, l(u) = u + eps0, f* = 0 not attained
ScalarFunction exponential_loss();   // (e^x + e^-2x)/2, l(u) = 1.89 + 2u
ScalarFunction x_plus_inverse();     // x + 1/x on x > 0, l(u) = 2.7 + 3u^1.5
ScalarFunction x_minus_log();        // x - log x on x > 0, l(u) = 2 + 2u^2 (rho = 2, not sub-quadratic)

}  // namespace ellopt::problems
