// Per-agent differential privacy of the least-squares statistics (spec §1.8, the Shariff & Sheffet 2018
// recipe [K]; how the paper uses it is [?]). Each agent privatises its running sums V = sum a a^T and
// u = sum a r with two tree mechanisms whose leaves are epochs (N = K leaves, the federated schedule of
// §1.8), splits the budget evenly between them (basic composition: (eps/2, delta/2) each), and shifts the
// noisy Gram matrix by gamma I so it stays positive definite with probability about 1 - beta. Everything the
// agent sends is computed from these releases, so the guarantee is per agent with respect to its own
// action/reward stream (post-processing).
#pragma once

#include <cstdint>

#include "ellopt/bandit/config.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/core/types.hpp"
#include "ellopt/privacy/tree_mechanism.hpp"

namespace ellopt::bandit {

class PrivateStatistics {
 public:
  PrivateStatistics(Index dim, std::int64_t epochs, const PrivacyOptions& options, const RngStream& rng);

  // Adds one epoch's exact sums (gram symmetric, full storage) and returns in `gram`/`moment` the private
  // version of either the cumulative sums (cumulative estimator) or this epoch's sums (epoch-fresh: the
  // difference of two consecutive private prefix sums, which is post-processing), with gamma I added.
  void release(const Matrix& epoch_gram, const Vector& epoch_moment, EstimatorKind estimator, Matrix& gram,
               Vector& moment);

  double shift() const { return gamma_; }
  double gram_node_std() const;
  double moment_node_std() const;

  // L2 (Gaussian) or L1 (Laplace) sensitivity of one step's contribution, ||a|| <= 1, |r| <= B:
  // a a^T has Frobenius norm <= 1 and entrywise L1 norm <= d; a r has L2 norm <= B and L1 norm <= sqrt(d) B.
  static double gram_sensitivity(Index dim, privacy::NoiseKind kind);
  static double moment_sensitivity(Index dim, double reward_bound, privacy::NoiseKind kind);

 private:
  privacy::TreeMechanism gram_tree_;
  privacy::TreeMechanism moment_tree_;
  Matrix previous_gram_;
  Matrix previous_moment_;
  Matrix moment_as_matrix_;
  double gamma_ = 0.0;
};

}  // namespace ellopt::bandit
