#include "ellopt/bandit/local_learner.hpp"

#include <algorithm>

#include "ellopt/bandit/stream_ids.hpp"

namespace ellopt::bandit {

LearnerOptions LearnerOptions::from(const BanditConfig& config, const EpochSchedule& schedule) {
  LearnerOptions options;
  options.estimator = config.estimator;
  options.message = config.message;
  options.exploration = config.exploration;
  options.ridge = config.ridge;
  options.privacy = config.privacy;
  options.epoch_length = schedule.epoch_length();
  options.epochs = schedule.epochs();
  return options;
}

LocalLearner::LocalLearner(const LearnerOptions& options, const LinearBandit& environment, std::uint64_t seed,
                           std::int64_t agent)
    : options_(options),
      environment_(&environment),
      agent_(agent),
      rng_(seed, {streams::kAgent, static_cast<std::uint64_t>(agent), streams::kAgentEnvironment}),
      exploration_(options.exploration, environment.actions()),
      solver_(environment.dim()) {
  const Index d = environment.dim();
  if (options.privacy.kind != PrivacyKind::kNone)
    private_.emplace(
        d, options.epochs, options.privacy,
        RngStream(seed, {streams::kAgent, static_cast<std::uint64_t>(agent), streams::kAgentPrivacy}));
  epoch_gram_.setZero(d, d);
  epoch_moment_.setZero(d);
  total_gram_.setZero(d, d);
  total_moment_.setZero(d);
  system_.setZero(d, d);
  right_side_.setZero(d);
  action_.setZero(d);
  outcome_.message.setZero(d);
  outcome_.estimate.setZero(d);
}

const EpochOutcome& LocalLearner::run_epoch(const Vector& broadcast, const Epoch& epoch) {
  exploration_.begin_epoch(broadcast, epoch, options_.epoch_length);
  epoch_gram_.setZero();
  epoch_moment_.setZero();
  const Index d = environment_->dim();
  const bool clip = private_.has_value();
  const double bound = options_.privacy.reward_bound;
  double regret = 0.0;
  for (std::int64_t step = 0; step < epoch.length; ++step) {
    exploration_.choose(step, rng_, action_);
    double reward = environment_->reward(action_, rng_);
    regret += environment_->gap(action_);
    // Private statistics need a bounded reward (sensitivity 1 + B^2, spec §1.8).
    if (clip) reward = std::clamp(reward, -bound, bound);
    // Lower triangle of V += a a^T: one pass over d(d+1)/2 entries, column by column (contiguous), which for
    // the small d of a bandit beats Eigen's general rank-update kernel.
    const double* a = action_.data();
    double* gram = epoch_gram_.data();
    for (Index j = 0; j < d; ++j) {
      const double aj = a[j];
      double* column = gram + j * d;
      for (Index i = j; i < d; ++i) column[i] += a[i] * aj;
    }
    epoch_moment_.noalias() += reward * action_;
  }
  epoch_gram_.triangularView<Eigen::StrictlyUpper>() = epoch_gram_.transpose();
  epoch_steps_ = epoch.length;
  steps_ += epoch.length;
  cumulative_regret_ += regret;
  outcome_.regret = regret;
  outcome_.steps = epoch.length;
  finish_epoch(broadcast);
  return outcome_;
}

void LocalLearner::finish_epoch(const Vector& broadcast) {
  total_gram_ += epoch_gram_;
  total_moment_ += epoch_moment_;
  total_steps_ += epoch_steps_;
  const bool cumulative = options_.estimator == EstimatorKind::kCumulative;
  if (private_) {
    private_->release(epoch_gram_, epoch_moment_, options_.estimator, system_, right_side_);
  } else {
    system_ = cumulative ? total_gram_ : epoch_gram_;
    right_side_ = cumulative ? total_moment_ : epoch_moment_;
  }
  system_.diagonal().array() += options_.ridge;
  solver_.compute(system_);
  outcome_.estimate = solver_.solve(right_side_);
  // A private Gram matrix can be indefinite despite the shift (probability ~ beta); the estimate is then
  // unreliable but must stay finite so the message is well formed.
  if (!outcome_.estimate.allFinite()) outcome_.estimate.setZero();
  if (options_.message == MessageKind::kEstimate) {
    outcome_.message = outcome_.estimate;
  } else {
    const double n = static_cast<double>(std::max<std::int64_t>(1, cumulative ? total_steps_ : epoch_steps_));
    outcome_.message.noalias() = system_ * broadcast;
    outcome_.message -= right_side_;
    outcome_.message /= n;
  }
}

}  // namespace ellopt::bandit
