// Property tests of the NC-SC hard instance (spec minimax.md §4.2, §4.4 item 1).
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/problems/minimax/hard_ncsc.hpp"
#include "minimax/finite_difference.hpp"

#pragma GCC diagnostic ignored "-Wuninitialized"  // GCC 12 false positive inside AVX-512 intrinsics (Eigen)

namespace ellopt::problems {
namespace {

TEST(HardNcsc, UpsilonFacts) {
  EXPECT_NEAR(chain_upsilon(1.0), 0.0, 1e-13);
  EXPECT_NEAR(chain_upsilon(0.0), 7.341, 1e-3);
  EXPECT_EQ(chain_upsilon_derivative(0.0), 0.0);  // the zero-chain needs Upsilon'(0) = 0
  EXPECT_NEAR(chain_upsilon_second_derivative(-1.0), 180.0, 1e-12);
  double largest = 0.0;
  for (double t = -10.0; t <= 10.0; t += 1e-3)
    largest = std::max(largest, std::abs(chain_upsilon_second_derivative(t)));
  EXPECT_NEAR(largest, 180.0, 1e-6);
  for (double t : {-2.0, -0.3, 0.4, 1.7}) {
    EXPECT_NEAR((chain_upsilon(t + 1e-6) - chain_upsilon(t - 1e-6)) / 2e-6, chain_upsilon_derivative(t),
                1e-5);
    EXPECT_NEAR((chain_upsilon_derivative(t + 1e-6) - chain_upsilon_derivative(t - 1e-6)) / 2e-6,
                chain_upsilon_second_derivative(t), 1e-5);
  }
}

class HardNcscByKappa : public ::testing::TestWithParam<double> {};

TEST_P(HardNcscByKappa, SmoothnessAtMostEllAndStrongConcavityExactlyEllOverKappa) {
  const double ell = 2.0;
  const HardNcsc f(8, GetParam(), ell, 0.7);
  const Index n = 2 * f.chain_length();
  RngStream rng(21);
  double worst = 0.0;
  for (int trial = 0; trial < 30; ++trial) {
    Vector z(n);
    rng.fill_normal(z);
    z *= 1.5 * f.scale();
    auto field = [&](const Vector& w, Vector& out) {
      Vector gx(f.dim_x()), gy(f.dim_y());
      f.gradient(w.head(f.dim_x()), w.tail(f.dim_y()), gx, gy);
      out << gx, gy;
    };
    const Matrix h = testing::finite_difference_jacobian(field, z, n, 1e-6);
    const Matrix sym = 0.5 * (h + h.transpose());
    worst = std::max(worst, Eigen::SelfAdjointEigenSolver<Matrix>(sym).eigenvalues().cwiseAbs().maxCoeff());
    const Matrix hyy = sym.bottomRightCorner(f.dim_y(), f.dim_y());
    EXPECT_LT((hyy + (ell / GetParam()) * Matrix::Identity(f.dim_y(), f.dim_y())).cwiseAbs().maxCoeff(),
              1e-6);
  }
  EXPECT_LE(worst, ell * (1.0 + 1e-6));
}

TEST_P(HardNcscByKappa, PhiIsFAtTheBestResponseAndMatchesTheLiftedChain) {
  const HardNcsc f(6, GetParam(), 1.0, 1.3);
  RngStream rng(22);
  for (int trial = 0; trial < 5; ++trial) {
    Vector x(6);
    rng.fill_normal(x);
    Vector y(6), g(6), gx(6), gy(6);
    f.best_response(x, y);
    f.grad_y(x, y, gy);
    EXPECT_LT(gy.norm(), 1e-12);
    EXPECT_NEAR(f.phi(x), f.value(x, y), 1e-10 * (1.0 + std::abs(f.phi(x))));
    f.grad_phi(x, g);
    f.grad_x(x, y, gx);
    EXPECT_LT((g - gx).norm(), 1e-10 * (1.0 + g.norm()));
    const Vector fd = testing::finite_difference_gradient([&](const Vector& v) { return f.phi(v); }, x, 1e-6);
    EXPECT_LT((g - fd).norm(), 1e-5 * (1.0 + g.norm()));
  }
}

TEST_P(HardNcscByKappa, EpsFloorHoldsWhileTheLastCoordinateIsZero) {
  const HardNcsc f(10, GetParam(), 1.0, 1.0);
  RngStream rng(23);
  Vector g(10);
  for (int trial = 0; trial < 2000; ++trial) {
    Vector x(10);
    rng.fill_normal(x);
    x *= rng.uniform(0.0, 2.0);
    x[9] = 0.0;
    f.grad_phi(x, g);
    EXPECT_GE(g.norm(), f.eps_floor());
  }
  // Also along the chain's "almost solved" points x = (1, ..., 1, 0), where the gradient is smallest.
  Vector x = Vector::Ones(10);
  x[9] = 0.0;
  f.grad_phi(x, g);
  EXPECT_GE(g.norm(), f.eps_floor());
}

TEST_P(HardNcscByKappa, GapBoundAndMinimizer) {
  const HardNcsc f(16, GetParam(), 1.0, 1.0);
  const auto solution = f.solution();
  ASSERT_TRUE(solution);
  EXPECT_NEAR(f.phi(solution->x), 0.0, 1e-12);  // inf Phi = 0 at x = lambda 1
  EXPECT_LE(f.phi(Vector::Zero(16)), f.gap_bound() * (1.0 + 1e-12));
  EXPECT_GT(f.phi(Vector::Zero(16)), 0.0);
}

TEST_P(HardNcscByKappa, ZeroChainRevealsOneCoordinatePerQuery) {
  // supp x within [k], supp y within [k'] => supp grad_y within [k+1] u supp y, supp grad_x within [k'] u
  // supp x.
  const Index t = 8;
  const HardNcsc f(t, GetParam(), 1.0, 1.0);
  RngStream rng(24);
  Vector gx(t), gy(t);
  for (Index k = 0; k <= t; ++k) {
    for (Index kp = 0; kp <= t; ++kp) {
      Vector x = Vector::Zero(t), y = Vector::Zero(t);
      for (Index i = 0; i < k; ++i) x[i] = rng.normal();
      for (Index i = 0; i < kp; ++i) y[i] = rng.normal();
      f.gradient(x, y, gx, gy);
      EXPECT_LE(HardNcsc::revealed_coordinates(gy), std::max(std::min(k + 1, t), kp));
      EXPECT_LE(HardNcsc::revealed_coordinates(gx), std::max(kp, k));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Kappas, HardNcscByKappa, ::testing::Values(3.0, 10.0, 100.0, 1000.0));

TEST(HardNcscSizing, ChainLengthScalesAsSqrtKappaOverEpsSquared) {
  // Spec §4.2: at ell = Delta = 1, eps = 1e-3, T / sqrt(kappa) = 89.2 for kappa = 10 ... 1e4.
  for (double kappa : {10.0, 100.0, 1000.0, 1e4}) {
    const auto size = hard_ncsc_size(1.0, kappa, 1.0, 1e-3, 1'000'000);
    EXPECT_NEAR(static_cast<double>(size.chain_length) / std::sqrt(kappa), 89.2, 0.5) << kappa;
    // The instance built from (ell, kappa, Delta, eps) has eps_T = eps and Delta_T <= Delta.
    const HardNcsc f(size.chain_length, kappa, 1.0, size.scale);
    EXPECT_NEAR(f.eps_floor(), 1e-3, 1e-15);
    EXPECT_LE(f.gap_bound(), 1.0 + 1e-12);
  }
}

TEST(HardNcscSizing, RegistryDefaultsBuildATenLinkChain) {
  const auto p = make_minimax_problem("hard-ncsc", Json::object());
  EXPECT_EQ(p->dim_x(), 10);
  const auto* hard = dynamic_cast<const HardNcsc*>(p.get());
  ASSERT_NE(hard, nullptr);
  EXPECT_NEAR(hard->eps_floor(), 0.005, 1e-15);
  EXPECT_THROW(make_minimax_problem("hard-ncsc", {{"eps", 0.5}}), ConfigError);
}

TEST(HardNcscSizing, RejectsTooShortAndAstronomicalChains) {
  try {
    hard_ncsc_size(1.0, 10.0, 1.0, 0.5, 1'000'000);  // T < 1
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("T ="), std::string::npos);
  }
  try {
    hard_ncsc_size(1.0, 1e6, 1.0, 1e-6, 1'000'000);  // T ~ 1e11
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("cap"), std::string::npos);
  }
  try {
    hard_ncsc_size(1.0, 10.0, 1.0, 1e-300,
                   1'000'000);  // T overflows a double: the message still says how large
    FAIL();
  } catch (const ConfigError& e) {
    // T ~ sqrt(kappa) l delta / (11155 eps^2) = 10^(600 + 0.5 - 4.05)
    EXPECT_NE(std::string(e.what()).find("T = ~1e596"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("inf"), std::string::npos) << e.what();
  }
  EXPECT_THROW(HardNcsc(0, 10.0), ConfigError);
  EXPECT_THROW(HardNcsc(5, 2.0), ConfigError);
  EXPECT_THROW(HardNcsc(5, 10.0, -1.0), ConfigError);
  EXPECT_THROW(hard_ncsc_size(1.0, 10.0, 1.0, std::nan(""), 100), ConfigError);
}

}  // namespace
}  // namespace ellopt::problems
