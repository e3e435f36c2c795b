// Binary-counter tree mechanism (Chan, Shi & Song 2011, "Private and continual release of statistics",
// Binary Mechanism; Dwork, Naor, Pitassi & Rothblum 2010) with O(log N) memory: one exact and one noisy
// buffer per level. Optional Honaker (2015) variance reduction; see tree_mechanism.hpp.
#include "ellopt/privacy/tree_mechanism.hpp"

#include <fmt/format.h>

#include <bit>
#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/privacy/calibration.hpp"

namespace ellopt::privacy {

struct TreeMechanism::Impl {
  Index rows;
  Index cols;
  std::int64_t horizon;
  double sensitivity;
  PrivacyBudget budget;
  RngStream rng;
  bool symmetric;
  TreeOptions options;
  int depth;
  double noise_parameter;  // sigma (Gaussian) or b (Laplace)
  double node_std;
  std::int64_t steps = 0;
  std::vector<Matrix> exact{};  // exact[j]: exact sum of the stored (left) node at level j, or zero
  std::vector<Matrix> noisy{};  // noisy[j]: its private estimate
  Matrix leaf{};                // x_t after optional clipping
  Matrix running_exact{};       // exact sum of the node being completed on the right spine
  Matrix own{};                 // a completing node's own noisy sum
  Matrix estimate{};            // a completing node's estimate (variance-reduced path)
  Matrix noise{};               // one node's noise
  Matrix release{};

  double sample() {
    if (budget.kind == NoiseKind::kGaussian) return noise_parameter * rng.normal();
    // Laplace(b) as the difference of two Exp(1) variables, scaled by b.
    return noise_parameter * (-std::log1p(-rng.uniform()) + std::log1p(-rng.uniform()));
  }

  void draw_noise() {
    if (symmetric) {
      for (Index c = 0; c < cols; ++c)
        for (Index r = 0; r <= c; ++r) {
          const double value = sample();
          noise(r, c) = value;
          noise(c, r) = value;
        }
    } else {
      for (Index c = 0; c < cols; ++c)
        for (Index r = 0; r < rows; ++r) noise(r, c) = sample();
    }
  }

