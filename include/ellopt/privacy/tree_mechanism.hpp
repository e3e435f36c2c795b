// Continual release of running sums under differential privacy: the tree (binary counter) mechanism of
// Dwork et al. 2010 / Chan et al. 2011, for vectors and symmetric matrices (seed 7's private statistics).
// Interface fixed here so the bandit layer can build against it; the implementation lives in src/privacy.
//
// Tree: leaf t is the t-th addition; a node at level j (leaves at level 0) holds the exact sum over a dyadic
// interval of 2^j leaves plus independent noise. The release at time t is the sum of the popcount(t) nodes
// given by the binary digits of t. With horizon N the tree has depth L = ceil(log2 N) + 1 levels and every
// leaf lies in exactly L nodes of the full tree, so the node values together have L1 sensitivity L * Delta_1
// and L2 sensitivity sqrt(L) * Delta_2; the noise is calibrated to that (see calibration.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ellopt/core/rng.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::privacy {

enum class NoiseKind { kGaussian, kLaplace };

// How sigma is derived for the Gaussian tree (calibration.hpp):
//   kClassic  sigma = Delta sqrt(2 ln(1.25/delta)) / epsilon (Dwork & Roth 2014, Thm A.1; valid for eps <= 1),
//   kAnalytic the smallest sigma meeting Balle & Wang (2018, Thm 8) exactly (valid for every eps),
//   kAuto     classic for eps <= 1 (the spec's formula, §1.8), analytic above, where classic is not a proof.
enum class GaussianCalibration { kAuto, kClassic, kAnalytic };

struct PrivacyBudget {
  double epsilon = 1.0;  // > 0
  double delta = 1e-5;   // in (0, 1) for Gaussian; ignored for Laplace
  NoiseKind kind = NoiseKind::kGaussian;
};

struct TreeOptions {
  // Honaker (2015) variance reduction, as in TF-Privacy's EfficientTreeAggregator: every node (also the
  // right-spine nodes the plain counter never releases) gets noise, and a node at level j is replaced by the
  // minimum-variance combination of its own noisy sum and its children's estimates, which has variance
  // sigma^2 / (2 - 2^-j). Post-processing: same privacy, lower prefix variance.
  bool variance_reduced = false;
  // Scale each x_t down to norm `sensitivity` (L2 for Gaussian, L1 for Laplace) before adding it. Off by
  // default: `sensitivity` is the largest change one neighbouring input can make to x_t, which is smaller
  // than ||x_t|| when a leaf aggregates many records (e.g. one epoch of a bandit).
  bool clip_to_sensitivity = false;
  GaussianCalibration calibration = GaussianCalibration::kAuto;
};

// One dyadic node: level j covers leaves (index - 1) * 2^j + 1 .. index * 2^j (leaves and index 1-based).
struct TreeNode {
  int level = 0;
  std::int64_t index = 0;
  std::int64_t first_leaf() const { return (index - 1) * (std::int64_t{1} << level) + 1; }
  std::int64_t last_leaf() const { return index * (std::int64_t{1} << level); }
  bool operator==(const TreeNode&) const = default;
};

// Releases S_t = x_1 + ... + x_t (vectors of length d, or symmetric d x d matrices stored densely) with
// noise from O(log N) tree nodes, for up to `horizon` additions. `sensitivity` bounds how much one x_t can
// change between neighbouring inputs (L2 for Gaussian, L1 for Laplace); for symmetric matrices the noise sits
// on the upper triangle (mirrored), whose norm is at most the full matrix's, so the full-matrix bound is valid.
// Throws ConfigError for epsilon <= 0, delta outside (0, 1) (Gaussian), sensitivity <= 0, horizon < 1, empty
// shapes, or a non-square symmetric matrix.
class TreeMechanism {
 public:
  TreeMechanism(Index rows, Index cols, std::int64_t horizon, double sensitivity, PrivacyBudget budget,
                RngStream rng, bool symmetric_matrix = false, TreeOptions options = {});
  ~TreeMechanism();
  TreeMechanism(TreeMechanism&&) noexcept;
  TreeMechanism& operator=(TreeMechanism&&) noexcept;

  // Adds x_t and returns the private release of the running sum. ConfigError for a wrong shape, a
  // non-finite entry, an asymmetric x in symmetric mode, or more than `horizon` additions.
  const Matrix& add(const Matrix& x);
  std::int64_t steps() const;
  std::int64_t horizon() const;
  int depth() const;              // ceil(log2 horizon) + 1
  double node_noise_std() const;  // per-entry noise standard deviation of one tree node (sqrt(2) b for Laplace)
  // Per-entry variance of the noise in the release at time t (1 <= t <= horizon):
  // node_noise_std()^2 * popcount(t), or sum over the set bits j of t of node variance / (2 - 2^-j) when
  // variance_reduced. The same for diagonal and off-diagonal entries of symmetric matrices.
  double prefix_noise_variance(std::int64_t t) const;
  // Largest per-entry standard deviation of any release up to the horizon (for the Gram shift).
  double max_prefix_noise_std() const;

  // The nodes of the full tree (2^(depth-1) leaves) that contain `leaf`: exactly depth() of them, one per level.
  static std::vector<TreeNode> nodes_containing_leaf(std::int64_t leaf, std::int64_t horizon);
  // The disjoint dyadic nodes whose union is leaves 1..t (the binary digits of t), highest level first.
  static std::vector<TreeNode> prefix_nodes(std::int64_t t);
  static int depth_for(std::int64_t horizon);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ellopt::privacy
