// Behaviour of the update schemes: convergence above / divergence below the ratio threshold (table over all
// schemes), oracle accounting in calls, the OGDA / past-EG equivalence, projections, stochastic determinism.
#include <gtest/gtest.h>

#include "ellopt/minimax/method.hpp"
#include "ellopt/minimax/runner.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"

namespace ellopt::minimax {
namespace {

class SchemeBehaviour : public ::testing::TestWithParam<SchemeKind> {};

MethodConfig config_for(SchemeKind kind, double eta_y, double ratio) {
  MethodConfig m;
  m.scheme = kind;
  m.steps = TwoTimescaleSteps::from_ratio(eta_y, ratio);
  return m;
}

TEST_P(SchemeBehaviour, ConvergesAboveAndDivergesBelowTheSmallStepThreshold) {
  // Scalar game a = b = 1, mu = 1/kappa (spec §3.3): tau > kappa converges, tau < kappa diverges (small eta_y).
  const double kappa = 20.0;
  auto game = problems::make_stackelberg_scalar(1.0, 1.0, 1.0 / kappa);
  game->set_initial_point(Vector::Constant(1, 1e-3), Vector::Constant(1, -1e-3));
  MinimaxRunOptions options;
  options.steps = 400000;
  options.check_every = 100;
  options.target_distance = 1e-10;
  options.divergence_threshold = 1.0;
  options.record_series = false;
  const auto above = run_minimax(*game, config_for(GetParam(), 0.01, 1.5 * kappa), options);
  EXPECT_TRUE(above.reached_target) << to_string(GetParam());
  EXPECT_FALSE(above.diverged());
  const auto below = run_minimax(*game, config_for(GetParam(), 0.01, 0.6 * kappa), options);
  EXPECT_TRUE(below.diverged()) << to_string(GetParam());
  EXPECT_FALSE(below.reached_target);
}

TEST_P(SchemeBehaviour, CountsGradientCallsNotIterations) {
  const SchemeKind kind = GetParam();
  const auto game = problems::make_stackelberg_scalar(1.0, 1.0, 0.1);
  const UpdateScheme scheme(kind, TwoTimescaleSteps::from_ratio(0.1, 20.0));
  SchemeState state = scheme.init(game->initial_x(), game->initial_y());
  MinimaxOracle oracle(*game, 1, RngStream(1));
  for (int k = 0; k < 10; ++k) scheme.step(oracle, state);
  const double expected = kind == SchemeKind::kExtragradient || kind == SchemeKind::kAlternatingGda ? 20.0
                          : kind == SchemeKind::kPastExtragradient                                ? 11.0
                                                                                                  : 10.0;
  EXPECT_EQ(oracle.calls(), expected) << to_string(kind);
  // A mini-batch of M stochastic gradients costs M calls per query.
  auto noisy = problems::make_stackelberg_scalar(1.0, 1.0, 0.1);
  noisy->set_noise_sigma(0.1);
  MinimaxOracle batch_oracle(*noisy, 4, RngStream(1));
  SchemeState s2 = scheme.init(noisy->initial_x(), noisy->initial_y());
  for (int k = 0; k < 10; ++k) scheme.step(batch_oracle, s2);
  EXPECT_EQ(batch_oracle.calls(), 4.0 * expected);
}

TEST_P(SchemeBehaviour, StochasticRunsAreDeterministicGivenTheSeed) {
  auto game = problems::make_stackelberg_scalar(1.0, 1.0, 0.1);
  game->set_noise_sigma(0.3);
  MinimaxRunOptions options;
  options.steps = 200;
  options.seed = 9;
  MethodConfig m = config_for(GetParam(), 0.1, 20.0);
  m.batch_size = 3;
  const auto a = run_minimax(*game, m, options);
  const auto b = run_minimax(*game, m, options);
  EXPECT_EQ(a.x_final, b.x_final);
  EXPECT_EQ(a.y_final, b.y_final);
  options.seed = 10;
  const auto c = run_minimax(*game, m, options);
  EXPECT_NE(a.x_final, c.x_final);
}

TEST_P(SchemeBehaviour, ProjectionKeepsYFeasible) {
  auto game = problems::make_random_quadratic_game(2, 3, 0.5, 0.2, 1.0, 1.0, 3);
  game->set_initial_point(Vector::Constant(2, 2.0), Vector::Constant(3, 0.2));
  MethodConfig m = config_for(GetParam(), 0.1, 10.0);
  m.projection = problems::ConstraintSet::ball(Vector::Zero(3), 0.05);
  MinimaxRunOptions options;
  options.steps = 50;
  const auto result = run_minimax(*game, m, options);
  EXPECT_LE(result.y_final.norm(), 0.05 + 1e-12);
}

INSTANTIATE_TEST_SUITE_P(AllSchemes, SchemeBehaviour, ::testing::ValuesIn(all_schemes()),
                         [](const ::testing::TestParamInfo<SchemeKind>& param_info) {
                           std::string name = to_string(param_info.param);
                           for (auto& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

TEST(PastExtragradient, HalfIteratesFollowOgda) {
  // Unconstrained, z_{t+3/2} = z_{t+1/2} - 2 Lambda v(z_{t+1/2}) + Lambda v(z_{t-1/2}) (spec §1.2), with
  // v = (g_x, -g_y) and Lambda = diag(eta_x, eta_y).
  auto game = problems::make_random_quadratic_game(2, 2, 0.3, 0.5, 1.0, 1.5, 5, 0.2);  // nonlinear (quartic)
  const double eta_x = 0.02, eta_y = 0.1;
  const UpdateScheme scheme(SchemeKind::kPastExtragradient, TwoTimescaleSteps::from_steps(eta_x, eta_y));
  SchemeState state = scheme.init(game->initial_x(), game->initial_y());
  MinimaxOracle oracle(*game, 1, RngStream(1));
  std::vector<Vector> hx, hy;
  for (int k = 0; k < 30; ++k) {
    scheme.step(oracle, state);
    hx.push_back(state.x_half);
    hy.push_back(state.y_half);
  }
  Vector gx(2), gy(2), gx_old(2), gy_old(2);
  for (std::size_t t = 1; t + 1 < hx.size(); ++t) {
    game->gradient(hx[t], hy[t], gx, gy);
    game->gradient(hx[t - 1], hy[t - 1], gx_old, gy_old);
    const Vector x_next = hx[t] - eta_x * (2.0 * gx - gx_old);
    const Vector y_next = hy[t] + eta_y * (2.0 * gy - gy_old);
    EXPECT_LT((x_next - hx[t + 1]).norm(), 1e-13);
    EXPECT_LT((y_next - hy[t + 1]).norm(), 1e-13);
  }
}

TEST(Extragradient, SameSampleUsesOneBatchForBothCalls) {
  auto game = problems::make_stackelberg_scalar(1.0, 1.0, 0.1);
  game->set_noise_sigma(1.0);
  const auto one_step = [&](bool same_sample) {
    const UpdateScheme scheme(SchemeKind::kExtragradient, TwoTimescaleSteps::from_ratio(0.1, 10.0), nullptr,
                              same_sample);
    SchemeState state = scheme.init(game->initial_x(), game->initial_y());
    MinimaxOracle oracle(*game, 1, RngStream(5));
    scheme.step(oracle, state);
    return state;
  };
  const SchemeState same = one_step(true);
  const SchemeState fresh = one_step(false);
  // Both start with the same first batch (same half point); the second query differs.
  EXPECT_EQ(same.x_half, fresh.x_half);
  EXPECT_NE(same.x, fresh.x);
  // Same-sample: the second gradient carries the same noise as the first one. The noise of sample s is
  // regenerated from its key, so g(z_half) - grad f(z_half) = g(z) - grad f(z).
  const UpdateScheme scheme(SchemeKind::kExtragradient, TwoTimescaleSteps::from_ratio(0.1, 10.0), nullptr, true);
  SchemeState state = scheme.init(game->initial_x(), game->initial_y());
  MinimaxOracle oracle(*game, 1, RngStream(5));
  scheme.step(oracle, state);
  Vector gx(1), gy(1);
  game->gradient(state.x_half, state.y_half, gx, gy);
  const double noise_second = state.gx[0] - gx[0];
  Vector gx0(1), gy0(1);
  game->gradient(game->initial_x(), game->initial_y(), gx0, gy0);
  const double noise_first = (game->initial_x()[0] - state.x_half[0]) / scheme.steps().eta_x - gx0[0];
  EXPECT_NEAR(noise_first, noise_second, 1e-12);
}

TEST(Ogda, StoresThePreviousStochasticGradient) {
  auto game = problems::make_stackelberg_scalar(1.0, 1.0, 0.1);
  game->set_noise_sigma(1.0);
  const UpdateScheme scheme(SchemeKind::kOptimisticGda, TwoTimescaleSteps::from_ratio(0.1, 10.0));
  SchemeState state = scheme.init(game->initial_x(), game->initial_y());
  MinimaxOracle oracle(*game, 1, RngStream(5));
  scheme.step(oracle, state);
  EXPECT_EQ(state.gx_prev, state.gx);  // the stochastic gradient just used, not an exact one
  Vector exact_x(1), exact_y(1);
  game->gradient(game->initial_x(), game->initial_y(), exact_x, exact_y);
  EXPECT_NE(state.gx_prev, exact_x);
}

}  // namespace
}  // namespace ellopt::minimax
