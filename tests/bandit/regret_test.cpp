// Regret accounting against hand-computed cases (spec §1.3: regret counts honest agents only; both the sum
// and the per-honest-agent average are reported).
#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/bandit/environment.hpp"
#include "ellopt/bandit/federated.hpp"
#include "ellopt/bandit/local_learner.hpp"

namespace ellopt::bandit {
namespace {

TEST(LinearBandit, UnitBallGapIsNormMinusInnerProduct) {
  Vector theta(2);
  theta << 3.0, 4.0;
  const LinearBandit env(theta, ActionSet::unit_ball(2), 0.0, NoiseKind::kGaussian);
  EXPECT_DOUBLE_EQ(env.optimal_value(), 5.0);
  Vector a(2);
  a << 1.0, 0.0;
  EXPECT_DOUBLE_EQ(env.gap(a), 2.0);
  a << 0.6, 0.8;  // theta / ||theta||: the optimal action
  EXPECT_NEAR(env.gap(a), 0.0, 1e-15);
  a << -0.6, -0.8;
  EXPECT_DOUBLE_EQ(env.gap(a), 10.0);
}

TEST(LinearBandit, FiniteGapUsesBestArm) {
  Matrix arms(2, 3);
  arms << 1.0, 0.0, 0.6,  //
      0.0, 1.0, 0.8;
  Vector theta(2);
  theta << 1.0, 0.0;
  const LinearBandit env(theta, ActionSet::finite(arms), 0.0, NoiseKind::kGaussian);
  EXPECT_DOUBLE_EQ(env.optimal_value(), 1.0);
  EXPECT_DOUBLE_EQ(env.gap(arms.col(1)), 1.0);
  EXPECT_NEAR(env.gap(arms.col(2)), 0.4, 1e-15);
}

TEST(LinearBandit, NoiselessRewardIsInnerProduct) {
  Vector theta(2);
  theta << 0.5, -0.25;
  const LinearBandit env(theta, ActionSet::unit_ball(2), 0.0, NoiseKind::kGaussian);
  RngStream rng(3);
  Vector a(2);
  a << 1.0, 1.0;
  EXPECT_DOUBLE_EQ(env.reward(a, rng), 0.25);
}

TEST(LinearBandit, NoiseLawsHaveVarianceSigmaSquared) {
  for (const auto kind : {NoiseKind::kGaussian, NoiseKind::kUniform, NoiseKind::kRademacher}) {
    Vector theta = Vector::Ones(2);
    const LinearBandit env(theta, ActionSet::unit_ball(2), 0.5, kind);
    RngStream rng(11);
    double sum = 0.0, sum_sq = 0.0;
    const int n = 100000;
    for (int i = 0; i < n; ++i) {
      const double z = env.noise(rng);
      sum += z;
      sum_sq += z * z;
    }
    EXPECT_NEAR(sum / n, 0.0, 0.01);
    EXPECT_NEAR(sum_sq / n, 0.25, 0.01);
  }
}

TEST(LinearBandit, RejectsBadInput) {
  EXPECT_THROW(ActionSet::unit_ball(0), ConfigError);
  Matrix too_long = Matrix::Constant(2, 1, 1.0);
  EXPECT_THROW(ActionSet::finite(too_long), ConfigError);
  EnvironmentOptions options;
  options.theta_norm = 0.0;
  EXPECT_THROW(LinearBandit(options, 1), ConfigError);
  options.theta_norm = 1.0;
  options.sigma = -1.0;
  EXPECT_THROW(LinearBandit(options, 1), ConfigError);
}

TEST(UnitDirection, SurvivesHugeAndBrokenVectors) {
  Vector out;
  Vector huge = Vector::Constant(3, 1e300);
  EXPECT_TRUE(unit_direction(huge, out));
  EXPECT_NEAR(out.norm(), 1.0, 1e-12);
  Vector broken = Vector::Constant(3, std::nan(""));
  EXPECT_FALSE(unit_direction(broken, out));
  EXPECT_EQ(out, Vector::Unit(3, 0));
  EXPECT_FALSE(unit_direction(Vector::Zero(3), out));
}

// Forced exploration with sigma = 0 on arms {e1, e2}, theta* = e1, broadcast = theta*: an epoch of L = 9
// steps explores n_e = ceil(9^{2/3}) = 5 steps (e1, e2, e1, e2, e1) and then plays e1: regret 2 per epoch.
TEST(LocalLearner, ForcedExplorationRegretByHand) {
  Matrix arms = Matrix::Identity(2, 2);
  Vector theta = Vector::Unit(2, 0);
  const LinearBandit env(theta, ActionSet::finite(arms), 0.0, NoiseKind::kGaussian);
  LearnerOptions options;
  options.exploration.kind = ExplorationKind::kForced;
  options.epoch_length = 9;
  options.epochs = 3;
  ASSERT_EQ(forced_exploration_steps(1.0, 9), 5);
  LocalLearner learner(options, env, 1, 0);
  const EpochSchedule schedule(27, 9);
  for (std::int64_t k = 0; k < 3; ++k) {
    const auto& outcome = learner.run_epoch(theta, schedule.epoch(k));
    EXPECT_DOUBLE_EQ(outcome.regret, 2.0);
    EXPECT_EQ(outcome.steps, 9);
  }
  EXPECT_DOUBLE_EQ(learner.cumulative_regret(), 6.0);
}

// Perturbation on the unit ball: every action has ||a|| = 1 and <a, u> = sqrt(1 - h^2), so each step loses
// exactly ||theta*|| (1 - sqrt(1 - h^2)) when the broadcast is theta* (spec §1.6).
TEST(LocalLearner, PerturbationRegretByHand) {
  Vector theta(3);
  theta << 0.0, 2.0, 0.0;
  const LinearBandit env(theta, ActionSet::unit_ball(3), 0.0, NoiseKind::kGaussian);
  LearnerOptions options;
  options.exploration.sigma = 0.5;
  options.epoch_length = 16;
  const double h2 = perturbation_size_squared(1.0, 3, 0.5, 16);
  EXPECT_DOUBLE_EQ(h2, 3 * 0.5 / 4.0);
  LocalLearner learner(options, env, 2, 0);
  const auto& outcome = learner.run_epoch(theta, EpochSchedule(256).epoch(0));  // L = 16
  EXPECT_NEAR(outcome.regret, 16 * 2.0 * (1.0 - std::sqrt(1.0 - h2)), 1e-12);
  // Noiseless data and a tiny ridge: the epoch's least squares recovers theta*.
  EXPECT_LT((outcome.estimate - theta).norm(), 1e-2);
}

TEST(LocalLearner, GradientMessageVanishesAtTheTruthWithoutNoise) {
  Vector theta = Vector::Unit(3, 2);
  const LinearBandit env(theta, ActionSet::unit_ball(3), 0.0, NoiseKind::kGaussian);
  LearnerOptions options;
  options.message = MessageKind::kGradient;
  options.epoch_length = 25;
  options.ridge = 1e-3;
  LocalLearner learner(options, env, 4, 0);
  const auto& outcome = learner.run_epoch(theta, EpochSchedule(625).epoch(0));  // L = 25
  // g = ((V + lambda I) theta - V theta) / n = lambda theta / n.
  EXPECT_NEAR((outcome.message - 1e-3 * theta / 25.0).norm(), 0.0, 1e-12);
}

TEST(LocalLearner, CumulativeEstimatorUsesAllEpochs) {
  Vector theta = Vector::Unit(2, 0);
  const LinearBandit env(theta, ActionSet::unit_ball(2), 1.0, NoiseKind::kGaussian);
  LearnerOptions fresh_options;
  fresh_options.epoch_length = 100;
  LearnerOptions cumulative_options = fresh_options;
  cumulative_options.estimator = EstimatorKind::kCumulative;
  LocalLearner fresh(fresh_options, env, 5, 0);
  LocalLearner cumulative(cumulative_options, env, 5, 0);
  const EpochSchedule schedule(10000, 100);
  double fresh_error = 0.0, cumulative_error = 0.0;
  for (std::int64_t k = 0; k < 100; ++k) {
    fresh_error = (fresh.run_epoch(theta, schedule.epoch(k)).estimate - theta).norm();
    cumulative_error = (cumulative.run_epoch(theta, schedule.epoch(k)).estimate - theta).norm();
  }
  // Same actions and rewards (same streams); 100 times more data: the error shrinks by about 10.
  EXPECT_DOUBLE_EQ(fresh.cumulative_regret(), cumulative.cumulative_regret());
  EXPECT_LT(cumulative_error, 0.3 * fresh_error);
}

// In a run, the total is the sum over honest agents, the per-agent figure is the total over the number of
// honest agents, and Byzantine agents' regret is not counted.
TEST(FederatedRegret, TotalsAndPerAgentAgree) {
  const auto result = run_bandit(Json{{"agents", 7},
                                      {"byzantine_fraction", 0.3},
                                      {"attack", "target"},
                                      {"horizon", 400},
                                      {"dim", 3},
                                      {"transport", "in-process"}});
  ASSERT_EQ(result.honest_agents, 5);
  ASSERT_EQ(result.agent_regret.size(), 5u);
  double total = 0.0;
  for (const auto& series : result.agent_regret) {
    ASSERT_EQ(static_cast<std::int64_t>(series.size()), result.epochs);
    for (std::size_t k = 1; k < series.size(); ++k)
      EXPECT_GE(series[k], series[k - 1]);  // regret >= 0 per step
    total += series.back();
  }
  EXPECT_NEAR(result.final_regret_total, total, 1e-9 * total);
  EXPECT_NEAR(result.final_regret_per_agent, total / 5.0, 1e-9 * total);
  EXPECT_EQ(result.regret.column("t").back(), 400.0);
  // Regret per agent can never exceed 2 ||theta*|| per step on the unit ball.
  EXPECT_LE(result.final_regret_per_agent, 2.0 * 400.0);
}

}  // namespace
}  // namespace ellopt::bandit
