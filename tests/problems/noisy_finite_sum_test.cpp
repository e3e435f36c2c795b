// Finite sums with n fixed samples from any registered test function (issue 3, "Problems added").
#include "ellopt/problems/noisy_finite_sum.hpp"

#include <gtest/gtest.h>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::problems {
namespace {

TEST(NoisyFiniteSum, ComponentsAverageToTheFunctionAndDiffer) {
  for (const char* noise : {"gaussian", "ball", "student-t"}) {
    const auto f =
        make_problem("double-well", {{"dim", 6}, {"noise", noise}, {"sigma", 0.7}, {"samples", 25}});
    const auto* sum = dynamic_cast<const FiniteSumObjective*>(f.get());
    ASSERT_NE(sum, nullptr) << noise;
    EXPECT_EQ(sum->num_components(), 25);
    const Vector x = Vector::Constant(6, 0.4);
    Vector full(6), g0(6), g1(6);
    f->gradient(x, full);
    EXPECT_LE((mean_component_gradient(*sum, x) - full).norm(), 1e-12) << noise;
    sum->component_gradient(x, 0, g0);
    sum->component_gradient(x, 1, g1);
    EXPECT_GT((g0 - g1).norm(), 1e-3) << noise;  // the components are genuinely different
    // f's value, f* and smoothness model carry over (the components average to f exactly).
    const auto plain = make_problem("double-well", {{"dim", 6}});
    EXPECT_EQ(f->value(x), plain->value(x));
    EXPECT_EQ(f->optimal_value(), plain->optimal_value());
  }
}

TEST(NoisyFiniteSum, TheSamplesAreFixedBySeed) {
  const Json params = {{"dim", 4}, {"noise", "gaussian"}, {"sigma", 1.0}, {"samples", 10}, {"data_seed", 3}};
  const auto a = make_problem("quartic", params);
  const auto b = make_problem("quartic", params);
  Json other = params;
  other["data_seed"] = 4;
  const auto c = make_problem("quartic", other);
  const Vector x = Vector::Constant(4, 0.3);
  Vector ga(4), gb(4), gc(4);
  a->sample_gradient(x, Sample{7}, ga);
  b->sample_gradient(x, Sample{7}, gb);
  c->sample_gradient(x, Sample{7}, gc);
  EXPECT_EQ(ga, gb);
  EXPECT_GT((ga - gc).norm(), 1e-6);
}

TEST(NoisyFiniteSum, BadInputIsNamed) {
  EXPECT_THROW(make_problem("double-well", {{"samples", 10}}), ConfigError);  // no noise: every f_j = f
  EXPECT_THROW(make_problem("double-well", {{"noise", "gaussian"}, {"samples", -1}}), ConfigError);
  const auto f = make_problem("double-well", {{"dim", 2}, {"noise", "gaussian"}, {"samples", 3}});
  Vector g(2);
  EXPECT_THROW(f->sample_gradient(Vector::Zero(2), Sample{3}, g), ConfigError);  // component 3 of n = 3
}

}  // namespace
}  // namespace ellopt::problems
