// The invariant-measure diagnostics (spec optimization.md §4.5) against closed forms: W1 of shifted and
// permuted samples, the sliced W1 of a shifted cloud (||v|| E|theta_1|), the autocorrelation time of AR(1),
// R-hat and Geweke on stationary versus drifting chains, and diffusive displacement of a random walk.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "ellopt/core/error.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/diagnostics/chain_statistics.hpp"
#include "ellopt/diagnostics/displacement.hpp"
#include "ellopt/diagnostics/distribution_distance.hpp"

namespace ellopt::diagnostics {
namespace {

std::vector<double> ar1(double phi, std::size_t n, std::uint64_t seed, double drift = 0.0) {
  RngStream rng(seed);
  std::vector<double> out(n);
  double x = 0.0;
  for (std::size_t t = 0; t < n; ++t) {
    x = phi * x + rng.normal();
    out[t] = x + drift * static_cast<double>(t);
  }
  return out;
}

TEST(Wasserstein1, ClosedForms) {
  const std::vector<double> a{0.0, 1.0, 2.0, 5.0};
  std::vector<double> shifted = a;
  for (double& v : shifted) v += 0.75;
  EXPECT_DOUBLE_EQ(wasserstein1(a, shifted), 0.75);
  const std::vector<double> permuted{5.0, 0.0, 2.0, 1.0};
  EXPECT_DOUBLE_EQ(wasserstein1(a, permuted), 0.0);
  // Unequal sizes: {0, 1} against {0, 1/2, 1}: |0 - 1/2| on (1/3, 1/2) and |1 - 1/2| on (1/2, 2/3): 1/6.
  EXPECT_NEAR(wasserstein1(std::vector<double>{0.0, 1.0}, std::vector<double>{0.0, 0.5, 1.0}), 1.0 / 6.0,
              1e-15);
  EXPECT_THROW(wasserstein1(std::vector<double>{}, a), ConfigError);
  EXPECT_THROW(wasserstein1(std::vector<double>{NAN}, a), ConfigError);
}

TEST(Wasserstein1, CoordinateProxyIgnoresPermutations) {
  // The per-layer histogram proxy stays at 0 while the weights move (a permutation): why it is only a proxy.
  Vector w(4), moved(4);
  w << 0.1, -0.3, 0.7, 0.2;
  moved << 0.7, 0.2, 0.1, -0.3;
  EXPECT_GT((w - moved).norm(), 0.5);
  EXPECT_DOUBLE_EQ(coordinate_wasserstein1(w, moved), 0.0);
}

TEST(SlicedWasserstein1, ShiftOfACloudIsNormTimesMeanAbsoluteCoordinate) {
  Matrix x(2, 200);
  RngStream rng(5);
  for (Index j = 0; j < x.cols(); ++j) x.col(j) << rng.normal(), rng.normal();
  Vector v(2);
  v << 3.0, -4.0;  // ||v|| = 5
  const Matrix y = x.colwise() + v;
  // E|theta_1| for theta uniform on the circle is 2/pi.
  EXPECT_NEAR(sliced_wasserstein1(x, y, 20000, 1) / (5.0 * 2.0 / std::numbers::pi), 1.0, 0.02);
  EXPECT_NEAR(sliced_wasserstein1(x, x, 50, 1), 0.0, 1e-12);
  EXPECT_EQ(sliced_wasserstein1(x, y, 64, 9), sliced_wasserstein1(x, y, 64, 9));  // seeded
  EXPECT_THROW(sliced_wasserstein1(x, Matrix::Zero(3, 5), 10, 1), ConfigError);
}

TEST(ChainStatistics, AutocorrelationTimeOfAr1) {
  for (double phi : {0.0, 0.5, 0.8}) {
    const double expected = (1.0 + phi) / (1.0 - phi);
    const auto series = ar1(phi, 200000, 3);
    EXPECT_NEAR(integrated_autocorrelation_time(series) / expected, 1.0, 0.1) << "phi = " << phi;
  }
}

TEST(ChainStatistics, GewekeAndRhatSeparateStationaryFromDrifting) {
  const auto stationary = ar1(0.5, 20000, 11);
  EXPECT_LT(std::abs(geweke_z(stationary)), 3.0);
  const auto drifting = ar1(0.5, 20000, 11, 1e-3);  // the mean moves by 20 over the run
  EXPECT_GT(std::abs(geweke_z(drifting)), 10.0);

  std::vector<std::vector<double>> same, apart;
  for (std::uint64_t c = 0; c < 4; ++c) {
    same.push_back(ar1(0.5, 5000, 100 + c));
    auto shifted = ar1(0.5, 5000, 200 + c);
    for (double& v : shifted) v += static_cast<double>(c);  // chains centred at 0, 1, 2, 3
    apart.push_back(shifted);
  }
  EXPECT_LT(gelman_rubin(same), 1.01);
  EXPECT_GT(gelman_rubin(apart), 1.2);
  EXPECT_THROW(gelman_rubin({same.front()}), ConfigError);
}

TEST(ChainStatistics, RunningMeanIsTheCesaroAverage) {
  const std::vector<double> values{1.0, 3.0, 5.0, 7.0};
  EXPECT_EQ(running_mean(values), (std::vector<double>{1.0, 2.0, 3.0, 4.0}));
}

TEST(Displacement, RandomWalkIsDiffusive) {
  // x_{t+1} = x_t + xi, xi ~ N(0, I_d): E||x_{t+lag} - x_t||^2 = d lag, so D(lag) ~ sqrt(d lag): slope 1/2.
  const Index d = 50;
  RngStream rng(21);
  std::vector<Vector> snapshots;
  Vector x = Vector::Zero(d), step(d);
  for (int t = 0; t < 3000; ++t) {
    snapshots.push_back(x);
    rng.fill_normal(step);
    x += step;
  }
  const auto D = mean_displacement(snapshots, {1, 10, 100});
  EXPECT_NEAR(D[0] / std::sqrt(50.0), 1.0, 0.05);
  const double slope = std::log(D[2] / D[0]) / std::log(100.0);
  EXPECT_NEAR(slope, 0.5, 0.05);
  EXPECT_THROW(mean_displacement(snapshots, {3000}), ConfigError);
}

}  // namespace
}  // namespace ellopt::diagnostics
