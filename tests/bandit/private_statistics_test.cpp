// Per-agent DP of the least-squares statistics (spec §1.8): sensitivities, the PSD shift, and that the
// private release is the exact sum plus zero-mean noise of the tree's scale.
#include "ellopt/bandit/private_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ellopt::bandit {
namespace {

TEST(PrivateStatistics, Sensitivities) {
  using privacy::NoiseKind;
  EXPECT_EQ(PrivateStatistics::gram_sensitivity(5, NoiseKind::kGaussian), 1.0);  // ||a a^T||_F <= 1
  EXPECT_EQ(PrivateStatistics::gram_sensitivity(5, NoiseKind::kLaplace), 5.0);   // entrywise L1 <= d
  EXPECT_EQ(PrivateStatistics::moment_sensitivity(4, 2.0, NoiseKind::kGaussian), 2.0);
  EXPECT_EQ(PrivateStatistics::moment_sensitivity(4, 2.0, NoiseKind::kLaplace), 4.0);  // sqrt(d) B
}

TEST(PrivateStatistics, ShiftFollowsTheSpecFormula) {
  PrivacyOptions options;
  options.kind = PrivacyKind::kGaussian;
  options.epsilon = 1.0;
  const Index d = 4;
  const std::int64_t epochs = 16;  // depth ceil(log2 16) + 1 = 5
  PrivateStatistics stats(d, epochs, options, RngStream(1));
  const double expected =
      2.0 * stats.gram_node_std() * std::sqrt(5.0) * (2.0 + std::sqrt(2.0 * std::log(2.0 / 0.05)));
  EXPECT_NEAR(stats.shift(), expected, 1e-12 * expected);
  EXPECT_GT(stats.moment_node_std(), stats.gram_node_std());  // sensitivity B = 2 against 1
}

TEST(PrivateStatistics, ReleaseIsExactSumPlusShiftPlusZeroMeanNoise) {
  PrivacyOptions options;
  options.kind = PrivacyKind::kGaussian;
  options.epsilon = 1.0;
  const Index d = 3;
  const std::int64_t epochs = 8;
  Matrix gram = Matrix::Identity(d, d) * 10.0;
  gram(0, 1) = gram(1, 0) = 2.0;
  Vector moment = Vector::LinSpaced(d, 1.0, 3.0);
  // Average many independent agents' first releases: the mean is exact + gamma I, within the noise scale.
  const int agents = 4000;
  Matrix mean_gram = Matrix::Zero(d, d);
  Vector mean_moment = Vector::Zero(d);
  double shift = 0.0, node_std = 0.0;
  Matrix released;
  Vector released_moment;
  for (int i = 0; i < agents; ++i) {
    PrivateStatistics stats(d, epochs, options, RngStream(7, {static_cast<std::uint64_t>(i)}));
    stats.release(gram, moment, EstimatorKind::kCumulative, released, released_moment);
    ASSERT_TRUE(released.isApprox(released.transpose()));  // symmetric noise
    mean_gram += released / agents;
    mean_moment += released_moment / agents;
    shift = stats.shift();
    node_std = stats.gram_node_std();
  }
  Matrix expected = gram;
  expected.diagonal().array() += shift;
  // The first release uses one node: per-entry std node_std, so the mean's error is about node_std / sqrt(n).
  EXPECT_LT((mean_gram - expected).cwiseAbs().maxCoeff(), 5.0 * node_std / std::sqrt(agents));
  EXPECT_LT((mean_moment - moment).cwiseAbs().maxCoeff(), 10.0 * node_std / std::sqrt(agents));
}

TEST(PrivateStatistics, EpochFreshReleaseIsTheDifferenceOfPrefixes) {
  PrivacyOptions options;
  options.kind = PrivacyKind::kGaussian;
  options.epsilon = 1e12;  // negligible noise: the releases are the exact sums
  const Index d = 2;
  PrivateStatistics stats(d, 4, options, RngStream(3));
  Matrix g1 = Matrix::Identity(d, d), g2 = 3.0 * Matrix::Identity(d, d);
  Vector m1 = Vector::Ones(d), m2 = 2.0 * Vector::Ones(d);
  Matrix out;
  Vector moment;
  stats.release(g1, m1, EstimatorKind::kEpochFresh, out, moment);
  stats.release(g2, m2, EstimatorKind::kEpochFresh, out, moment);
  Matrix expected = g2;
  expected.diagonal().array() += stats.shift();
  EXPECT_LT((out - expected).cwiseAbs().maxCoeff(), 1e-3);  // the cumulative sum would be off by 1
  EXPECT_LT((moment - m2).cwiseAbs().maxCoeff(), 1e-3);
}

}  // namespace
}  // namespace ellopt::bandit