  // Honaker 2015: node variance at level j after combining with its children, v_j = sigma^2 / (2 - 2^-j),
  // and the weights of the combination v_j = 1/(1/sigma^2 + 1/(2 v_{j-1})).
  static double variance_factor(int level) { return 1.0 / (2.0 - std::ldexp(1.0, -level)); }
};

int TreeMechanism::depth_for(std::int64_t horizon) {
  if (horizon < 1) throw ConfigError(fmt::format("tree mechanism: horizon = {} must be >= 1", horizon));
  // ceil(log2 N) + 1 = bit width of (N - 1) + 1.
  return static_cast<int>(std::bit_width(static_cast<std::uint64_t>(horizon - 1))) + 1;
}

TreeMechanism::TreeMechanism(Index rows, Index cols, std::int64_t horizon, double sensitivity,
                             PrivacyBudget budget, RngStream rng, bool symmetric_matrix, TreeOptions options) {
  if (rows < 1 || cols < 1)
    throw ConfigError(fmt::format("tree mechanism: shape {} x {} must have at least one row and column", rows,
                                  cols));
  if (symmetric_matrix && rows != cols)
    throw ConfigError(fmt::format("tree mechanism: a symmetric matrix must be square, got {} x {}", rows, cols));
  const int depth = depth_for(horizon);
  validate_budget(budget);
  if (!(std::isfinite(sensitivity) && sensitivity > 0.0))
    throw ConfigError(fmt::format("tree mechanism: sensitivity = {} must be finite and > 0", sensitivity));
  const double parameter = tree_node_noise_parameter(sensitivity, depth, budget, options.calibration);
  impl_ = std::make_unique<Impl>(Impl{.rows = rows,
                                      .cols = cols,
                                      .horizon = horizon,
                                      .sensitivity = sensitivity,
                                      .budget = budget,
                                      .rng = rng,
                                      .symmetric = symmetric_matrix,
                                      .options = options,
                                      .depth = depth,
                                      .noise_parameter = parameter,
                                      .node_std = budget.kind == NoiseKind::kLaplace ? std::sqrt(2.0) * parameter
                                                                                    : parameter});
  auto& s = *impl_;
  s.exact.assign(static_cast<std::size_t>(depth), Matrix::Zero(rows, cols));
  s.noisy.assign(static_cast<std::size_t>(depth), Matrix::Zero(rows, cols));
  s.leaf.setZero(rows, cols);
  s.running_exact.setZero(rows, cols);
  s.own.setZero(rows, cols);
  s.estimate.setZero(rows, cols);
  s.noise.setZero(rows, cols);
  s.release.setZero(rows, cols);
}

TreeMechanism::~TreeMechanism() = default;
TreeMechanism::TreeMechanism(TreeMechanism&&) noexcept = default;
TreeMechanism& TreeMechanism::operator=(TreeMechanism&&) noexcept = default;

const Matrix& TreeMechanism::add(const Matrix& x) {
  auto& s = *impl_;
  if (x.rows() != s.rows || x.cols() != s.cols)
    throw ConfigError(fmt::format("tree mechanism: added a {} x {} value to a {} x {} stream", x.rows(), x.cols(),
                                  s.rows, s.cols));
  if (!x.allFinite()) throw ConfigError("tree mechanism: the added value has NaN or infinite entries");
  if (s.steps >= s.horizon)
    throw ConfigError(fmt::format("tree mechanism: horizon {} reached; create the mechanism with a larger "
                                  "horizon",
                                  s.horizon));
  if (s.symmetric) {
    const double asymmetry = (x - x.transpose()).cwiseAbs().maxCoeff();
    if (asymmetry > 1e-12 * std::max(1.0, x.cwiseAbs().maxCoeff()))
      throw ConfigError(fmt::format("tree mechanism: symmetric stream got a matrix with asymmetry {}", asymmetry));
    // Use the upper triangle only, mirrored, so every release is exactly symmetric.
    s.leaf = x.triangularView<Eigen::Upper>();
    s.leaf.triangularView<Eigen::StrictlyLower>() = s.leaf.transpose();
  } else {
    s.leaf = x;
  }
  if (s.options.clip_to_sensitivity) {
    const double norm = s.budget.kind == NoiseKind::kGaussian ? s.leaf.norm() : s.leaf.cwiseAbs().sum();
    if (norm > s.sensitivity) s.leaf *= s.sensitivity / norm;
  }

  const std::int64_t t = ++s.steps;
  const int level = std::countr_zero(static_cast<std::uint64_t>(t));  // the node completing at t
  // Exact sum of the level-j node ending at t = x_t + the stored left siblings at levels 0..j-1.
  s.running_exact = s.leaf;
  if (!s.options.variance_reduced) {
    for (int j = 0; j < level; ++j) s.running_exact += s.exact[static_cast<std::size_t>(j)];
    s.draw_noise();
    s.noisy[static_cast<std::size_t>(level)] = s.running_exact + s.noise;
  } else {
    const double sigma2 = s.node_std * s.node_std;
    s.draw_noise();
    s.estimate = s.running_exact + s.noise;  // the leaf's own noisy value, variance sigma^2
    for (int j = 1; j <= level; ++j) {
      s.running_exact += s.exact[static_cast<std::size_t>(j - 1)];
      s.draw_noise();
      s.own = s.running_exact + s.noise;
      const double v = sigma2 * Impl::variance_factor(j);
      const double v_children = 2.0 * sigma2 * Impl::variance_factor(j - 1);
      const double weight_own = v / sigma2;
      const double weight_children = v / v_children;  // weight_own + weight_children = 1
      s.estimate = weight_own * s.own + weight_children * (s.noisy[static_cast<std::size_t>(j - 1)] + s.estimate);
    }
    s.noisy[static_cast<std::size_t>(level)] = s.estimate;
  }
  s.exact[static_cast<std::size_t>(level)] = s.running_exact;
  for (int j = 0; j < level; ++j) {
    s.exact[static_cast<std::size_t>(j)].setZero();
    s.noisy[static_cast<std::size_t>(j)].setZero();
  }
  s.release.setZero();
  for (int j = 0; j < s.depth; ++j)
    if ((static_cast<std::uint64_t>(t) >> j) & 1U) s.release += s.noisy[static_cast<std::size_t>(j)];
  return s.release;
}

std::int64_t TreeMechanism::steps() const { return impl_->steps; }
std::int64_t TreeMechanism::horizon() const { return impl_->horizon; }
int TreeMechanism::depth() const { return impl_->depth; }
double TreeMechanism::node_noise_std() const { return impl_->node_std; }

double TreeMechanism::prefix_noise_variance(std::int64_t t) const {
  const auto& s = *impl_;
  if (t < 1 || t > s.horizon)
    throw ConfigError(fmt::format("tree mechanism: time {} outside 1..{}", t, s.horizon));
  const double node_variance = s.node_std * s.node_std;
  double variance = 0.0;
  for (int j = 0; j < s.depth; ++j)
    if ((static_cast<std::uint64_t>(t) >> j) & 1U)
      variance += node_variance * (s.options.variance_reduced ? Impl::variance_factor(j) : 1.0);
  return variance;
}

double TreeMechanism::max_prefix_noise_std() const {
  // The variance grows with the set bits; the worst t <= N is found among N and the all-ones numbers below it.
  double worst = prefix_noise_variance(impl_->horizon);
  for (int bits = 1; bits < impl_->depth; ++bits) {
    const std::int64_t ones = (std::int64_t{1} << bits) - 1;
    if (ones <= impl_->horizon) worst = std::max(worst, prefix_noise_variance(ones));
  }
  return std::sqrt(worst);
}

std::vector<TreeNode> TreeMechanism::nodes_containing_leaf(std::int64_t leaf, std::int64_t horizon) {
  const int depth = depth_for(horizon);
  if (leaf < 1 || leaf > horizon)
    throw ConfigError(fmt::format("tree mechanism: leaf {} outside 1..{}", leaf, horizon));
  std::vector<TreeNode> nodes;
  for (int level = 0; level < depth; ++level)
    nodes.push_back({level, ((leaf - 1) >> level) + 1});
  return nodes;
}

std::vector<TreeNode> TreeMechanism::prefix_nodes(std::int64_t t) {
  if (t < 0) throw ConfigError(fmt::format("tree mechanism: time {} must be >= 0", t));
  std::vector<TreeNode> nodes;
  std::int64_t covered = 0;
  for (int level = 62; level >= 0; --level) {
    if ((static_cast<std::uint64_t>(t) >> level) & 1U) {
      const std::int64_t size = std::int64_t{1} << level;
      nodes.push_back({level, covered / size + 1});
      covered += size;
    }
  }
  return nodes;
}

}  // namespace ellopt::privacy
