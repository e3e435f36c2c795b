#include "ellopt/bandit/private_statistics.hpp"

#include <cmath>

namespace ellopt::bandit {

namespace {

privacy::PrivacyBudget half_budget(const PrivacyOptions& options) {
  privacy::PrivacyBudget budget;
  budget.epsilon = options.epsilon / 2.0;  // basic composition over the two trees
  budget.delta = options.delta / 2.0;
  budget.kind =
      options.kind == PrivacyKind::kLaplace ? privacy::NoiseKind::kLaplace : privacy::NoiseKind::kGaussian;
  return budget;
}

privacy::TreeOptions tree_options(const PrivacyOptions& options) {
  privacy::TreeOptions tree;
  tree.variance_reduced = options.variance_reduced;
  // A leaf is one epoch's sum; its sensitivity is one step's contribution, not the leaf's norm, so no
  // clipping.
  tree.clip_to_sensitivity = false;
  return tree;
}

}  // namespace

double PrivateStatistics::gram_sensitivity(Index dim, privacy::NoiseKind kind) {
  return kind == privacy::NoiseKind::kGaussian ? 1.0 : static_cast<double>(dim);
}

double PrivateStatistics::moment_sensitivity(Index dim, double reward_bound, privacy::NoiseKind kind) {
  return kind == privacy::NoiseKind::kGaussian ? reward_bound
                                               : std::sqrt(static_cast<double>(dim)) * reward_bound;
}

PrivateStatistics::PrivateStatistics(Index dim, std::int64_t epochs, const PrivacyOptions& options,
                                     const RngStream& rng)
    : gram_tree_(dim, dim, epochs, gram_sensitivity(dim, half_budget(options).kind), half_budget(options),
                 rng.child(0), /*symmetric_matrix=*/true, tree_options(options)),
      moment_tree_(dim, 1, epochs, moment_sensitivity(dim, options.reward_bound, half_budget(options).kind),
                   half_budget(options), rng.child(1), /*symmetric_matrix=*/false, tree_options(options)),
      previous_gram_(Matrix::Zero(dim, dim)),
      previous_moment_(Matrix::Zero(dim, 1)),
      moment_as_matrix_(dim, 1) {
  // Spec §1.8: gamma ~ sigma_n sqrt(L_tree) (sqrt(d) + sqrt(2 ln(2/beta))) O(1); the O(1) factor is
  // `shift_scale` (default 2, since a symmetric Gaussian matrix has spectral norm about 2 s sqrt(d)) [R].
  const double depth = static_cast<double>(gram_tree_.depth());
  gamma_ = options.shift_scale * gram_tree_.node_noise_std() * std::sqrt(depth) *
           (std::sqrt(static_cast<double>(dim)) + std::sqrt(2.0 * std::log(2.0 / options.psd_failure)));
}

double PrivateStatistics::gram_node_std() const {
  return gram_tree_.node_noise_std();
}
double PrivateStatistics::moment_node_std() const {
  return moment_tree_.node_noise_std();
}

void PrivateStatistics::release(const Matrix& epoch_gram, const Vector& epoch_moment, EstimatorKind estimator,
                                Matrix& gram, Vector& moment) {
  moment_as_matrix_ = epoch_moment;
  const Matrix& prefix_gram = gram_tree_.add(epoch_gram);
  const Matrix& prefix_moment = moment_tree_.add(moment_as_matrix_);
  if (estimator == EstimatorKind::kCumulative) {
    gram = prefix_gram;
    moment = prefix_moment.col(0);
  } else {
    gram = prefix_gram - previous_gram_;
    moment = (prefix_moment - previous_moment_).col(0);
  }
  previous_gram_ = prefix_gram;
  previous_moment_ = prefix_moment;
  gram.diagonal().array() += gamma_;
}

}  // namespace ellopt::bandit
