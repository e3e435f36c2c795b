// Property tests on every registered separable test function (spec optimization.md §0.2): derivatives against
// finite differences, the declared l against the Hessian, the reverse-PL inequality (Li et al. 2023a,
// Lemma 3.5), and domain handling.
#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::problems {
namespace {

struct Case {
  const char* name;
  double lo, hi;  // sampling box for random points inside the domain
};

class SeparableProperty : public ::testing::TestWithParam<Case> {};

Vector random_point(RngStream& rng, Index d, double lo, double hi) {
  Vector x(d);
  for (Index i = 0; i < d; ++i) x[i] = rng.uniform(lo, hi);
  return x;
}

TEST_P(SeparableProperty, GradientAndHvpMatchFiniteDifferences) {
  const auto c = GetParam();
  auto f = make_problem(c.name, {{"dim", 4}, {"x0", 0.5 * (c.lo + c.hi)}});
  RngStream rng(11);
  Vector g(4), hv(4), v(4);
  for (int trial = 0; trial < 20; ++trial) {
    const Vector x = random_point(rng, 4, c.lo, c.hi);
    f->gradient(x, g);
    for (Index i = 0; i < 4; ++i) {
      const double h = 1e-6 * std::max(1.0, std::abs(x[i]));
      Vector xp = x, xm = x;
      xp[i] += h;
      xm[i] -= h;
      EXPECT_NEAR(g[i], (f->value(xp) - f->value(xm)) / (2 * h), 1e-5 * std::max(1.0, std::abs(g[i])));
    }
    rng.fill_normal(v);
    f->hessian_vector_product(x, v, hv);
    Vector gp(4), gm(4);
    const double h = 1e-6;
    f->gradient(x + h * v, gp);
    f->gradient(x - h * v, gm);
    const Vector fd = (gp - gm) / (2 * h);
    EXPECT_LE((hv - fd).norm(), 1e-4 * std::max(1.0, fd.norm()));
  }
}

TEST_P(SeparableProperty, DeclaredEllBoundsTheHessian) {
  const auto c = GetParam();
  auto f = make_problem(c.name, {{"dim", 3}, {"x0", 0.5 * (c.lo + c.hi)}});
  const auto ell = *f->smoothness();
  RngStream rng(12);
  Vector g(3), e(3), he(3);
  for (int trial = 0; trial < 500; ++trial) {
    const Vector x = random_point(rng, 3, c.lo, c.hi);
    f->gradient(x, g);
    double hessian_norm = 0;  // diagonal Hessian: the largest |entry|
    for (Index i = 0; i < 3; ++i) {
      e.setZero();
      e[i] = 1;
      f->hessian_vector_product(x, e, he);
      hessian_norm = std::max(hessian_norm, std::abs(he[i]));
    }
    EXPECT_LE(hessian_norm, ell(g.norm()) * (1 + 1e-9)) << c.name << " at x[0] = " << x[0];
  }
}

TEST_P(SeparableProperty, ReversePlInequalityLemma35) {
  const auto c = GetParam();
  auto f = make_problem(c.name, {{"dim", 3}, {"x0", 0.5 * (c.lo + c.hi)}});
  const auto ell = *f->smoothness();
  const double f_star = *f->optimal_value();
  RngStream rng(13);
  Vector g(3);
  for (int trial = 0; trial < 500; ++trial) {
    const Vector x = random_point(rng, 3, c.lo, c.hi);
    f->gradient(x, g);
    const double u = g.norm();
    // Li et al. 2023a, Lemma 3.5: |grad f|^2 <= 2 l(2|grad f|) (f(x) - f*).
    EXPECT_LE(u * u, 2.0 * ell(2.0 * u) * (f->value(x) - f_star) * (1 + 1e-9) + 1e-12) << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(AllSeparable, SeparableProperty,
                         ::testing::Values(Case{"double-well", -3, 3}, Case{"quartic", -3, 3},
                                           Case{"cosh", -4, 4}, Case{"exp", -4, 3}, Case{"exp-loss", -3, 3},
                                           Case{"x-plus-inv-x", 0.05, 6}, Case{"x-minus-log-x", 0.01, 8}),
                         [](const auto& param_info) {
                           std::string name = param_info.param.name;
                           for (auto& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

TEST(SeparableDomain, ValueIsInfiniteOutsideTheDomain) {
  auto f = make_problem("x-minus-log-x", {{"dim", 2}, {"x0", 1.0}});
  EXPECT_TRUE(std::isinf(f->value((Vector(2) << 1.0, -0.5).finished())));
  EXPECT_TRUE(std::isinf(f->value((Vector(2) << 1.0, 0.0).finished())));
  EXPECT_FALSE(f->in_domain((Vector(2) << std::nan(""), 1.0).finished()));
  EXPECT_DOUBLE_EQ(f->value(Vector::Ones(2)), 2.0);
}

TEST(SeparableDomain, StartOutsideDomainIsRejected) {
  EXPECT_THROW(make_problem("x-plus-inv-x", {{"x0", -1.0}}), ConfigError);
  EXPECT_THROW(make_problem("x-plus-inv-x", {{"x0", 0.0}}), ConfigError);
}

TEST(ProblemRegistry, UnknownNameListsValidNames) {
  try {
    make_problem("double-wel");
    FAIL();
  } catch (const UnknownNameError& e) {
    EXPECT_NE(std::string(e.what()).find("double-well"), std::string::npos) << e.what();
  }
  EXPECT_THROW(make_problem("double-well", {{"dim", 0}}), ConfigError);
  EXPECT_THROW(make_problem("double-well", {{"x0", {1.0, 2.0}}, {"dim", 3}}), ConfigError);
}

TEST(ProblemRegistry, DoubleWellKnowsItsMinimum) {
  auto f = make_problem("double-well", {{"dim", 50}});
  EXPECT_DOUBLE_EQ(*f->optimal_value(), -12.5);
  EXPECT_DOUBLE_EQ(f->value(Vector::Ones(50)), -12.5);
  EXPECT_FALSE(f->is_convex());
}

}  // namespace
}  // namespace ellopt::problems
