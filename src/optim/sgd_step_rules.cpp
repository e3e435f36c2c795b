#include "ellopt/optim/sgd_step_rules.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/direction_transforms.hpp"
#include "ellopt/problems/noisy_objective.hpp"

namespace ellopt::optim {

namespace {
Schedule constant_schedule(double lr) {
  Schedule s;  // Schedule::validate, run by the constructor below, rejects a non-positive or non-finite lr
  s.lr = lr;
  return s;
}
}  // namespace

ClippedStep::ClippedStep(double lr, double clip) : ClippedStep(constant_schedule(lr), clip) {}

ClippedStep::ClippedStep(Schedule schedule, double clip) : schedule_(schedule), clip_(clip) {
  schedule_.validate();
  if (!(clip > 0) || !std::isfinite(clip))
    throw ConfigError(
        fmt::format("method.clip = {} must be positive and finite (gamma of min(eta, gamma/|g|))", clip));
}

double ClippedStep::step_size(std::int64_t step, const Vector& direction) const {
  const double norm = robust_norm(direction);
  if (!std::isfinite(norm)) return std::numeric_limits<double>::quiet_NaN();
  const double lr = schedule_(step);
  if (norm * lr <= clip_) return lr;
  return clip_ / norm;
}

Json ClippedStep::describe() const {
  Json out = {{"rule", name()}, {"eta", schedule_.lr}, {"gamma", clip_}};
  if (schedule_.kind != Schedule::Kind::kConstant || schedule_.warmup_steps > 0)
    out["schedule"] = schedule_.describe();
  return out;
}

SgdTheoryStep::SgdTheoryStep(SgdTheoryOptions options) : options_(options) {
  if (options.horizon < 1)
    throw ConfigError(
        fmt::format("step rule thm5.3 needs the horizon T >= 1 (method.horizon, the number of steps "
                    "of the run); got {}",
                    options.horizon));
  if (!(options.delta > 0 && options.delta < 1))
    throw ConfigError(fmt::format("method.delta = {} must lie in (0, 1)", options.delta));
  if (options.sigma && (!(*options.sigma >= 0) || !std::isfinite(*options.sigma)))
    throw ConfigError(fmt::format("method.sigma = {} must be >= 0 and finite", *options.sigma));
  if (!(options.c > 0) || !std::isfinite(options.c))
    throw ConfigError(fmt::format("method.c = {} must be positive and finite", options.c));
  if (!(options.scale > 0) || !std::isfinite(options.scale))
    throw ConfigError(fmt::format("method.scale = {} must be positive and finite", options.scale));
}

void SgdTheoryStep::reset(const Objective& f, const Vector& x0) {
  const auto ell = f.smoothness();
  if (!ell)
    throw ConfigError(
        fmt::format("step rule thm5.3 needs the smoothness model l of problem '{}', which it does not "
                    "declare; use method.step=constant with method.lr",
                    f.name()));
  const auto f_star = options_.f_star ? options_.f_star : f.optimal_value();
  if (!f_star)
    throw ConfigError(
        fmt::format("step rule thm5.3 needs f* for problem '{}'; give it with method.f_star", f.name()));
  if (options_.sigma) {
    sigma_ = *options_.sigma;
  } else if (const auto* noisy = dynamic_cast<const problems::NoisyObjective*>(&f)) {
    sigma_ = noisy->total_noise_std();  // Assumption A4: E|eps|^2 <= sigma^2
  } else if (!f.is_stochastic()) {
    sigma_ = 0.0;
  } else {
    throw ConfigError(
        fmt::format("step rule thm5.3 needs the noise level sigma of problem '{}'; give it with "
                    "method.sigma",
                    f.name()));
  }
  const double gap = f.value(x0) - *f_star;
  if (!(gap >= 0))
    throw ConfigError(fmt::format(
        "step rule thm5.3: f(x0) - f* = {} is negative; method.f_star must be a lower bound", gap));
  F_ = 8.0 * (gap + sigma_) / options_.delta;  // Thm 5.3: F = 8(f(x0) - f* + sigma)/delta
  G_ = problems::compute_G(*ell, F_);          // Corollary 3.6
  L_ = problems::effective_L(*ell, G_);        // Lemma 3.3: L = l(2G)
  const double T = static_cast<double>(options_.horizon);
  eta_ = options_.scale * std::min(1.0 / (2.0 * L_), options_.c / (G_ * std::sqrt(T)));
}

Json SgdTheoryStep::describe() const {
  return {{"rule", name()},
          {"theorem",
           "Li et al. 2023a, Thm 5.3: eta = min(1/(2L), c/(G sqrt(T))), F = 8(f(x0) - f* + sigma)/delta"},
          {"F", F_},
          {"G", G_},
          {"L", L_},
          {"sigma", sigma_},
          {"delta", options_.delta},
          {"horizon", options_.horizon},
          {"c", options_.c},
          {"eta", eta_},
          {"scale", options_.scale}};
}

}  // namespace ellopt::optim
