// How an honest agent picks its actions inside an epoch, given the server's broadcast estimate (spec §1.5,
// "Exploration" variants). All three write the action into a caller-owned vector: no allocation per step.
//   perturbation:   a = sqrt(1 - h^2) u + h xi, u = theta_hat/||theta_hat||, xi uniform on the unit sphere
//                   orthogonal to u, h^2 = min(1, c_h d sigma / sqrt(L)) (spec §1.6 [R]); unit ball only.
//   forced:         explore-then-commit inside each epoch: the first n_e = min(L, ceil(c L^{2/3})) steps
//                   cycle through the uniform basis design e_1..e_d, the rest play the greedy action (spec
//                   §1.3: T^{5/6} for finite arms [R]).
//   epsilon-greedy: with probability eps = min(1, c L^{-1/3}) a uniformly random action (a random arm, or a
//                   uniform point of the unit sphere), else the greedy action [R]; the same expected number
//                   of exploration steps per epoch as `forced`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ellopt/bandit/environment.hpp"
#include "ellopt/bandit/schedule.hpp"
#include "ellopt/core/rng.hpp"

namespace ellopt::bandit {

enum class ExplorationKind { kPerturbation, kForced, kEpsilonGreedy };
ExplorationKind parse_exploration(const std::string& name);
std::string to_string(ExplorationKind kind);

struct ExplorationOptions {
  ExplorationKind kind = ExplorationKind::kPerturbation;
  double scale = 1.0;  // c_h (perturbation) or c (forced, epsilon-greedy)
  double sigma = 0.5;  // the noise level the agents are told (h^2 uses it)
};

// h^2 = min(1, c_h d sigma / sqrt(L)) (spec §1.6: minimizes h^2/2 + C^2 sigma^2 d^2 / (2 h^2 L)).
double perturbation_size_squared(double scale, Index dim, double sigma, std::int64_t epoch_length);
// n_e = min(L, ceil(c L^{2/3})): forced exploration steps per epoch.
std::int64_t forced_exploration_steps(double scale, std::int64_t epoch_length);
// eps = min(1, c L^{-1/3}).
double exploration_probability(double scale, std::int64_t epoch_length);

class Exploration {
 public:
  Exploration(const ExplorationOptions& options, const ActionSet& actions);

  // Fixes the greedy direction for the epoch from the broadcast estimate.
  void begin_epoch(const Vector& broadcast, const Epoch& epoch, std::int64_t nominal_epoch_length);
  // The action of step `step` (0-based inside the epoch).
  void choose(std::int64_t step, RngStream& rng, Vector& action);
  double perturbation() const { return h_; }

 private:
  ExplorationOptions options_;
  const ActionSet* actions_;
  Vector greedy_;     // the greedy action for the epoch
  Vector direction_;  // u = theta_hat / ||theta_hat||
  Vector scratch_;
  double h_ = 0.0;
  double along_ = 1.0;  // sqrt(1 - h^2)
  std::int64_t explore_steps_ = 0;
  double explore_probability_ = 0.0;
};

}  // namespace ellopt::bandit
