// Robustness of the geometric median (Minsker 2015 lemma, spec §1.4) and its breakdown at alpha = 1/2.
#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/robust/geometric_median.hpp"
#include "geometric_median_reference.hpp"

namespace ellopt::robust {
namespace {

// n honest points uniform in the ball of radius r around `centre`, then the last `bad` columns replaced.
Matrix honest_ball(Index d, Index n, double r, const Vector& centre, RngStream& rng) {
  Matrix points(d, n);
  Vector u(d);
  for (Index j = 0; j < n; ++j) {
    rng.fill_uniform_ball(u, r);
    points.col(j) = centre + u;
  }
  return points;
}

TEST(RobustnessConstant, MatchesTheSpecTable) {
  const double alphas[] = {0.1, 0.2, 0.3, 0.4, 0.45, 0.49};
  const double table[] = {1.006, 1.033, 1.107, 1.342, 1.739, 3.606};
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(robustness_constant(alphas[k]), table[k], 5e-4) << alphas[k];
  EXPECT_DOUBLE_EQ(robustness_constant(0.0), 1.0);
  EXPECT_DOUBLE_EQ(robustness_constant_banach(0.25), 3.0);
  EXPECT_THROW(robustness_constant(0.5), ConfigError);
  EXPECT_THROW(robustness_constant(-0.1), ConfigError);
  EXPECT_THROW(robustness_constant(std::nan("")), ConfigError);
}

// The lemma as a property test: with at most alpha*n points outside the ball B(z, r), ||GM - z|| <= C_alpha r,
// for every attack we can think of (far scattered, colluding at one far point, colluding just outside).
TEST(GeometricMedianRobustness, StaysWithinCAlphaRadiusBelowOneHalf) {
  const Index d = 10;
  const Index n = 40;
  const double r = 1.0;
  RngStream rng(31);
  Vector centre(d);
  rng.fill_normal(centre);
  for (double alpha : {0.1, 0.2, 0.3, 0.4, 0.45, 0.475}) {
    const auto bad = static_cast<Index>(std::floor(alpha * static_cast<double>(n)));
    const double bound = robustness_constant(static_cast<double>(bad) / static_cast<double>(n)) * r;
    for (int attack = 0; attack < 3; ++attack) {
      Matrix points = honest_ball(d, n, r, centre, rng);
      Vector direction(d);
      rng.fill_normal(direction);
      direction.normalize();
      for (Index j = n - bad; j < n; ++j) {
        if (attack == 0) {
          Vector noise(d);
          rng.fill_normal(noise);
          points.col(j) = centre + 1e6 * noise;  // large-norm
        } else if (attack == 1) {
          points.col(j) = centre + 1e6 * direction;  // colluding far away
        } else {
          points.col(j) = centre + 3.0 * r * direction;  // colluding just outside the ball
        }
      }
      const auto result = GeometricMedian().solve(points);
      EXPECT_LE((result.value - centre).norm(), bound) << "alpha " << alpha << " attack " << attack;
      EXPECT_TRUE(result.excluded.empty());
    }
  }
}

TEST(GeometricMedianRobustness, HugeNormsBelowOneHalfStayNearTheHonestCluster) {
  const Index d = 6;
  const Index n = 21;
  RngStream rng(32);
  const Vector centre = Vector::Constant(d, 2.0);
  for (double magnitude : {1e6, 1e100, 1e300, 1e307}) {
    Matrix points = honest_ball(d, n, 1.0, centre, rng);
    for (Index j = 0; j < 10; ++j) points.col(j) = Vector::Constant(d, (j % 2 ? -1.0 : 1.0) * magnitude);
    const auto result = GeometricMedian().solve(points);
    ASSERT_TRUE(result.value.allFinite()) << magnitude;
    for (double f : result.objective_trace) EXPECT_TRUE(std::isfinite(f)) << magnitude;
    EXPECT_LE((result.value - centre).norm(), robustness_constant(10.0 / 21.0)) << magnitude;
  }
}

// At alpha = 1/2 colluding points at P make P itself a minimizer (its weight 1/2 dominates any pull of
// the honest half), so the aggregate goes wherever the attackers want.
TEST(GeometricMedianRobustness, BreaksDownAtOneHalf) {
  const Index d = 5;
  const Index n = 20;
  RngStream rng(33);
  const Vector centre = Vector::Zero(d);
  for (double distance : {1e3, 1e6, 1e12}) {
    Matrix points = honest_ball(d, n, 1.0, centre, rng);
    Vector target(d);
    rng.fill_normal(target);
    target *= distance / target.norm();
    for (Index j = n / 2; j < n; ++j) points.col(j) = target;
    const auto result = GeometricMedian().solve(points);
    EXPECT_GE((result.value - centre).norm(), 0.5 * distance) << distance;
    // One attacker fewer (alpha = 9/20 < 1/2) and the same attack fails.
    points.col(n / 2) = centre;
    const auto held = GeometricMedian().solve(points);
    EXPECT_LE((held.value - centre).norm(), robustness_constant(9.0 / 20.0)) << distance;
  }
}

}  // namespace
}  // namespace ellopt::robust
