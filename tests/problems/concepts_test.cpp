// The runtime-polymorphic Objective satisfies the core concepts, so generic algorithms accept registered
// problems.
#include "ellopt/core/concepts.hpp"

#include <gtest/gtest.h>

#include "ellopt/problems/finite_sum.hpp"
#include "ellopt/problems/multiplicative.hpp"
#include "ellopt/problems/objective.hpp"

namespace ellopt::problems {
namespace {

static_assert(DifferentiableObjective<Objective>);
static_assert(StochasticOracle<Objective>);
static_assert(FiniteSum<FiniteSumObjective>);
static_assert(!FiniteSum<Objective>);

// A user-written struct with the right members is an objective too.
struct Paraboloid {
  Index dim() const { return 2; }
  double value(const Vector& x) const { return 0.5 * x.squaredNorm(); }
  void gradient(const Vector& x, Vector& g) const { g = x; }
};
static_assert(DifferentiableObjective<Paraboloid>);
static_assert(!StochasticOracle<Paraboloid>);

template <DifferentiableObjective F>
double one_gradient_step(const F& f, Vector x, double eta) {
  Vector g(f.dim());
  f.gradient(x, g);
  x -= eta * g;
  return f.value(x);
}

// Generic code over the concept (mean_component_gradient): the components of a finite sum average to its
// gradient.
TEST(Concepts, FiniteSumComponentsAverageToTheGradient) {
  MultiplicativeNoiseOptions options;
  options.dim = 3;
  const MultiplicativeFiniteSum finite(options, 50, 7, Vector::Constant(3, 1.0));
  const Vector x = Vector::Constant(3, 0.7);
  Vector full(3);
  finite.gradient(x, full);
  EXPECT_LE((mean_component_gradient(finite, x) - full).norm(), 1e-12 * (1.0 + full.norm()));
}

TEST(Concepts, GenericCodeRunsOnUserStructs) {
  EXPECT_DOUBLE_EQ(one_gradient_step(Paraboloid{}, Vector::Ones(2), 0.5), 0.25);
}

}  // namespace
}  // namespace ellopt::problems
