// The exploration schemes of spec §1.5: the geometry of perturbed actions, the forced-exploration count and
// the epsilon-greedy frequency.
#include "ellopt/bandit/exploration.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::bandit {
namespace {

TEST(Exploration, PerturbedActionsLieOnTheSphereAtAngleH) {
  const ActionSet ball = ActionSet::unit_ball(6);
  ExplorationOptions options;
  options.sigma = 0.5;
  Exploration exploration(options, ball);
  Vector broadcast = Vector::LinSpaced(6, -1.0, 2.0);
  const std::int64_t L = 400;
  exploration.begin_epoch(broadcast * 1e250, Epoch{0, 0, L, 1}, L);  // a huge broadcast must not overflow
  const double h2 = perturbation_size_squared(1.0, 6, 0.5, L);
  EXPECT_NEAR(exploration.perturbation(), std::sqrt(h2), 1e-15);
  const Vector u = broadcast / broadcast.norm();
  RngStream rng(3);
  Vector a(6), mean_orthogonal = Vector::Zero(6);
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    exploration.choose(i, rng, a);
    ASSERT_NEAR(a.norm(), 1.0, 1e-12);
    ASSERT_NEAR(a.dot(u), std::sqrt(1.0 - h2), 1e-12);
    mean_orthogonal += a - a.dot(u) * u;
  }
  // xi is uniform on the orthogonal sphere: its mean vanishes.
  EXPECT_LT((mean_orthogonal / n).norm(), 0.02);
}

TEST(Exploration, ForcedExplorationCyclesTheBasisThenCommits) {
  const ActionSet ball = ActionSet::unit_ball(3);
  ExplorationOptions options;
  options.kind = ExplorationKind::kForced;
  Exploration exploration(options, ball);
  const std::int64_t L = 64;  // n_e = ceil(64^{2/3}) = 16
  ASSERT_EQ(forced_exploration_steps(1.0, L), 16);
  Vector broadcast(3);
  broadcast << 0.0, 0.0, -2.0;
  exploration.begin_epoch(broadcast, Epoch{0, 0, L, 1}, L);
  RngStream rng(1);
  Vector a(3);
  for (std::int64_t step = 0; step < L; ++step) {
    exploration.choose(step, rng, a);
    if (step < 16) {
      EXPECT_EQ(a, Vector::Unit(3, step % 3)) << step;
    } else {
      EXPECT_EQ(a, -Vector::Unit(3, 2)) << step;
    }
  }
}

TEST(Exploration, EpsilonGreedyExploresAtRateEps) {
  Matrix arms = Matrix::Identity(4, 4);
  const ActionSet finite = ActionSet::finite(arms);
  ExplorationOptions options;
  options.kind = ExplorationKind::kEpsilonGreedy;
  Exploration exploration(options, finite);
  const std::int64_t L = 1000;  // eps = 1000^{-1/3} = 0.1
  exploration.begin_epoch(Vector::Unit(4, 1), Epoch{0, 0, L, 1}, L);
  RngStream rng(2);
  Vector a(4);
  int other = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    exploration.choose(i, rng, a);
    other += a[1] != 1.0;
  }
  // A random arm differs from the greedy one with probability eps * 3/4 = 0.075.
  EXPECT_NEAR(static_cast<double>(other) / n, 0.075, 0.005);
}

TEST(Exploration, PerturbationNeedsTheUnitBall) {
  Matrix arms = Matrix::Identity(2, 2);
  const ActionSet finite = ActionSet::finite(arms);
  EXPECT_THROW(Exploration(ExplorationOptions{}, finite), ConfigError);
  EXPECT_THROW(Exploration(ExplorationOptions{}, ActionSet::unit_ball(1)), ConfigError);
  ExplorationOptions negative;
  negative.scale = -1.0;
  EXPECT_THROW(Exploration(negative, ActionSet::unit_ball(3)), ConfigError);
}

}  // namespace
}  // namespace ellopt::bandit
