#include "ellopt/minimax/update_scheme.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::minimax {

const std::vector<SchemeKind>& all_schemes() {
  static const std::vector<SchemeKind> kinds = {SchemeKind::kSimultaneousGda, SchemeKind::kAlternatingGda,
                                                SchemeKind::kExtragradient, SchemeKind::kOptimisticGda,
                                                SchemeKind::kPastExtragradient};
  return kinds;
}

std::string to_string(SchemeKind kind) {
  switch (kind) {
    case SchemeKind::kSimultaneousGda: return "gda";
    case SchemeKind::kAlternatingGda: return "alt-gda";
    case SchemeKind::kExtragradient: return "eg";
    case SchemeKind::kOptimisticGda: return "ogda";
    case SchemeKind::kPastExtragradient: return "past-eg";
  }
  return "?";
}

SchemeKind scheme_from_string(const std::string& name) {
  for (const SchemeKind kind : all_schemes())
    if (to_string(kind) == name) return kind;
  throw UnknownNameError(
      fmt::format("unknown minimax method '{}'; valid minimax methods are: gda, alt-gda, eg, ogda, past-eg", name));
}

namespace {
void check_step(const char* name, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw ConfigError(fmt::format("method: {} = {} must be finite and > 0", name, value));
}
}  // namespace

TwoTimescaleSteps TwoTimescaleSteps::from_ratio(double eta_y, double ratio) {
  check_step("eta_y", eta_y);
  check_step("ratio", ratio);
  return from_steps(eta_y / ratio, eta_y);
}

TwoTimescaleSteps TwoTimescaleSteps::from_steps(double eta_x, double eta_y) {
  check_step("eta_x", eta_x);
  check_step("eta_y", eta_y);
  return TwoTimescaleSteps{eta_x, eta_y};
}

UpdateScheme::UpdateScheme(SchemeKind kind, TwoTimescaleSteps steps, const problems::ConstraintSet* projection,
                           bool same_sample)
    : kind_(kind), steps_(TwoTimescaleSteps::from_steps(steps.eta_x, steps.eta_y)), same_sample_(same_sample) {
  if (projection) projection_ = *projection;
}

int UpdateScheme::queries_per_step() const {
  return kind_ == SchemeKind::kExtragradient || kind_ == SchemeKind::kAlternatingGda ? 2 : 1;
}

SchemeState UpdateScheme::init(const Vector& x0, const Vector& y0) const {
  SchemeState state;
  state.x = x0;
  state.y = y0;
  if (projection_) {
    projection_->check_dim(y0.size(), fmt::format("method '{}'", to_string(kind_)));
    projection_->project(state.y, state.projection_scratch);
  }
  state.gx = Vector::Zero(x0.size());
  state.gy = Vector::Zero(y0.size());
  state.gx_prev = Vector::Zero(x0.size());
  state.gy_prev = Vector::Zero(y0.size());
  state.x_half = x0;
  state.y_half = state.y;
  state.projection_scratch.reserve(static_cast<std::size_t>(y0.size()));
  return state;
}

void UpdateScheme::project(Vector& y, SchemeState& state) const {
  if (projection_) projection_->project(y, state.projection_scratch);
}

void UpdateScheme::step(MinimaxOracle& oracle, SchemeState& s) const {
  const double eta_x = steps_.eta_x;
  const double eta_y = steps_.eta_y;
  switch (kind_) {
    case SchemeKind::kSimultaneousGda:
      oracle.draw_batch();
      oracle.gradient(s.x, s.y, s.gx, s.gy);
      s.x.noalias() -= eta_x * s.gx;
      s.y.noalias() += eta_y * s.gy;
      project(s.y, s);
      break;
    case SchemeKind::kAlternatingGda:
      // x moves first; y then responds to the new x (Li et al. 2022 analyse this order).
      oracle.draw_batch();
      oracle.grad_x(s.x, s.y, s.gx);
      s.x.noalias() -= eta_x * s.gx;
      if (!same_sample_) oracle.draw_batch();
      oracle.grad_y(s.x, s.y, s.gy);
      s.y.noalias() += eta_y * s.gy;
      project(s.y, s);
      break;
    case SchemeKind::kExtragradient:
      oracle.draw_batch();
      oracle.gradient(s.x, s.y, s.gx, s.gy);
      s.x_half = s.x - eta_x * s.gx;
      s.y_half = s.y + eta_y * s.gy;
      project(s.y_half, s);
      if (!same_sample_) oracle.draw_batch();  // fresh samples for the second call (spec §1.2)
      oracle.gradient(s.x_half, s.y_half, s.gx, s.gy);
      s.x.noalias() -= eta_x * s.gx;
      s.y.noalias() += eta_y * s.gy;
      project(s.y, s);
      break;
    case SchemeKind::kOptimisticGda:
      oracle.draw_batch();
      oracle.gradient(s.x, s.y, s.gx, s.gy);
      if (!s.has_previous) {  // z_{-1} := z_0
        s.gx_prev = s.gx;
        s.gy_prev = s.gy;
        s.has_previous = true;
      }
      // The stored previous gradient is the previous *stochastic* gradient (spec §1.2).
      s.x.noalias() -= eta_x * (2.0 * s.gx - s.gx_prev);
      s.y.noalias() += eta_y * (2.0 * s.gy - s.gy_prev);
      project(s.y, s);
      s.gx_prev = s.gx;
      s.gy_prev = s.gy;
      break;
    case SchemeKind::kPastExtragradient:
      if (!s.has_previous) {  // z_{-1/2} := z_0: one extra call on the first step only
        oracle.draw_batch();
        oracle.gradient(s.x, s.y, s.gx_prev, s.gy_prev);
        s.has_previous = true;
      }
      s.x_half = s.x - eta_x * s.gx_prev;
      s.y_half = s.y + eta_y * s.gy_prev;
      project(s.y_half, s);
      oracle.draw_batch();
      oracle.gradient(s.x_half, s.y_half, s.gx, s.gy);
      s.x.noalias() -= eta_x * s.gx;
      s.y.noalias() += eta_y * s.gy;
      project(s.y, s);
      s.gx_prev = s.gx;
      s.gy_prev = s.gy;
      break;
  }
  ++s.step;
}

}  // namespace ellopt::minimax
