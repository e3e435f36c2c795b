// The runtime-polymorphic Objective satisfies the core concepts, so generic algorithms accept registered problems.
#include <gtest/gtest.h>

#include "ellopt/core/concepts.hpp"
#include "ellopt/problems/objective.hpp"

namespace ellopt::problems {
namespace {

static_assert(DifferentiableObjective<Objective>);
static_assert(StochasticOracle<Objective>);

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

TEST(Concepts, GenericCodeRunsOnUserStructs) {
  EXPECT_DOUBLE_EQ(one_gradient_step(Paraboloid{}, Vector::Ones(2), 0.5), 0.25);
}

}  // namespace
}  // namespace ellopt::problems
