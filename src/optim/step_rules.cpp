#include "ellopt/optim/step_rules.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::optim {
namespace {

const problems::SmoothnessModel& require_smoothness(const Objective& f, std::optional<problems::SmoothnessModel>& m,
                                                    const char* rule) {
  m = f.smoothness();
  if (!m)
    throw ConfigError(fmt::format("step rule {} needs the smoothness model l of problem '{}', which it does not "
                                  "declare; use method.step=constant with method.lr",
                                  rule, f.name()));
  return *m;
}

void require_scale(double scale, const char* rule) {
  if (!(scale > 0) || !std::isfinite(scale))
    throw ConfigError(fmt::format("step rule {}: method.scale = {} must be a positive finite fraction of the "
                                  "theory step",
                                  rule, scale));
}

}  // namespace

ConstantStep::ConstantStep(double lr) : lr_(lr) {
  if (!(lr > 0) || !std::isfinite(lr))
    throw ConfigError(fmt::format("method.lr = {} must be positive and finite", lr));
}

ConvexGdTheoryStep::ConvexGdTheoryStep(double scale) : scale_(scale) { require_scale(scale, "thm4.2"); }

void ConvexGdTheoryStep::reset(const Objective& f, const Vector& x0) {
  std::optional<problems::SmoothnessModel> model;
  const auto& ell = require_smoothness(f, model, "thm4.2");
  Vector g(f.dim());
  f.gradient(x0, g);
  G_ = g.norm();
  L_ = problems::effective_L(ell, G_);  // Lemma 3.3: effective constant l(2G)
  eta_ = scale_ / (2.0 * L_);           // Thm 4.2: eta = 1/(2 l(2G))
}

Json ConvexGdTheoryStep::describe() const {
  return {{"rule", name()}, {"theorem", "Li et al. 2023a, Thm 4.2: eta = 1/(2 l(2G)), G = |grad f(x0)|"},
          {"G", G_},        {"L", L_},
          {"eta", eta_},    {"scale", scale_}};
}

NonconvexGdTheoryStep::NonconvexGdTheoryStep(double scale, std::optional<double> f_star)
    : scale_(scale), f_star_(f_star) {
  require_scale(scale, "thm5.2");
}

void NonconvexGdTheoryStep::reset(const Objective& f, const Vector& x0) {
  std::optional<problems::SmoothnessModel> model;
  const auto& ell = require_smoothness(f, model, "thm5.2");
  const auto f_star = f_star_ ? f_star_ : f.optimal_value();
  if (!f_star)
    throw ConfigError(fmt::format("step rule thm5.2 needs f* (a lower bound on f) for problem '{}'; give it "
                                  "with method.f_star",
                                  f.name()));
  gap_ = f.value(x0) - *f_star;
  if (gap_ < 0)
    throw ConfigError(fmt::format("step rule thm5.2: f(x0) - f* = {} is negative; method.f_star must be a lower "
                                  "bound on f",
                                  gap_));
  G_ = problems::compute_G(ell, gap_);  // Corollary 3.6
  L_ = problems::effective_L(ell, G_);
  eta_ = scale_ / L_;  // Thm 5.2: eta <= 1/l(2G)
}

Json NonconvexGdTheoryStep::describe() const {
  return {{"rule", name()},
          {"theorem", "Li et al. 2023a, Thm 5.2: eta = 1/l(2G), G = sup{u : u^2 <= 2 l(2u)(f(x0) - f*)}"},
          {"G", G_},
          {"L", L_},
          {"eta", eta_},
          {"initial_gap", gap_},
          {"scale", scale_}};
}

}  // namespace ellopt::optim
