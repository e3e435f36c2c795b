#include "ellopt/bandit/exploration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::bandit {

ExplorationKind parse_exploration(const std::string& name) {
  if (name == "perturbation") return ExplorationKind::kPerturbation;
  if (name == "forced") return ExplorationKind::kForced;
  if (name == "epsilon-greedy") return ExplorationKind::kEpsilonGreedy;
  throw ConfigError(
      fmt::format("unknown exploration '{}'; use perturbation, forced or epsilon-greedy", name));
}

std::string to_string(ExplorationKind kind) {
  switch (kind) {
    case ExplorationKind::kPerturbation:
      return "perturbation";
    case ExplorationKind::kForced:
      return "forced";
    case ExplorationKind::kEpsilonGreedy:
      return "epsilon-greedy";
  }
  return "?";
}

double perturbation_size_squared(double scale, Index dim, double sigma, std::int64_t epoch_length) {
  const double value =
      scale * static_cast<double>(dim) * sigma / std::sqrt(static_cast<double>(epoch_length));
  return std::clamp(value, 0.0, 1.0);
}

std::int64_t forced_exploration_steps(double scale, std::int64_t epoch_length) {
  const double steps = std::ceil(scale * std::pow(static_cast<double>(epoch_length), 2.0 / 3.0));
  return std::clamp<std::int64_t>(static_cast<std::int64_t>(steps), 0, epoch_length);
}

double exploration_probability(double scale, std::int64_t epoch_length) {
  return std::clamp(scale * std::pow(static_cast<double>(epoch_length), -1.0 / 3.0), 0.0, 1.0);
}

Exploration::Exploration(const ExplorationOptions& options, const ActionSet& actions)
    : options_(options), actions_(&actions) {
  const Index d = actions.dim();
  if (options.kind == ExplorationKind::kPerturbation) {
    if (actions.kind() != ActionSetKind::kUnitBall)
      throw ConfigError(
          "exploration 'perturbation' needs the curved unit-ball action set; use exploration = "
          "forced or epsilon-greedy with a finite action set");
    if (d < 2)
      throw ConfigError(
          "exploration 'perturbation' needs dim >= 2 (it perturbs orthogonally to the greedy action)");
  }
  if (!(options.scale >= 0.0) || !std::isfinite(options.scale))
    throw ConfigError(fmt::format("exploration_scale = {} must be a finite number >= 0", options.scale));
  greedy_.setZero(d);
  direction_.setZero(d);
  scratch_.setZero(d);
}

void Exploration::begin_epoch(const Vector& broadcast, const Epoch& /*epoch*/, std::int64_t nominal_length) {
  actions_->best_response(broadcast, greedy_);
  unit_direction(broadcast, direction_);
  // The exploration size is set from the nominal L (not a short last epoch's length), as in spec §1.5.
  switch (options_.kind) {
    case ExplorationKind::kPerturbation: {
      const double h2 =
          perturbation_size_squared(options_.scale, actions_->dim(), options_.sigma, nominal_length);
      h_ = std::sqrt(h2);
      along_ = std::sqrt(1.0 - h2);
      break;
    }
    case ExplorationKind::kForced:
      explore_steps_ = forced_exploration_steps(options_.scale, nominal_length);
      break;
    case ExplorationKind::kEpsilonGreedy:
      explore_probability_ = exploration_probability(options_.scale, nominal_length);
      break;
  }
}

void Exploration::choose(std::int64_t step, RngStream& rng, Vector& action) {
  const Index d = actions_->dim();
  switch (options_.kind) {
    case ExplorationKind::kPerturbation: {
      // xi uniform on the unit sphere of the orthogonal complement of u: project a Gaussian, then normalize.
      double norm = 0.0;
      do {
        rng.fill_normal(scratch_);
        scratch_.noalias() -= scratch_.dot(direction_) * direction_;
        norm = scratch_.norm();
      } while (norm == 0.0);
      action.noalias() = along_ * direction_ + (h_ / norm) * scratch_;
      return;
    }
    case ExplorationKind::kForced: {
      if (step < explore_steps_) {
        action.setZero(d);
        action[static_cast<Index>(step % d)] = 1.0;  // the uniform basis design
      } else {
        action = greedy_;
      }
      return;
    }
    case ExplorationKind::kEpsilonGreedy: {
      if (rng.uniform() < explore_probability_) {
        if (actions_->kind() == ActionSetKind::kFinite) {
          action = actions_->arms().col(
              static_cast<Index>(rng.below(static_cast<std::uint64_t>(actions_->num_arms()))));
        } else {
          double norm = 0.0;
          do {
            rng.fill_normal(action);
            norm = action.norm();
          } while (norm == 0.0);
          action /= norm;
        }
      } else {
        action = greedy_;
      }
      return;
    }
  }
}

}  // namespace ellopt::bandit
