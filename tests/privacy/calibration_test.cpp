// Noise calibration formulas and the positive-definite shift of a privatised Gram matrix.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/privacy/calibration.hpp"

namespace ellopt::privacy {
namespace {

TEST(Calibration, ClassicGaussianFormula) {
  EXPECT_DOUBLE_EQ(classic_gaussian_sigma(2.0, 0.5, 1e-5), 2.0 * std::sqrt(2.0 * std::log(1.25e5)) / 0.5);
  // The tree: sigma_n = Delta sqrt(L) sqrt(2 ln(1.25/delta)) / eps (spec §1.8), L = 5 for 16 leaves.
  const PrivacyBudget budget{0.5, 1e-5, NoiseKind::kGaussian};
  EXPECT_DOUBLE_EQ(tree_node_noise_parameter(1.0, 5, budget, GaussianCalibration::kClassic),
                   std::sqrt(5.0) * std::sqrt(2.0 * std::log(1.25e5)) / 0.5);
}

TEST(Calibration, AnalyticGaussianMeetsDeltaExactlyAndBeatsClassic) {
  for (double epsilon : {0.1, 0.5, 1.0, 2.0, 8.0}) {
    for (double delta : {1e-3, 1e-5, 1e-9}) {
      const double sigma = analytic_gaussian_sigma(1.0, epsilon, delta);
      EXPECT_LE(gaussian_mechanism_delta(1.0, sigma, epsilon), delta * (1.0 + 1e-9)) << epsilon << " " << delta;
      EXPECT_GT(gaussian_mechanism_delta(1.0, sigma * (1.0 - 1e-6), epsilon), delta) << epsilon << " " << delta;
      if (epsilon <= 1.0) {
        EXPECT_LT(sigma, classic_gaussian_sigma(1.0, epsilon, delta));
      }
    }
  }
  // Scale equivariance in the sensitivity.
  EXPECT_NEAR(analytic_gaussian_sigma(3.0, 2.0, 1e-5), 3.0 * analytic_gaussian_sigma(1.0, 2.0, 1e-5), 1e-9);
}

TEST(Calibration, AutoUsesClassicUpToEpsilonOneAndAnalyticAbove) {
  const PrivacyBudget low{1.0, 1e-5, NoiseKind::kGaussian};
  const PrivacyBudget high{2.0, 1e-5, NoiseKind::kGaussian};
  EXPECT_DOUBLE_EQ(tree_node_noise_parameter(1.0, 4, low, GaussianCalibration::kAuto),
                   tree_node_noise_parameter(1.0, 4, low, GaussianCalibration::kClassic));
  EXPECT_DOUBLE_EQ(tree_node_noise_parameter(1.0, 4, high, GaussianCalibration::kAuto),
                   tree_node_noise_parameter(1.0, 4, high, GaussianCalibration::kAnalytic));
  // Noise falls as epsilon grows over the DP claim's grid (spec §1.10: eps in {0.5, 1, 2, 8}).
  double previous = INFINITY;
  for (double epsilon : {0.5, 1.0, 2.0, 8.0}) {
    const double sigma = tree_node_noise_parameter(1.0, 9, {epsilon, 1e-5, NoiseKind::kGaussian},
                                                   GaussianCalibration::kAuto);
    EXPECT_LT(sigma, previous) << epsilon;
    previous = sigma;
  }
}

TEST(Calibration, LaplaceAndZcdp) {
  EXPECT_DOUBLE_EQ(laplace_scale(2.0, 0.5), 4.0);
  EXPECT_DOUBLE_EQ(tree_node_noise_parameter(1.0, 7, {0.5, 0.0, NoiseKind::kLaplace}, GaussianCalibration::kAuto),
                   14.0);
  EXPECT_DOUBLE_EQ(tree_zcdp_rho(1.0, 8, 2.0), 1.0);
  EXPECT_THROW(laplace_scale(1.0, 0.0), ConfigError);
  EXPECT_THROW(classic_gaussian_sigma(1.0, 1.0, 1.0), ConfigError);
  EXPECT_THROW(analytic_gaussian_sigma(-1.0, 1.0, 1e-5), ConfigError);
}

// Property test of the shift: V + H + gamma I is positive definite in at least 1 - beta of the trials even for
// V = 0, with H symmetric with N(0, s^2) entries on and above the diagonal.
TEST(PsdShift, KeepsTheNoisyGramPositiveDefiniteWithProbabilityOneMinusBeta) {
  const double beta = 0.05;
  for (Index d : {2, 10, 40}) {
    const double s = 0.7;
    const double gamma = psd_shift(s, d, beta);
    RngStream rng(static_cast<std::uint64_t>(d));
    int failures = 0;
    const int trials = 400;
    double smallest = INFINITY;
    for (int trial = 0; trial < trials; ++trial) {
      Matrix h(d, d);
      for (Index c = 0; c < d; ++c)
        for (Index r = 0; r <= c; ++r) h(r, c) = h(c, r) = s * rng.normal();
      const double lowest = Eigen::SelfAdjointEigenSolver<Matrix>(h, Eigen::EigenvaluesOnly).eigenvalues()(0);
      failures += lowest + gamma <= 0.0;
      smallest = std::min(smallest, lowest + gamma);
    }
    EXPECT_LE(failures, static_cast<int>(beta * trials)) << d;
    // Not absurdly loose: the shift is within a factor 3 of the worst observed -lambda_min.
    EXPECT_LE(gamma, 3.0 * (gamma - smallest)) << d;
  }
  EXPECT_THROW(psd_shift(1.0, 3, 0.0), ConfigError);
  EXPECT_THROW(psd_shift(1.0, 0, 0.1), ConfigError);
}

}  // namespace
}  // namespace ellopt::privacy
