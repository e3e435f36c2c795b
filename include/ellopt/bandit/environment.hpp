// The linear bandit shared by every agent (Jadbabaie, Li, Qian, Tian 2022, seed 7; spec
// bandits_adversarial.md §1.3): reward r = <theta*, a> + eta with eta zero-mean sigma-sub-Gaussian, actions
// in the unit ball B^d or in a finite set of K arms with ||a|| <= 1. theta* is drawn once from the run's
// seed, so every process of a distributed run builds the same environment without communicating it.
#pragma once

#include <cstdint>
#include <string>

#include "ellopt/core/rng.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::bandit {

enum class ActionSetKind { kUnitBall, kFinite };
enum class NoiseKind { kGaussian, kUniform, kRademacher };

ActionSetKind parse_action_set(const std::string& name);
NoiseKind parse_noise(const std::string& name);

// The actions an agent may play. The unit ball is curved (spec §1.6: the T^{3/4} rate comes out for this
// set with perturbation exploration); a finite set is a d x K matrix of arms.
class ActionSet {
 public:
  static ActionSet unit_ball(Index dim);
  // The d standard basis vectors followed by K - d arms uniform on the sphere (K >= d), so the set always
  // spans R^d and the "uniform basis" exploration design of spec §1.5 exists.
  static ActionSet finite(Index dim, Index num_arms, RngStream& rng);
  static ActionSet finite(Matrix arms);  // columns are arms, each with norm <= 1

  ActionSetKind kind() const { return kind_; }
  Index dim() const { return dim_; }
  Index num_arms() const { return arms_.cols(); }
  const Matrix& arms() const { return arms_; }

  // max_{a in A} <theta, a>.
  double best_value(const Vector& theta) const;
  // The greedy action argmax_{a in A} <theta, a> written into `action` (no allocation). A zero or non-finite
  // theta gives the first basis direction, so a broken broadcast never produces a non-finite action.
  void best_response(const Vector& theta, Vector& action) const;

 private:
  ActionSetKind kind_ = ActionSetKind::kUnitBall;
  Index dim_ = 0;
  Matrix arms_;
};

// theta / ||theta|| computed without overflow for huge norms (a Byzantine aggregate of norm 1e300 must not
// become inf/inf). Returns false and leaves `out` = e_1 when theta is zero or not finite.
bool unit_direction(const Vector& theta, Vector& out);

struct EnvironmentOptions {
  Index dim = 5;
  double theta_norm = 1.0;  // ||theta*||; spec §1.6 needs it bounded away from 0
  double sigma = 0.5;       // sub-Gaussian noise parameter
  NoiseKind noise = NoiseKind::kGaussian;
  ActionSetKind action_set = ActionSetKind::kUnitBall;
  Index arms = 20;  // finite action set only
};

class LinearBandit {
 public:
  // theta* uniform on the sphere of radius theta_norm and the finite arms, from RngStream(seed, {stream}).
  LinearBandit(const EnvironmentOptions& options, std::uint64_t seed);
  LinearBandit(Vector theta_star, ActionSet actions, double sigma, NoiseKind noise);

  Index dim() const { return theta_star_.size(); }
  const Vector& theta_star() const { return theta_star_; }
  const ActionSet& actions() const { return actions_; }
  double sigma() const { return sigma_; }
  double optimal_value() const { return optimal_value_; }

  // One noisy reward <theta*, a> + eta drawn from the caller's stream (each agent owns its stream).
  double reward(const Vector& action, RngStream& rng) const { return theta_star_.dot(action) + noise(rng); }
  // The instantaneous regret max_a <theta*, a> - <theta*, action> (spec §1.3).
  double gap(const Vector& action) const { return optimal_value_ - theta_star_.dot(action); }
  // Zero-mean noise with sub-Gaussian parameter sigma: N(0, sigma^2), uniform on [-sigma sqrt(3), sigma
  // sqrt(3)] (variance sigma^2, bounded), or +-sigma.
  double noise(RngStream& rng) const;

 private:
  Vector theta_star_;
  ActionSet actions_;
  double sigma_;
  NoiseKind noise_;
  double optimal_value_;
};

}  // namespace ellopt::bandit
