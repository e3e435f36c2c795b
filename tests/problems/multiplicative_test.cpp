// The multiplicative-component objective (spec E2.2/E3.1/E3.2): exact f* of the finite sum against a
// brute-force grid, unbiased oracle, a held sample regenerates the same (xi, zeta) at any point, bad input.
#include "ellopt/problems/multiplicative.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::problems {
namespace {

TEST(Multiplicative, TiltedQuarticMinimumMatchesAGrid) {
  for (double a : {0.5, 1.0, 1.4})
    for (double c : {-0.8, -0.1, 0.0, 0.05, 0.6, 2.0}) {
      const auto [best, where] = minimize_tilted_quartic(a, c);
      double grid = 1e300;
      for (double x = -4; x <= 4; x += 1e-4) grid = std::min(grid, a * x * x * x * x / 4 - x * x / 2 + c * x);
      EXPECT_NEAR(best, grid, 1e-7) << a << " " << c;
      EXPECT_NEAR(a * where * where * where - where + c, 0.0, 1e-10);
    }
}

TEST(Multiplicative, FiniteSumGradientIsTheMeanOfItsComponents) {
  auto f = make_problem("multiplicative-finite-sum", {{"dim", 3}, {"n", 40}, {"x0", 0.7}});
  const Vector x = Vector::LinSpaced(3, -1.2, 1.5);
  Vector g(3), mean = Vector::Zero(3), gj(3);
  f->gradient(x, g);
  for (std::uint64_t j = 0; j < 40; ++j) {
    f->sample_gradient(x, Sample{j}, gj);
    mean += gj / 40.0;
  }
  EXPECT_LT((mean - g).norm(), 1e-12);
  EXPECT_LE(*f->optimal_value(), f->value(x));
  EXPECT_THROW(f->sample_gradient(x, Sample{40}, gj), ConfigError);
}

TEST(Multiplicative, HeldSampleIsTheSameAtAnyPointAndTheOracleIsUnbiased) {
  auto f = make_problem("multiplicative-noise", {{"dim", 4}, {"zeta", "gaussian"}});
  const Vector x = Vector::Constant(4, 1.3), y = Vector::Constant(4, -0.4);
  Vector gx(4), gy(4), exact(4), mean = Vector::Zero(4);
  RngStream rng(5);
  const int draws = 200000;
  for (int k = 0; k < draws; ++k) {
    const Sample s = f->draw_sample(rng);
    f->sample_gradient(x, s, gx);
    f->sample_gradient(y, s, gy);
    // grad F(x) - grad F(y) = (1 + xi)(x^3 - y^3) - (x - y): zeta cancels, 1 + xi in [1/2, 3/2].
    for (Index i = 0; i < 4; ++i) {
      const double a = (gx[i] - gy[i] + (x[i] - y[i])) / (x[i] * x[i] * x[i] - y[i] * y[i] * y[i]);
      ASSERT_GE(a, 0.5 - 1e-12);
      ASSERT_LE(a, 1.5 + 1e-12);
    }
    mean += gx / draws;
  }
  f->gradient(x, exact);
  EXPECT_LT((mean - exact).norm(), 0.03);
}

TEST(Multiplicative, BadInputNamesTheKey) {
  EXPECT_THROW(make_problem("multiplicative-noise", {{"xi_halfwidth", 1.0}}), ConfigError);
  EXPECT_THROW(make_problem("multiplicative-noise", {{"zeta", "cauchy"}}), ConfigError);
  EXPECT_THROW(make_problem("multiplicative-noise", {{"sigma", -1.0}}), ConfigError);
  EXPECT_THROW(make_problem("multiplicative-finite-sum", {{"n", 0}}), ConfigError);
}

}  // namespace
}  // namespace ellopt::problems
