// What one agent does inside an epoch (spec §1.5 [R]): play L actions chosen by the exploration scheme around
// the server's broadcast, record (a, r), and at the end of the epoch form the local ridge least-squares
// estimate theta_i = (V + lambda I)^{-1} u from this epoch's data (epoch-fresh) or from all data so far
// (cumulative), optionally from privatised sums (spec §1.8). The message is either that estimate or the
// least-squares gradient at the broadcast, g = ((V + lambda I) theta_hat - u) / n (the Chen-Su-Xu variant).
// Honest and Byzantine agents both run this code; a Byzantine agent then replaces what it sends.
#pragma once

#include <Eigen/Cholesky>
#include <cstdint>
#include <optional>

#include "ellopt/bandit/config.hpp"
#include "ellopt/bandit/environment.hpp"
#include "ellopt/bandit/exploration.hpp"
#include "ellopt/bandit/private_statistics.hpp"
#include "ellopt/bandit/schedule.hpp"
#include "ellopt/core/rng.hpp"

namespace ellopt::bandit {

struct LearnerOptions {
  EstimatorKind estimator = EstimatorKind::kEpochFresh;
  MessageKind message = MessageKind::kEstimate;
  ExplorationOptions exploration;
  double ridge = 1e-3;
  PrivacyOptions privacy;
  std::int64_t epoch_length = 1;  // nominal L
  std::int64_t epochs = 1;        // K (tree-mechanism horizon)

  static LearnerOptions from(const BanditConfig& config, const EpochSchedule& schedule);
};

struct EpochOutcome {
  Vector message;          // what an honest agent sends
  Vector estimate;         // the local estimate theta_i (also computed in gradient mode, for diagnostics)
  double regret = 0.0;     // this epoch's regret sum_t (max_a <theta*, a> - <theta*, a_t>)
  std::int64_t steps = 0;  // steps played this epoch
};

class LocalLearner {
 public:
  // Streams: rewards and exploration from RngStream(seed, {kAgent, agent, kAgentEnvironment}), privacy noise
  // from RngStream(seed, {kAgent, agent, kAgentPrivacy}): the same numbers wherever the agent runs.
  LocalLearner(const LearnerOptions& options, const LinearBandit& environment, std::uint64_t seed,
               std::int64_t agent);

  const EpochOutcome& run_epoch(const Vector& broadcast, const Epoch& epoch);
  double cumulative_regret() const { return cumulative_regret_; }
  std::int64_t steps() const { return steps_; }
  std::int64_t agent() const { return agent_; }
  const Exploration& exploration() const { return exploration_; }

 private:
  void finish_epoch(const Vector& broadcast);

  LearnerOptions options_;
  const LinearBandit* environment_;
  std::int64_t agent_;
  RngStream rng_;
  Exploration exploration_;
  std::optional<PrivateStatistics> private_;
  Matrix epoch_gram_;    // sum over this epoch of a a^T (lower triangle while the epoch runs)
  Vector epoch_moment_;  // sum over this epoch of a r
  Matrix total_gram_;    // cumulative sums (cumulative estimator)
  Vector total_moment_;
  std::int64_t epoch_steps_ = 0;
  std::int64_t total_steps_ = 0;
  Matrix system_;  // V + lambda I actually solved
  Vector right_side_;
  Eigen::LDLT<Matrix> solver_;
  Vector action_;
  EpochOutcome outcome_;
  double cumulative_regret_ = 0.0;
  std::int64_t steps_ = 0;
};

}  // namespace ellopt::bandit
