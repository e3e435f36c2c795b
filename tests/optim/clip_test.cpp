// Clipping and normalization: the clipped step bounds the move by gamma, equals eta below the threshold, the
// transforms preserve the direction, and nothing turns a NaN or infinite gradient into a finite step.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/direction_transforms.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/runner.hpp"
#include "ellopt/optim/sgd_step_rules.hpp"
#include "ellopt/problems/registry.hpp"
#include "sgd_test_quadratic.hpp"

namespace ellopt::optim {
namespace {

TEST(ClipStep, MinOfEtaAndGammaOverNorm) {
  ClippedStep rule(0.1, 2.0);
  RngStream rng(1);
  for (int k = 0; k < 1000; ++k) {
    Vector g(4);
    rng.fill_normal(g);
    g *= std::pow(10.0, rng.uniform(-3, 4));
    const double eta = rule.step_size(k, g);
    EXPECT_DOUBLE_EQ(eta, std::min(0.1, 2.0 / g.norm()));
    EXPECT_LE(eta * g.norm(), 2.0 * (1 + 1e-12));  // |x_{t+1} - x_t| <= gamma
  }
  EXPECT_EQ(rule.step_size(0, Vector::Zero(3)), 0.1);
}

TEST(ClipTransform, ClipByGlobalNormAndNormalizeKeepTheDirection) {
  ClipByGlobalNorm clip(1.5);
  Normalize unit;
  RngStream rng(2);
  const Vector x = Vector::Zero(5);
  for (int k = 0; k < 200; ++k) {
    Vector g(5);
    rng.fill_normal(g);
    g *= std::pow(10.0, rng.uniform(-2, 3));
    Vector clipped = g, normalized = g;
    clip.apply(clipped, x, k);
    unit.apply(normalized, x, k);
    EXPECT_NEAR(clipped.norm(), std::min(1.5, g.norm()), 1e-12 * g.norm());
    EXPECT_NEAR(normalized.norm(), 1.0, 1e-12);
    EXPECT_NEAR(clipped.normalized().dot(g.normalized()), 1.0, 1e-12);
    EXPECT_NEAR(normalized.dot(g.normalized()), 1.0, 1e-12);
  }
  Vector zero = Vector::Zero(3);
  unit.apply(zero, Vector::Zero(3), 0);
  EXPECT_EQ(zero.norm(), 0.0);
  // Entries whose squares overflow are still clipped exactly.
  Vector huge = Vector::Constant(3, 1e200);
  clip.apply(huge, Vector::Zero(3), 0);
  EXPECT_NEAR(huge.norm(), 1.5, 1e-12);
}

TEST(ClipTransform, NonFiniteStaysNonFinite) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  for (double bad : {nan, inf, -inf}) {
    Vector g(3);
    g << 1.0, bad, 2.0;
    Vector a = g, b = g;
    ClipByGlobalNorm(1.0).apply(a, Vector::Zero(3), 0);
    Normalize().apply(b, Vector::Zero(3), 0);
    EXPECT_FALSE(a.allFinite());
    EXPECT_FALSE(b.allFinite());
    EXPECT_TRUE(std::isnan(ClippedStep(0.1, 1.0).step_size(0, g)));
  }
}

// Every method of this family stops as diverged on a NaN or infinite gradient, naming the step.
TEST(ClipTransform, EveryMethodReportsANonFiniteGradient) {
  const std::vector<std::pair<std::string, Json>> methods{
      {"sgd", {{"lr", 0.3}}},
      {"clipped-sgd", {{"lr", 0.3}, {"clip", 0.1}}},
      {"normalized-sgd", {{"lr", 0.3}}},
      {"momentum", {{"lr", 0.3}}},
      {"adam", {{"lr", 0.3}}},
      {"adamw", {{"lr", 0.3}}},
      {"vradam", {{"lr", 0.3}, {"S1", 4}}},
      {"spider", {{"S1", 4}, {"S2", 2}, {"q", 3}, {"lr", 0.3}}},
      {"sarah", {{"S1", 4}, {"S2", 2}, {"q", 3}, {"lr", 0.3}}},
      {"svrg", {{"S1", 4}, {"S2", 2}, {"q", 3}, {"lr", 0.3}}},
  };
  for (double poison : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    optim_a_testing::PoisonedGradient f(poison, false);
    for (const auto& [name, params] : methods) {
      auto method = make_method(name, params, f);
      RunOptions options;
      options.steps = 200;
      const auto result = run(f, *method, f.default_start(), options);
      EXPECT_EQ(result.status, RunStatus::kDiverged) << name << ": " << result.message;
      EXPECT_NE(result.message.find("step"), std::string::npos);
      EXPECT_TRUE(result.x_final.allFinite()) << name;
    }
    // NAG evaluates the exact gradient at y_t (never the stochastic oracle).
    optim_a_testing::PoisonedGradient exact(poison, true);
    auto nag = make_method("nag", {{"step", "constant"}, {"lr", 0.3}}, exact);
    RunOptions options;
    options.steps = 200;
    EXPECT_EQ(run(exact, *nag, exact.default_start(), options).status, RunStatus::kDiverged);
  }
}

}  // namespace
}  // namespace ellopt::optim
