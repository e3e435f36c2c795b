#include "ellopt/problems/rosenbrock.hpp"

#include <gtest/gtest.h>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::problems {
namespace {

TEST(Rosenbrock, KnownValues) {
  Rosenbrock f(2, Rosenbrock::classic_start(2));
  EXPECT_NEAR(f.value(f.default_start()), 24.2, 1e-12);  // 100 (1 - 1.44)^2 + 2.2^2
  EXPECT_EQ(f.value(Vector::Ones(2)), 0.0);
  Vector g(2);
  f.gradient(Vector::Ones(2), g);
  EXPECT_EQ(g.norm(), 0.0);
  f.gradient(f.default_start(), g);
  EXPECT_NEAR(g[0], -215.6, 1e-9);  // -400 (-1.2)(1 - 1.44) - 2 (2.2)
  EXPECT_NEAR(g[1], -88.0, 1e-9);   // 200 (1 - 1.44)
}

TEST(Rosenbrock, GradientAndHessianMatchFiniteDifferences) {
  for (Index d : {2, 3, 7}) {
    Rosenbrock f(d, Rosenbrock::classic_start(d));
    RngStream rng(d);
    for (int k = 0; k < 5; ++k) {
      Vector x(d), v(d), g(d), hv(d), gp(d), gm(d);
      rng.fill_normal(x);
      rng.fill_normal(v);
      f.gradient(x, g);
      const double h = 1e-6;
      for (Index i = 0; i < d; ++i) {
        Vector e = Vector::Zero(d);
        e[i] = h;
        const double fd = (f.value(x + e) - f.value(x - e)) / (2 * h);
        EXPECT_NEAR(g[i], fd, 1e-5 * std::max(1.0, std::abs(fd)));
      }
      f.hessian_vector_product(x, v, hv);
      f.gradient(x + h * v, gp);
      f.gradient(x - h * v, gm);
      const Vector fd = (gp - gm) / (2 * h);
      EXPECT_LT((hv - fd).norm(), 1e-5 * std::max(1.0, fd.norm()));
    }
  }
}

TEST(Rosenbrock, RegistryAndBadInput) {
  auto f = make_problem("rosenbrock", {{"dim", 4}});
  EXPECT_EQ(f->dim(), 4);
  EXPECT_EQ(f->default_start(), Rosenbrock::classic_start(4));
  EXPECT_FALSE(f->smoothness().has_value());
  EXPECT_FALSE(f->is_stochastic());
  EXPECT_THROW(make_problem("rosenbrock", {{"dim", 1}}), ConfigError);
  EXPECT_THROW(make_problem("rosenbrock", {{"dim", 3}, {"x0", {1.0, 2.0}}}), ConfigError);
  EXPECT_THROW(make_problem("rosenbrock", {{"dimension", 3}}), ConfigError);
  EXPECT_TRUE(std::isinf(f->value(Vector::Constant(4, NAN))));
}

}  // namespace
}  // namespace ellopt::problems
