// The standard Rosenbrock function f(x) = sum_{i<d} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, f* = 0 at x = 1.
// Non-convex (a curved valley); a classic test of optimizer robustness rather than of a theorem, so it
// declares no smoothness model l (theory step rules then ask for a constant step).
#pragma once

#include "ellopt/problems/objective.hpp"

namespace ellopt::problems {

class Rosenbrock final : public Objective {
 public:
  Rosenbrock(Index dim, Vector start);  // dim >= 2

  std::string name() const override { return "rosenbrock"; }
  Index dim() const override { return dim_; }
  double value(const Vector& x) const override;
  void gradient(const Vector& x, Vector& g) const override;
  void hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const override;
  std::optional<double> optimal_value() const override { return 0.0; }
  std::optional<Vector> minimizer() const override { return Vector::Ones(dim_); }
  Vector default_start() const override { return start_; }

  // The customary start (-1.2, 1, -1.2, 1, ...).
  static Vector classic_start(Index dim);

 private:
  Index dim_;
  Vector start_;
};

}  // namespace ellopt::problems
