// Spec minimax.md §3.3: each update scheme equals its linearized map on quadratic games to machine precision,
// and the critical ratios of the scalar Stackelberg game match the closed forms.
#include "ellopt/minimax/linearization.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/rng.hpp"
#include "ellopt/minimax/update_scheme.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"
#include "ellopt/problems/minimax/toy_gan.hpp"

namespace ellopt::minimax {
namespace {

std::unique_ptr<problems::QuadraticGame> random_game(std::uint64_t seed) {
  RngStream rng(seed);
  const Index dx = 3, dy = 2;
  Matrix a(dx, dx), b(dx, dy), c0(dy, dy);
  for (Index i = 0; i < dx; ++i)
    for (Index j = 0; j < dx; ++j) a(i, j) = rng.normal();
  for (Index i = 0; i < dx; ++i)
    for (Index j = 0; j < dy; ++j) b(i, j) = rng.normal();
  for (Index i = 0; i < dy; ++i)
    for (Index j = 0; j < dy; ++j) c0(i, j) = rng.normal();
  const Matrix c = c0 * c0.transpose() + 0.5 * Matrix::Identity(dy, dy);
  return std::make_unique<problems::QuadraticGame>("random", 0.5 * (a + a.transpose()), b, c);
}

class SchemeLinearization : public ::testing::TestWithParam<SchemeKind> {};

TEST_P(SchemeLinearization, OneStepEqualsTheLinearizedMap) {
  const SchemeKind kind = GetParam();
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto game = random_game(seed);
    const double eta_x = 0.03, eta_y = 0.2;
    const UpdateScheme scheme(kind, TwoTimescaleSteps::from_steps(eta_x, eta_y));
    const HessianBlocks blocks{game->h_xx(), game->h_xy(), game->h_yy()};
    const Matrix map = linearized_map(kind, blocks, eta_x, eta_y);
    RngStream rng(seed, {7});
    Vector z(5), z_prev(5);
    rng.fill_normal(z);
    rng.fill_normal(z_prev);
    SchemeState state = scheme.init(z.head(3), z.tail(2));
    const bool two_level = kind == SchemeKind::kOptimisticGda || kind == SchemeKind::kPastExtragradient;
    if (two_level) {
      // The stored gradient is that of z_{t-1} (OGDA) or z_{t-1/2} (past-EG).
      game->gradient(z_prev.head(3), z_prev.tail(2), state.gx_prev, state.gy_prev);
      state.has_previous = true;
    }
    MinimaxOracle oracle(*game, 1, RngStream(1));
    scheme.step(oracle, state);
    Vector got(5);
    got << state.x, state.y;
    Vector expected;
    if (two_level) {
      Vector stacked(10);
      stacked << z, z_prev;
      const Vector next = map * stacked;
      expected = next.head(5);
      if (kind == SchemeKind::kPastExtragradient) {
        // The second block is z_{t+1/2}, which the scheme keeps as its extrapolated point.
        Vector half(5);
        half << state.x_half, state.y_half;
        EXPECT_LT((half - next.tail(5)).norm(), 1e-14 * (1.0 + half.norm()));
      } else {
        EXPECT_LT((next.tail(5) - z).norm(), 1e-15);
      }
    } else {
      expected = map * z;
    }
    EXPECT_LT((got - expected).norm(), 1e-14 * (1.0 + expected.norm()))
        << to_string(kind) << " seed " << seed;
  }
}

TEST_P(SchemeLinearization, SmallStepThresholdIsAOverMu) {
  // As eta -> 0 every scheme follows z' = -D_tau M0 z, stable iff tau > a/mu on the scalar game (spec §3.3).
  const SchemeKind kind = GetParam();
  for (double kappa : {10.0, 100.0}) {
    const auto game = problems::make_stackelberg_scalar(1.0, 1.0, 1.0 / kappa);
    const HessianBlocks blocks{game->h_xx(), game->h_xy(), game->h_yy()};
    const double eta_y = 1e-4;
    const double found = critical_ratio(kind, blocks, eta_y, log_grid(kappa / 3.0, kappa * 3.0, 2001));
    EXPECT_NEAR(found / kappa, 1.0, 0.01) << to_string(kind);
  }
}

INSTANTIATE_TEST_SUITE_P(AllSchemes, SchemeLinearization, ::testing::ValuesIn(all_schemes()),
                         [](const ::testing::TestParamInfo<SchemeKind>& param_info) {
                           std::string name = to_string(param_info.param);
                           for (auto& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

struct ScalarCase {
  double a, b, mu, eta_y;
};

TEST(CriticalRatio, SimultaneousAndAlternatingMatchTheExactDiscreteConditions) {
  // Sim-GDA: tau > a/mu + eta_y (b^2/mu - a); Alt-GDA: tau > a/mu - eta_y a (Jury test, spec §3.3), to 1%.
  const std::vector<ScalarCase> cases = {{1, 1, 0.1, 0.25},   {1, 1, 0.01, 0.25}, {1, 1, 0.001, 0.25},
                                         {1, 1, 0.1, 0.5},    {1, 1, 0.01, 0.5},  {1, 1, 0.01, 1.0},
                                         {2, 1.5, 0.05, 0.3}, {0.5, 1, 0.02, 0.4}};
  for (const auto& c : cases) {
    const auto game = problems::make_stackelberg_scalar(c.a, c.b, c.mu);
    const HessianBlocks blocks{game->h_xx(), game->h_xy(), game->h_yy()};
    const double sim = scalar_critical_ratio_simultaneous(c.a, c.b, c.mu, c.eta_y);
    const double alt = scalar_critical_ratio_alternating(c.a, c.b, c.mu, c.eta_y);
    const auto grid = log_grid(0.2 * c.a / c.mu, 20.0 * c.a / c.mu + 10.0 * sim, 4001);
    EXPECT_NEAR(critical_ratio(SchemeKind::kSimultaneousGda, blocks, c.eta_y, grid) / sim, 1.0, 0.01)
        << "a=" << c.a << " mu=" << c.mu << " eta_y=" << c.eta_y;
    EXPECT_NEAR(critical_ratio(SchemeKind::kAlternatingGda, blocks, c.eta_y, grid) / alt, 1.0, 0.01)
        << "a=" << c.a << " mu=" << c.mu << " eta_y=" << c.eta_y;
    EXPECT_NEAR(critical_ratio_ode(blocks, grid) / scalar_critical_ratio_ode(c.a, c.b, c.mu), 1.0, 0.01);
  }
}

TEST(CriticalRatio, SpecTableForExtragradientAndOgdaAtSmallStep) {
  // Spec §3.3 table, eta_y = 0.25, kappa = 100: EG 75.5, OGDA 75.5 (a log-grid reading; 2% tolerance).
  const auto game = problems::make_stackelberg_scalar(1.0, 1.0, 0.01);
  const HessianBlocks blocks{game->h_xx(), game->h_xy(), game->h_yy()};
  const auto grid = log_grid(10.0, 1000.0, 4001);
  EXPECT_NEAR(critical_ratio(SchemeKind::kExtragradient, blocks, 0.25, grid) / 75.5, 1.0, 0.02);
  EXPECT_NEAR(critical_ratio(SchemeKind::kOptimisticGda, blocks, 0.25, grid) / 75.5, 1.0, 0.02);
  // Past-EG and OGDA share their spectrum.
  EXPECT_NEAR(critical_ratio(SchemeKind::kPastExtragradient, blocks, 0.25, grid),
              critical_ratio(SchemeKind::kOptimisticGda, blocks, 0.25, grid), 1e-9);
}

TEST(CriticalRatio, RandomGameWithSigmaSquaredAboveAMuHasThresholdAOverMu) {
  // A = -a I, C = mu I, singular values of B with sigma_i^2 > a mu: the small-step threshold is a/mu (§3.5).
  const auto game = problems::make_random_quadratic_game(3, 3, 1.0, 0.05, 0.5, 2.0, 4);
  const HessianBlocks blocks{game->h_xx(), game->h_xy(), game->h_yy()};
  EXPECT_NEAR(critical_ratio_ode(blocks, log_grid(2.0, 200.0, 4001)) / 20.0, 1.0, 0.01);
}

TEST(CriticalRatio, ToyGanThresholdIsAOverMuAndPlainToyGanIsAlwaysStable) {
  // Spec §3.5 item 4: at (theta*, 0), H_xx = -a I, B = [[-1, -2m], [0, -2s]], C = mu I. With m = 0.5, s = 1,
  // sigma_min(B)^2 = 3 - sqrt(5) = 0.76 > a mu = 0.05, so the point is Stackelberg and the continuous-time
  // threshold is exactly tau* = a/mu = 5.
  const problems::ToyGan gan(0.5, 1.0, 0.1, 0.5);
  const HessianBlocks blocks{gan.h_xx(), gan.h_xy(), gan.h_yy()};
  EXPECT_NEAR(critical_ratio_ode(blocks, log_grid(0.5, 50.0, 4001)) / 5.0, 1.0, 0.01);
  EXPECT_FALSE(ode_stable(blocks, 4.5));
  EXPECT_TRUE(ode_stable(blocks, 5.5));
  // a = 0, the plain toy GAN: the negative control, locally stable for every ratio.
  const problems::ToyGan plain(0.5, 1.0, 0.1, 0.0);
  const HessianBlocks plain_blocks{plain.h_xx(), plain.h_xy(), plain.h_yy()};
  for (double tau : log_grid(1e-3, 1e3, 50)) EXPECT_TRUE(ode_stable(plain_blocks, tau)) << tau;
}

TEST(CriticalRatio, LocalNashPointsAreStableForAnyRatio) {
  // H_xx >= 0 (a < 0 here): every tau > 0 is stable in the small-step limit (spec §3.3 corollary).
  const auto game = problems::make_stackelberg_scalar(-0.5, 1.0, 0.1);
  const HessianBlocks blocks{game->h_xx(), game->h_xy(), game->h_yy()};
  for (double tau : log_grid(1e-3, 1e3, 50)) EXPECT_TRUE(ode_stable(blocks, tau)) << tau;
}

}  // namespace
}  // namespace ellopt::minimax
