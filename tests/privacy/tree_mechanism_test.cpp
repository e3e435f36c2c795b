// Tree mechanism: structure (depth, leaf membership, prefix decomposition), the empirical noise variance of
// released prefix sums against the formula (plain, variance-reduced, Laplace), unbiasedness, symmetry, and
// bad input.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/privacy/calibration.hpp"
#include "ellopt/privacy/tree_mechanism.hpp"

namespace ellopt::privacy {
namespace {

TEST(TreeMechanism, DepthIsCeilLog2HorizonPlusOne) {
  const std::pair<std::int64_t, int> cases[] = {{1, 1}, {2, 2}, {3, 3}, {4, 3}, {5, 4}, {8, 4},
                                                {9, 5}, {256, 9}, {257, 10}, {1000, 11}, {1024, 11}};
  for (auto [horizon, depth] : cases) {
    EXPECT_EQ(TreeMechanism::depth_for(horizon), depth) << horizon;
    EXPECT_EQ(TreeMechanism(2, 1, horizon, 1.0, {}, RngStream(1)).depth(), depth) << horizon;
    EXPECT_EQ(depth, static_cast<int>(std::ceil(std::log2(static_cast<double>(horizon)))) + 1) << horizon;
  }
}

TEST(TreeMechanism, EveryLeafLiesInExactlyDepthNodes) {
  for (std::int64_t horizon : {1, 2, 7, 16, 100}) {
    const int depth = TreeMechanism::depth_for(horizon);
    // Enumerate every dyadic node of the full tree independently and count the ones holding each leaf.
    for (std::int64_t leaf = 1; leaf <= horizon; ++leaf) {
      int count = 0;
      for (int level = 0; level < depth; ++level) {
        const std::int64_t width = std::int64_t{1} << level;
        const std::int64_t nodes_at_level = (std::int64_t{1} << (depth - 1)) / width;
        for (std::int64_t index = 1; index <= nodes_at_level; ++index)
          count += (index - 1) * width < leaf && leaf <= index * width;
      }
      EXPECT_EQ(count, depth) << horizon << " " << leaf;
      const auto nodes = TreeMechanism::nodes_containing_leaf(leaf, horizon);
      ASSERT_EQ(static_cast<int>(nodes.size()), depth);
      for (int level = 0; level < depth; ++level) {
        EXPECT_EQ(nodes[static_cast<std::size_t>(level)].level, level);
        EXPECT_LE(nodes[static_cast<std::size_t>(level)].first_leaf(), leaf);
        EXPECT_GE(nodes[static_cast<std::size_t>(level)].last_leaf(), leaf);
      }
    }
  }
}

TEST(TreeMechanism, PrefixNodesAreDisjointAndCoverOneToT) {
  for (std::int64_t t = 0; t <= 300; ++t) {
    const auto nodes = TreeMechanism::prefix_nodes(t);
    EXPECT_EQ(static_cast<int>(nodes.size()), std::popcount(static_cast<std::uint64_t>(t)));
    std::int64_t next = 1;
    for (const auto& node : nodes) {
      EXPECT_EQ(node.first_leaf(), next) << t;
      next = node.last_leaf() + 1;
    }
    EXPECT_EQ(next, t + 1);
  }
}

// Runs `trials` independent mechanisms over the same stream and returns per-time empirical mean and variance
// of the noise in entry (0, 0) of the release; checks the exact sum on the way.
struct Moments {
  std::vector<double> mean, variance;
};
Moments noise_moments(std::int64_t horizon, int trials, PrivacyBudget budget, TreeOptions options, Index rows = 2,
                      Index cols = 1, bool symmetric = false) {
  Moments m{std::vector<double>(static_cast<std::size_t>(horizon) + 1, 0.0),
            std::vector<double>(static_cast<std::size_t>(horizon) + 1, 0.0)};
  RngStream data(99);
  std::vector<Matrix> stream;
  for (std::int64_t t = 0; t < horizon; ++t) {
    Matrix x(rows, cols);
    for (Index c = 0; c < cols; ++c)
      for (Index r = 0; r < rows; ++r) x(r, c) = data.uniform(-0.3, 0.3);
    if (symmetric) x = (0.5 * (x + x.transpose())).eval();
    stream.push_back(x);
  }
  for (int trial = 0; trial < trials; ++trial) {
    TreeMechanism tree(rows, cols, horizon, 1.0, budget, RngStream(7, {static_cast<std::uint64_t>(trial)}),
                       symmetric, options);
    Matrix exact = Matrix::Zero(rows, cols);
    for (std::int64_t t = 1; t <= horizon; ++t) {
      exact += stream[static_cast<std::size_t>(t - 1)];
      const double noise = tree.add(stream[static_cast<std::size_t>(t - 1)])(0, 0) - exact(0, 0);
      m.mean[static_cast<std::size_t>(t)] += noise / trials;
      m.variance[static_cast<std::size_t>(t)] += noise * noise / trials;  // mean is 0: second moment
    }
  }
  return m;
}

// With `trials` samples the second moment of a zero-mean variable has relative sd sqrt(2/trials) (Gaussian)
// or sqrt(5/trials) (Laplace, kurtosis 6): we allow 5 of those.
void expect_variances_match(const Moments& m, const TreeMechanism& reference, int trials, double kurtosis) {
  const double relative = 5.0 * std::sqrt((kurtosis - 1.0) / trials);
  for (std::int64_t t = 1; t < static_cast<std::int64_t>(m.variance.size()); ++t) {
    const double expected = reference.prefix_noise_variance(t);
    EXPECT_NEAR(m.variance[static_cast<std::size_t>(t)] / expected, 1.0, relative) << "t = " << t;
    EXPECT_NEAR(m.mean[static_cast<std::size_t>(t)], 0.0, 5.0 * std::sqrt(expected / trials)) << "t = " << t;
  }
}

TEST(TreeMechanism, GaussianPrefixVarianceIsNodeVarianceTimesPopcount) {
  const int trials = 20000;
  const PrivacyBudget budget{0.8, 1e-5, NoiseKind::kGaussian};
  const TreeMechanism reference(2, 1, 31, 1.0, budget, RngStream(0));
  for (std::int64_t t : {1, 2, 3, 7, 16, 31})
    EXPECT_DOUBLE_EQ(reference.prefix_noise_variance(t),
                     std::pow(reference.node_noise_std(), 2) * std::popcount(static_cast<std::uint64_t>(t)));
  expect_variances_match(noise_moments(31, trials, budget, {}), reference, trials, 3.0);
}

TEST(TreeMechanism, VarianceReducedTreeMatchesHonakerFormulaAndIsSmaller) {
  const int trials = 20000;
  const PrivacyBudget budget{0.8, 1e-5, NoiseKind::kGaussian};
  TreeOptions options;
  options.variance_reduced = true;
  const TreeMechanism reference(2, 1, 31, 1.0, budget, RngStream(0), false, options);
  const TreeMechanism plain(2, 1, 31, 1.0, budget, RngStream(0));
  EXPECT_DOUBLE_EQ(reference.node_noise_std(), plain.node_noise_std());  // same privacy calibration
  const double s2 = std::pow(reference.node_noise_std(), 2);
  EXPECT_DOUBLE_EQ(reference.prefix_noise_variance(1), s2);                  // a leaf: no children
  EXPECT_DOUBLE_EQ(reference.prefix_noise_variance(16), s2 / (2.0 - 1.0 / 16.0));
  EXPECT_LT(reference.prefix_noise_variance(31), plain.prefix_noise_variance(31));
  expect_variances_match(noise_moments(31, trials, budget, options), reference, trials, 3.0);
}

TEST(TreeMechanism, LaplacePrefixVarianceMatches) {
  const int trials = 20000;
  const PrivacyBudget budget{1.5, 0.0, NoiseKind::kLaplace};  // delta is ignored for Laplace
  const TreeMechanism reference(2, 1, 20, 1.0, budget, RngStream(0));
  // b = Delta * L / eps with L = ceil(log2 20) + 1 = 6; std = sqrt(2) b.
  EXPECT_DOUBLE_EQ(reference.node_noise_std(), std::sqrt(2.0) * 6.0 / 1.5);
  expect_variances_match(noise_moments(20, trials, budget, {}), reference, trials, 6.0);
}

TEST(TreeMechanism, SymmetricReleasesStayExactlySymmetricWithTheSameVarianceOnAndOffTheDiagonal) {
  const PrivacyBudget budget{1.0, 1e-5, NoiseKind::kGaussian};
  for (bool variance_reduced : {false, true}) {
    TreeOptions options;
    options.variance_reduced = variance_reduced;
    RngStream data(3);
    TreeMechanism tree(4, 4, 40, 1.0, budget, RngStream(5), true, options);
    for (int t = 1; t <= 40; ++t) {
      Matrix x(4, 4);
      for (Index c = 0; c < 4; ++c)
        for (Index r = 0; r < 4; ++r) x(r, c) = data.normal();
      x = (x * x.transpose()).eval();
      const Matrix& release = tree.add(x);
      for (Index r = 0; r < 4; ++r)
        for (Index c = 0; c < 4; ++c) ASSERT_EQ(release(r, c), release(c, r)) << t;
    }
  }
  // Diagonal and off-diagonal entries share the node variance.
  const int trials = 3000;
  double diagonal = 0.0, off_diagonal = 0.0;
  for (int trial = 0; trial < trials; ++trial) {
    TreeMechanism tree(3, 3, 8, 1.0, budget, RngStream(11, {static_cast<std::uint64_t>(trial)}), true);
    Matrix release;
    for (int t = 0; t < 7; ++t) release = tree.add(Matrix::Zero(3, 3));
    diagonal += release(1, 1) * release(1, 1) / trials;
    off_diagonal += release(0, 2) * release(0, 2) / trials;
  }
  const TreeMechanism reference(3, 3, 8, 1.0, budget, RngStream(0), true);
  EXPECT_NEAR(diagonal / reference.prefix_noise_variance(7), 1.0, 5.0 * std::sqrt(2.0 / trials));
  EXPECT_NEAR(off_diagonal / reference.prefix_noise_variance(7), 1.0, 5.0 * std::sqrt(2.0 / trials));
}

TEST(TreeMechanism, SameSeedSameReleases) {
  TreeMechanism a(3, 1, 10, 1.0, {}, RngStream(8));
  TreeMechanism b(3, 1, 10, 1.0, {}, RngStream(8));
  for (int t = 0; t < 10; ++t) EXPECT_EQ(a.add(Matrix::Ones(3, 1)), b.add(Matrix::Ones(3, 1)));
}

TEST(TreeMechanism, ClippingScalesLargeInputsToTheSensitivity) {
  TreeOptions options;
  options.clip_to_sensitivity = true;
  // A huge epsilon makes the noise negligible, so the release shows the clipped sum.
  TreeMechanism tree(2, 1, 4, 1.0, {1e6, 0.5, NoiseKind::kGaussian}, RngStream(1), false, options);
  Matrix x(2, 1);
  x << 30.0, 40.0;  // norm 50 -> clipped to 1
  const Matrix release = tree.add(x);
  const double tolerance = 6.0 * tree.node_noise_std();
  EXPECT_LT(tolerance, 0.05);
  EXPECT_NEAR(release(0, 0), 0.6, tolerance);
  EXPECT_NEAR(release(1, 0), 0.8, tolerance);
}

TEST(TreeMechanism, RejectsBadBudgetsAndInputs) {
  const auto make = [](PrivacyBudget budget) { return TreeMechanism(2, 1, 8, 1.0, budget, RngStream(1)); };
  for (double epsilon : {0.0, -1.0, std::nan(""), HUGE_VAL})
    EXPECT_THROW(make({epsilon, 1e-5, NoiseKind::kGaussian}), ConfigError) << epsilon;
  for (double delta : {0.0, 1.0, -0.1, 1.5, std::nan("")})
    EXPECT_THROW(make({1.0, delta, NoiseKind::kGaussian}), ConfigError) << delta;
  EXPECT_NO_THROW(make({1.0, 0.0, NoiseKind::kLaplace}));  // delta unused by Laplace
  EXPECT_THROW(make({0.0, 0.0, NoiseKind::kLaplace}), ConfigError);
  EXPECT_THROW(TreeMechanism(2, 1, 8, 0.0, {}, RngStream(1)), ConfigError);   // sensitivity
  EXPECT_THROW(TreeMechanism(2, 1, 0, 1.0, {}, RngStream(1)), ConfigError);   // horizon
  EXPECT_THROW(TreeMechanism(0, 1, 8, 1.0, {}, RngStream(1)), ConfigError);   // shape
  EXPECT_THROW(TreeMechanism(2, 3, 8, 1.0, {}, RngStream(1), true), ConfigError);  // symmetric non-square
  TreeMechanism tree(2, 2, 2, 1.0, {}, RngStream(1), true);
  EXPECT_THROW(tree.add(Matrix::Zero(3, 2)), ConfigError);
  Matrix asymmetric = Matrix::Zero(2, 2);
  asymmetric(0, 1) = 1.0;
  EXPECT_THROW(tree.add(asymmetric), ConfigError);
  Matrix nan = Matrix::Zero(2, 2);
  nan(0, 0) = std::nan("");
  EXPECT_THROW(tree.add(nan), ConfigError);
  tree.add(Matrix::Zero(2, 2));
  tree.add(Matrix::Zero(2, 2));
  EXPECT_THROW(tree.add(Matrix::Zero(2, 2)), ConfigError);  // beyond the horizon
}

}  // namespace
}  // namespace ellopt::privacy
