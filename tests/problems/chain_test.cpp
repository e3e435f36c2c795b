// The E1.3 instances (ball_penalized_quadratic.hpp): minimizers, f*, the quadratic inside the ball,
// derivatives, convexity, and the derived l checked at sampled points (|Hess f| <= l(|grad f|), Hessian norm
// by power iteration on exact Hessian-vector products).
#include <gtest/gtest.h>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/ball_penalized_quadratic.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::problems {
namespace {

using Spectrum = BallPenalizedQuadratic::Spectrum;

double hessian_norm(const Objective& f, const Vector& x) {
  // Power iteration: the Hessian is symmetric positive semi-definite (f is convex).
  Vector v = Vector::Ones(f.dim()).normalized(), hv(f.dim());
  double lambda = 0;
  for (int k = 0; k < 500; ++k) {
    f.hessian_vector_product(x, v, hv);
    lambda = hv.norm();
    if (lambda == 0) return 0;
    v = hv / lambda;
  }
  return lambda;
}

TEST(Chain, MinimizerIsTheStatedOne) {
  const Index d = 201;
  auto f = make_problem("nesterov-chain", {{"dim", d}});
  const Vector x_star = *f->minimizer();
  for (Index i = 0; i < d; ++i) EXPECT_DOUBLE_EQ(x_star[i], 1.0 - static_cast<double>(i + 1) / (d + 1.0));
  Vector g(d);
  f->gradient(x_star, g);
  EXPECT_LT(g.norm(), 1e-14);
  EXPECT_NEAR(f->value(x_star), *f->optimal_value(), 1e-13);
  EXPECT_NEAR(*f->optimal_value(), -(1.0 - 1.0 / (d + 1.0)) / 8.0, 1e-15);
  EXPECT_NEAR(x_star.norm(), BallPenalizedQuadratic::minimizer_norm(Spectrum::kNesterovChain, d), 1e-12);
  // Default start: |x0| = 3R along 1, outside the ball.
  const auto& chain = dynamic_cast<const BallPenalizedQuadratic&>(*f);
  EXPECT_NEAR(f->default_start().norm(), 3.0 * chain.radius(), 1e-10);
  EXPECT_NEAR(chain.radius(), 1.2 * x_star.norm(), 1e-12);
}

TEST(Chain, LogSpacedSpectrum) {
  auto f = make_problem("log-spaced-quadratic", {{"dim", 201}});
  EXPECT_EQ(*f->optimal_value(), 0.0);
  EXPECT_EQ(f->minimizer()->norm(), 0.0);
  Vector e = Vector::Zero(201), hv(201);
  e[200] = 1.0;
  f->hessian_vector_product(Vector::Zero(201), e, hv);
  EXPECT_NEAR(hv[200], 1e-6, 1e-18);  // lambda_200 = 10^(-6)
  e.setZero();
  e[100] = 1.0;
  f->hessian_vector_product(Vector::Zero(201), e, hv);
  EXPECT_NEAR(hv[100], 1e-3, 1e-15);
}

TEST(Chain, InsideTheBallItIsTheQuadratic) {
  for (const char* name : {"nesterov-chain", "log-spaced-quadratic"}) {
    auto f = make_problem(name, {{"dim", 9}, {"radius", 5.0}});
    RngStream rng(2);
    for (int k = 0; k < 20; ++k) {
      Vector x(9), v(9), hv(9), hw(9);
      rng.fill_uniform_ball(x, 4.9);
      rng.fill_normal(v);
      // A quadratic: f(x + v) - f(x) - grad f(x).v = v^T A v / 2 with A constant.
      Vector g(9);
      f->gradient(x, g);
      f->hessian_vector_product(x, v, hv);
      f->hessian_vector_product(Vector::Zero(9), v, hw);
      EXPECT_LT((hv - hw).norm(), 1e-14) << name;
      const Vector y = x + 1e-3 * v;
      if (y.norm() < 5.0) {
        EXPECT_NEAR(f->value(y) - f->value(x) - 1e-3 * g.dot(v), 0.5e-6 * v.dot(hv), 1e-12) << name;
      }
    }
  }
}

TEST(Chain, DerivativesMatchFiniteDifferencesOutsideTheBall) {
  for (const char* name : {"nesterov-chain", "log-spaced-quadratic"}) {
    auto f = make_problem(name, {{"dim", 6}, {"radius", 2.0}, {"gamma", 0.7}});
    RngStream rng(4);
    for (int k = 0; k < 10; ++k) {
      Vector x(6), v(6), g(6), hv(6), gp(6), gm(6);
      rng.fill_normal(x);
      x *= 3.0 / x.norm() * (1 + 0.1 * k);
      rng.fill_normal(v);
      f->gradient(x, g);
      const double h = 1e-6;
      for (Index i = 0; i < 6; ++i) {
        Vector e = Vector::Zero(6);
        e[i] = h;
        const double fd = (f->value(x + e) - f->value(x - e)) / (2 * h);
        EXPECT_NEAR(g[i], fd, 1e-6 * std::max(1.0, std::abs(fd))) << name;
      }
      f->hessian_vector_product(x, v, hv);
      f->gradient(x + h * v, gp);
      f->gradient(x - h * v, gm);
      EXPECT_LT((hv - (gp - gm) / (2 * h)).norm(), 1e-5 * std::max(1.0, hv.norm())) << name;
    }
  }
}

TEST(Chain, ConvexAlongRandomSegments) {
  auto f = make_problem("nesterov-chain", {{"dim", 15}});
  RngStream rng(8);
  for (int k = 0; k < 200; ++k) {
    Vector a(15), b(15);
    rng.fill_normal(a);
    rng.fill_normal(b);
    a *= 6.0;
    b *= 2.0;
    const double lambda = rng.uniform();
    const double mid = f->value(lambda * a + (1 - lambda) * b);
    EXPECT_LE(mid, lambda * f->value(a) + (1 - lambda) * f->value(b) + 1e-9 * std::abs(f->value(a)));
  }
}

TEST(Chain, DerivedEllBoundsTheHessianEverywhereSampled) {
  // The l of the header: at sampled points inside, on and far outside the sphere, |Hess f| <= l(|grad f|).
  // The riskiest region is just outside the sphere, where the Hessian jumps by 8 gamma R^2 while |grad f| is
  // small.
  for (const char* name : {"nesterov-chain", "log-spaced-quadratic"}) {
    for (double gamma : {0.1, 1.0, 10.0}) {
      auto f = make_problem(name, {{"dim", 12}, {"gamma", gamma}});
      const auto& q = dynamic_cast<const BallPenalizedQuadratic&>(*f);
      const auto ell = *f->smoothness();
      EXPECT_EQ(*ell.rho(), 2.0 / 3.0);
      RngStream rng(17);
      int violations = 0;
      double worst = 0;
      for (int k = 0; k < 300; ++k) {
        Vector x(12), g(12);
        rng.fill_normal(x);
        const double r = q.radius() * (k < 100   ? rng.uniform(0.0, 1.0)
                                       : k < 200 ? 1.0 + 1e-3 * rng.uniform()
                                                 : rng.uniform(1.0, 50.0));
        x *= r / x.norm();
        // Points near x*: small gradient, inside the ball.
        if (k % 50 == 0) x = *f->minimizer() + 1e-3 * x / x.norm();
        f->gradient(x, g);
        const double h = hessian_norm(*f, x), bound = ell(g.norm());
        worst = std::max(worst, h / bound);
        violations += h > bound * (1 + 1e-9);
      }
      EXPECT_EQ(violations, 0) << name << " gamma " << gamma << " worst ratio " << worst;
    }
  }
}

TEST(Chain, BadInput) {
  const double x_star_norm = BallPenalizedQuadratic::minimizer_norm(Spectrum::kNesterovChain, 201);
  EXPECT_THROW(make_problem("nesterov-chain", {{"radius", x_star_norm * 0.99}}), ConfigError);
  EXPECT_THROW(make_problem("nesterov-chain", {{"gamma", 0.0}}), ConfigError);
  EXPECT_THROW(make_problem("log-spaced-quadratic", {{"radius", -1.0}}), ConfigError);
  EXPECT_THROW(make_problem("log-spaced-quadratic", {{"dim", 0}}), ConfigError);
  EXPECT_THROW(make_problem("log-spaced-quadratic", {{"dim", 3}, {"x0", {1.0, 2.0}}}), ConfigError);
  EXPECT_THROW(BallPenalizedQuadratic(Spectrum::kLogSpaced, 3, 1.0, NAN), ConfigError);
}

}  // namespace
}  // namespace ellopt::problems
