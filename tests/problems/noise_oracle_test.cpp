// The additive-noise oracles (include/ellopt/problems/noisy_objective.hpp): unbiased, unit variance per
// coordinate times sigma^2, the same held sample gives the same noise at any x, bounded ball noise, heavy
// student-t tails, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/noisy_objective.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::problems {
namespace {

struct NoiseCase {
  const char* noise;
  double sigma;
};

class NoiseMoments : public ::testing::TestWithParam<NoiseCase> {};

TEST_P(NoiseMoments, MeanZeroAndVarianceSigmaSquaredPerCoordinate) {
  const auto [noise, sigma] = GetParam();
  const Index d = 4;
  auto f = make_problem("double-well", {{"dim", d}, {"noise", noise}, {"sigma", sigma}, {"x0", 0.7}});
  ASSERT_TRUE(f->is_stochastic());
  const Vector x = f->default_start();
  Vector exact(d), g(d);
  f->gradient(x, exact);
  RngStream rng(11);
  const int n = 200000;
  Vector sum = Vector::Zero(d), sum_sq = Vector::Zero(d);
  for (int i = 0; i < n; ++i) {
    f->sample_gradient(x, f->draw_sample(rng), g);
    const Vector e = g - exact;
    sum += e;
    sum_sq += e.cwiseProduct(e);
  }
  const double var = sigma * sigma;
  for (Index i = 0; i < d; ++i) {
    // Standard error of the mean is sigma/sqrt(n) ~ 2.2e-3 sigma; of the variance larger for t(3) (infinite
    // fourth moment), so its tolerance is looser.
    EXPECT_NEAR(sum[i] / n, 0.0, 0.012 * sigma) << noise << " coordinate " << i;
    const double tolerance = std::string(noise) == "student-t" ? 0.12 : 0.02;
    EXPECT_NEAR(sum_sq[i] / n / var, 1.0, tolerance) << noise << " coordinate " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(AllNoises, NoiseMoments,
                         ::testing::Values(NoiseCase{"gaussian", 1.0}, NoiseCase{"gaussian", 0.3},
                                           NoiseCase{"ball", 1.0}, NoiseCase{"ball", 2.5},
                                           NoiseCase{"student-t", 1.0}));

TEST(NoiseOracle, SameSampleGivesSameNoiseAtTwoPoints) {
  for (const char* noise : {"gaussian", "ball", "student-t"}) {
    auto f = make_problem("double-well", {{"dim", 7}, {"noise", noise}, {"sigma", 0.8}});
    RngStream rng(3);
    const Vector x1 = Vector::LinSpaced(7, -2.0, 2.0), x2 = Vector::Constant(7, 0.3);
    Vector g1(7), g2(7), e1(7), e2(7), again(7);
    for (int k = 0; k < 50; ++k) {
      const Sample s = f->draw_sample(rng);
      f->sample_gradient(x1, s, g1);
      f->sample_gradient(x2, s, g2);
      f->gradient(x1, e1);
      f->gradient(x2, e2);
      const Vector noise1 = g1 - e1, noise2 = g2 - e2;
      EXPECT_LT((noise1 - noise2).norm(), 1e-12) << noise;
      f->sample_gradient(x1, s, again);
      EXPECT_EQ(again, g1) << noise << ": re-evaluating a held sample must be bit-identical";
    }
    // Different samples differ.
    const Sample a = f->draw_sample(rng), b = f->draw_sample(rng);
    f->sample_gradient(x1, a, g1);
    f->sample_gradient(x1, b, g2);
    EXPECT_GT((g1 - g2).norm(), 0.0);
  }
}

TEST(NoiseOracle, BallNoiseIsBounded) {
  const Index d = 5;
  const double sigma = 1.7;
  auto f = make_problem("cosh", {{"dim", d}, {"noise", "ball"}, {"sigma", sigma}});
  const auto& noisy = dynamic_cast<const NoisyObjective&>(*f);
  EXPECT_DOUBLE_EQ(noisy.noise_bound(), sigma * std::sqrt(d + 2.0));
  RngStream rng(5);
  Vector e(d);
  double largest = 0;
  for (int i = 0; i < 20000; ++i) {
    noisy.sample_noise(f->draw_sample(rng), e);
    largest = std::max(largest, e.norm());
  }
  EXPECT_LE(largest, noisy.noise_bound() * (1 + 1e-12));
  EXPECT_GT(largest, 0.9 * noisy.noise_bound());  // the radius law U^(1/d) reaches the boundary
}

TEST(NoiseOracle, StudentTHasTheT3Tail) {
  // xi = T/sqrt(3), T ~ t(3): P(|xi| > 5) = P(|T| > 5 sqrt 3) = 1 - (2/pi)(u/(1 + u^2) + atan u) with u = 5,
  // about 3.2e-3, while a unit Gaussian gives 5.7e-7.
  auto f = make_problem("double-well", {{"dim", 1}, {"noise", "student-t"}, {"sigma", 1.0}});
  const auto& noisy = dynamic_cast<const NoisyObjective&>(*f);
  const double u = 5.0;
  const double expected = 1.0 - 2.0 / std::numbers::pi * (u / (1 + u * u) + std::atan(u));
  RngStream rng(9);
  Vector e(1);
  const int n = 400000;
  int beyond = 0;
  for (int i = 0; i < n; ++i) {
    noisy.sample_noise(f->draw_sample(rng), e);
    beyond += std::abs(e[0]) > 5.0;
  }
  const double measured = static_cast<double>(beyond) / n;
  EXPECT_NEAR(measured, expected, 4.0 * std::sqrt(expected / n)) << "t(3) tail frequency";
  EXPECT_GT(measured, 1000 * 5.7e-7);
}

TEST(NoiseOracle, NoneOrZeroSigmaIsDeterministic) {
  auto plain = make_problem("double-well", {{"dim", 3}});
  EXPECT_FALSE(plain->is_stochastic());
  auto zero = make_problem("double-well", {{"dim", 3}, {"noise", "gaussian"}, {"sigma", 0.0}});
  EXPECT_FALSE(zero->is_stochastic());
  auto noisy = make_problem("rosenbrock", {{"dim", 3}, {"noise", "gaussian"}, {"sigma", 0.1}});
  EXPECT_TRUE(noisy->is_stochastic());
  EXPECT_EQ(noisy->name(), "rosenbrock");
  EXPECT_EQ(*noisy->optimal_value(), 0.0);
}

TEST(NoiseOracle, BadInput) {
  EXPECT_THROW(make_problem("double-well", {{"noise", "cauchy"}}), ConfigError);
  EXPECT_THROW(make_problem("double-well", {{"noise", "gaussian"}, {"sigma", -1.0}}), ConfigError);
  EXPECT_THROW(parse_noise_kind("laplace"), ConfigError);
  EXPECT_THROW(NoisyObjective(nullptr, NoiseKind::kGaussian, 1.0), ConfigError);
  auto base = make_problem("cosh");
  EXPECT_THROW(NoisyObjective(base, NoiseKind::kGaussian, std::nan("")), ConfigError);
  EXPECT_THROW(NoisyObjective(base, NoiseKind::kGaussian, INFINITY), ConfigError);
}

}  // namespace
}  // namespace ellopt::problems
