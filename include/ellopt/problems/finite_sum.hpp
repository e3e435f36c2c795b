// A finite sum f(x) = (1/n) sum_j f_j(x): the stochastic oracle draws a component index j uniformly
// (Sample::key = j), and a batch of all n components is the exact gradient. Estimators use this to compute a
// "checkpoint batch S1 = n" as the full gradient (Reisizadeh et al. 2023, finite-sum SPIDER; SVRG's
// snapshot).
#pragma once

#include "ellopt/core/concepts.hpp"
#include "ellopt/problems/objective.hpp"

namespace ellopt::problems {

class FiniteSumObjective : public Objective {
 public:
  virtual Index num_components() const = 0;
  // Component i is the sample with key i (draw_sample below draws a uniform index), so the core FiniteSum
  // concept's interface and the stochastic-oracle interface are the same functions.
  void component_gradient(const Vector& x, Index i, Vector& g) const {
    sample_gradient(x, Sample{static_cast<std::uint64_t>(i)}, g);
  }
  bool is_stochastic() const override { return true; }
  Sample draw_sample(RngStream& rng) const override {
    return Sample{rng.below(static_cast<std::uint64_t>(num_components()))};
  }
};

// The full gradient as the mean of the n component gradients, for any type satisfying the core FiniteSum
// concept (O(n d); a check of a finite sum's gradient, or the gradient of a user-written sum without one).
template <FiniteSum S>
Vector mean_component_gradient(const S& sum, const Vector& x) {
  Vector total = Vector::Zero(sum.dim()), g(sum.dim());
  for (Index j = 0; j < sum.num_components(); ++j) {
    sum.component_gradient(x, j, g);
    total += g;
  }
  return total / static_cast<double>(sum.num_components());
}

}  // namespace ellopt::problems
