// A finite sum f(x) = (1/n) sum_j f_j(x): the stochastic oracle draws a component index j uniformly
// (Sample::key = j), and a batch of all n components is the exact gradient. Estimators use this to compute a
// "checkpoint batch S1 = n" as the full gradient (Reisizadeh et al. 2023, finite-sum SPIDER; SVRG's
// snapshot).
#pragma once

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

}  // namespace ellopt::problems
