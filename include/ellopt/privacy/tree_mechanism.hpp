// Continual release of running sums under differential privacy: the tree (binary counter) mechanism of
// Dwork et al. 2010 / Chan et al. 2011, for vectors and symmetric matrices (seed 7's private statistics).
// Interface fixed here so the bandit layer can build against it; the implementation lives in src/privacy.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ellopt/core/rng.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::privacy {

enum class NoiseKind { kGaussian, kLaplace };

struct PrivacyBudget {
  double epsilon = 1.0;  // > 0
  double delta = 1e-5;   // in (0, 1) for Gaussian; ignored for Laplace
  NoiseKind kind = NoiseKind::kGaussian;
};

// Releases S_t = x_1 + ... + x_t (vectors of length d, or symmetric d x d matrices stored densely) with
// noise from O(log N) tree nodes, for up to `horizon` additions. `sensitivity` bounds the norm of one x_t
// (L2 for Gaussian, L1 for Laplace).
class TreeMechanism {
 public:
  TreeMechanism(Index rows, Index cols, std::int64_t horizon, double sensitivity, PrivacyBudget budget,
                RngStream rng, bool symmetric_matrix = false);
  ~TreeMechanism();
  TreeMechanism(TreeMechanism&&) noexcept;
  TreeMechanism& operator=(TreeMechanism&&) noexcept;

  // Adds x_t and returns the private release of the running sum.
  const Matrix& add(const Matrix& x);
  std::int64_t steps() const;
  int depth() const;              // ceil(log2 horizon) + 1
  double node_noise_std() const;  // per-entry noise scale of one tree node

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ellopt::privacy
