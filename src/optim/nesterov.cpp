#include "ellopt/optim/nesterov.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/state_io.hpp"

namespace ellopt::optim {

NagTheoryConstants nag_theory_constants(const Objective& f, const Vector& x0, const NagOptions& options) {
  const auto ell = f.smoothness();
  if (!ell)
    throw ConfigError(fmt::format("the NAG step rule (Li et al. 2023a, Thm 4.4) needs the smoothness model l of "
                                  "problem '{}', which it does not declare; use method.step=constant with method.lr",
                                  f.name()));
  if (!ell->sub_quadratic())
    throw ConfigError(fmt::format("the NAG step rule (Thm 4.4) needs a sub-quadratic l and problem '{}' has l(u) = "
                                  "{}; use method.step=constant with method.lr",
                                  f.name(), ell->description()));
  const auto f_star = options.f_star ? options.f_star : f.optimal_value();
  if (!f_star)
    throw ConfigError(fmt::format("the NAG step rule (Thm 4.4) needs f* for problem '{}'; give it with method.f_star",
                                  f.name()));
  NagTheoryConstants c;
  if (options.distance) {
    c.distance = *options.distance;
  } else if (const auto x_star = f.minimizer()) {
    c.distance = (x0 - *x_star).norm();
  } else {
    throw ConfigError(fmt::format("the NAG step rule (Thm 4.4) needs |x0 - x*| for problem '{}', which has no known "
                                  "minimizer; give an upper bound with method.distance",
                                  f.name()));
  }
  c.initial_gap = f.value(x0) - *f_star;
  if (!(c.initial_gap >= 0))
    throw ConfigError(fmt::format("the NAG step rule (Thm 4.4): f(x0) - f* = {} is negative; method.f_star must be a "
                                  "lower bound on f",
                                  c.initial_gap));
  Vector g(f.dim());
  f.gradient(x0, g);
  const double fixed_point = problems::compute_G(*ell, 32.0 * (c.initial_gap + c.distance * c.distance));
  c.G = std::max(fixed_point, g.norm());
  c.L = problems::effective_L(*ell, c.G);
  switch (options.step) {
    case NagStepKind::kTheorem44: c.eta = options.scale * std::min(1.0 / (16.0 * c.L * c.L), 1.0 / (2.0 * c.L)); break;
    case NagStepKind::kSubLinear: {
      // Appendix C: for sub-linear l (rho <= 1) the requirement relaxes to eta = O(1/L); the constant 1/2 is [R]
      // (the same 1/(2L) as Thm 4.2).
      if (!ell->rho() || *ell->rho() > 1.0)
        throw ConfigError(fmt::format("method.step=sublinear (Thm 4.4 refinement) needs a sub-linear polynomial l "
                                      "(rho <= 1); problem '{}' has l(u) = {}; use step=thm4.4",
                                      f.name(), ell->description()));
      c.eta = options.scale / (2.0 * c.L);
      break;
    }
    case NagStepKind::kConstant: c.eta = options.lr; break;
  }
  return c;
}

NesterovMethod::NesterovMethod(NagOptions options) : options_(options) {
  if (options.step == NagStepKind::kConstant && (!(options.lr > 0) || !std::isfinite(options.lr)))
    throw ConfigError(fmt::format("method 'nag': method.lr = {} must be positive and finite", options.lr));
  if (!(options.scale > 0) || !std::isfinite(options.scale))
    throw ConfigError(fmt::format("method 'nag': method.scale = {} must be positive and finite", options.scale));
  if (options.distance && (!(*options.distance >= 0) || !std::isfinite(*options.distance)))
    throw ConfigError(fmt::format("method 'nag': method.distance = {} must be >= 0 and finite", *options.distance));
}

void NesterovMethod::reset(const Objective& f, const Vector& x0, RngStream&) {
  if (options_.step == NagStepKind::kConstant) {
    constants_ = NagTheoryConstants{};
    eta_ = options_.lr;
  } else {
    constants_ = nag_theory_constants(f, x0, options_);
    eta_ = constants_.eta;
  }
  B_ = 0.0;
  A_ = options_.classical ? 0.0 : 1.0 / eta_;  // Algorithm 1: A_0 = 1/eta (modified); classical A_0 = B_0 = 0
  z_ = x0;                                    // z_0 = x_0
  y_ = x0;
  gradient_.resize(f.dim());
  t_ = 0;
}

StepReport NesterovMethod::step(const Objective& f, Vector& x, RngStream&) {
  const double B_next = B_ + 0.5 * (1.0 + std::sqrt(4.0 * B_ + 1.0));
  const double A_next = options_.classical ? B_next : B_next + 1.0 / eta_;
  const double tau = 1.0 - A_ / A_next;
  y_ = x + tau * (z_ - x);
  StepReport report;
  report.step_size = eta_;
  if (!f.in_domain(y_)) {
    x = y_;  // the runner reports left_domain at this step; no gradient is evaluated outside the domain
    return report;
  }
  f.gradient(y_, gradient_);
  report.gradient_evaluations = 1;
  x = y_ - eta_ * gradient_;
  z_.noalias() -= (eta_ * (A_next - A_)) * gradient_;
  A_ = A_next;
  B_ = B_next;
  ++t_;
  return report;
}

Json NesterovMethod::state() const {
  return {{"method", "nag"}, {"dim", z_.size()}, {"classical", options_.classical}, {"eta", eta_}, {"A", A_},
          {"B", B_},         {"t", t_},          {"z", vector_to_json(z_)}};
}

void NesterovMethod::load_state(const Json& state) {
  const std::string where = "resuming method 'nag'";
  const auto method = require_state_key(state, "method", where).get<std::string>();
  if (method != "nag")
    throw ConfigError(fmt::format("{}: the checkpoint was written by method '{}'; resume with --method {}", where,
                                  method, method));
  const auto dim = require_state_key(state, "dim", where).get<Index>();
  if (dim != z_.size())
    throw ConfigError(fmt::format("{}: the checkpoint has dimension {} but the problem has dimension {}", where, dim,
                                  z_.size()));
  if (require_state_key(state, "classical", where).get<bool>() != options_.classical)
    throw ConfigError(fmt::format("{}: the checkpoint used method.classical = {}; resume with the same variant",
                                  where, !options_.classical));
  const double eta = require_state_key(state, "eta", where).get<double>();
  if (eta != eta_)
    throw ConfigError(fmt::format("{}: the checkpoint's step is {} but this run's is {}; resume with the same step "
                                  "options and start point",
                                  where, eta, eta_));
  A_ = require_state_key(state, "A", where).get<double>();
  B_ = require_state_key(state, "B", where).get<double>();
  t_ = require_state_key(state, "t", where).get<std::int64_t>();
  z_ = vector_from_json(state, "z", dim, where);
}

Json NesterovMethod::describe() const {
  Json rule = {{"eta", eta_}, {"scale", options_.scale}};
  switch (options_.step) {
    case NagStepKind::kConstant: rule["rule"] = "constant"; break;
    case NagStepKind::kTheorem44:
      rule["rule"] = "thm4.4";
      rule["theorem"] = "Li et al. 2023a, Thm 4.4: eta = min(1/(16 L^2), 1/(2L)), L = l(2G)";
      break;
    case NagStepKind::kSubLinear:
      rule["rule"] = "sublinear";
      rule["theorem"] = "Li et al. 2023a, Thm 4.4 refinement for sub-linear l: eta = 1/(2L) [R constant]";
      break;
  }
  if (options_.step != NagStepKind::kConstant) {
    rule["G"] = constants_.G;
    rule["L"] = constants_.L;
    rule["initial_gap"] = constants_.initial_gap;
    rule["distance"] = constants_.distance;
  }
  return {{"method", "nag"},
          {"variant", options_.classical ? "classical (A_{t+1} = B_{t+1})" : "modified (A_{t+1} = B_{t+1} + 1/eta)"},
          {"step_rule", rule}};
}

}  // namespace ellopt::optim
