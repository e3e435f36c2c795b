#include "ellopt/optim/adam.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/state_io.hpp"

namespace ellopt::optim {
namespace {

void require_beta(double value, const char* key) {
  if (!(value >= 0.0 && value < 1.0))
    throw ConfigError(fmt::format("method.{} = {} must lie in [0, 1)", key, value));
}

}  // namespace

AdamBetas from_li_convention(double beta, double beta_sq) {
  // Li et al. 2023 require 0 < beta <= 1 and 0 <= beta_sq <= 1; PyTorch needs beta1, beta2 in [0, 1).
  if (!(beta > 0.0 && beta <= 1.0))
    throw ConfigError(fmt::format("method.beta = {} (Li et al. convention, weight on the new gradient) must lie in "
                                  "(0, 1]",
                                  beta));
  if (!(beta_sq > 0.0 && beta_sq <= 1.0))
    throw ConfigError(fmt::format("method.beta_sq = {} (Li et al. convention) must lie in (0, 1]", beta_sq));
  return {1.0 - beta, 1.0 - beta_sq};
}

LiBetas to_li_convention(const AdamBetas& betas) { return {1.0 - betas.beta1, 1.0 - betas.beta2}; }

ScaleByAdam::ScaleByAdam(ScaleByAdamOptions options, const Vector* second_moment_source)
    : options_(options), second_moment_source_(second_moment_source) {
  require_beta(options_.betas.beta1, "beta1");
  require_beta(options_.betas.beta2, "beta2");
  if (!(options_.eps > 0.0) || !std::isfinite(options_.eps))
    throw ConfigError(fmt::format("method.eps = {} must be positive and finite (it keeps the denominator away from "
                                  "0; the paper's lambda)",
                                  options_.eps));
}

void ScaleByAdam::reset(Index dim) {
  m_.setZero(dim);
  v_.setZero(dim);
  if (options_.amsgrad) v_max_.setZero(dim);
  count_ = 0;
}

void ScaleByAdam::apply(Vector& direction, const Vector&, std::int64_t) {
  ++count_;
  const double b1 = options_.betas.beta1, b2 = options_.betas.beta2;
  // beta^t computed directly from t, as torch.optim.Adam does (no accumulated round-off over long runs).
  const double t = static_cast<double>(count_);
  const double correction1 = options_.bias_correct_first ? 1.0 - std::pow(b1, t) : 1.0;
  const double correction2 = options_.bias_correct_second ? 1.0 - std::pow(b2, t) : 1.0;
  // torch.optim.Adam: denom = sqrt(v)/sqrt(1 - beta2^t) + eps; update = (m/(1 - beta1^t)) / denom.
  const double inv_sqrt_correction2 = 1.0 / std::sqrt(correction2);
  const double inv_correction1 = 1.0 / correction1;
  const Vector& g2 = second_moment_source_ ? *second_moment_source_ : direction;
  const Index n = direction.size();
  double* d = direction.data();
  double* m = m_.data();
  double* v = v_.data();
  const double* s = g2.data();
  // One pass over memory: every element's moments and direction in registers.
  if (options_.amsgrad) {
    double* vm = v_max_.data();
    for (Index i = 0; i < n; ++i) {
      m[i] = b1 * m[i] + (1.0 - b1) * d[i];
      v[i] = b2 * v[i] + (1.0 - b2) * s[i] * s[i];
      vm[i] = std::max(vm[i], v[i]);
      d[i] = (m[i] * inv_correction1) / (std::sqrt(vm[i]) * inv_sqrt_correction2 + options_.eps);
    }
  } else {
    for (Index i = 0; i < n; ++i) {
      m[i] = b1 * m[i] + (1.0 - b1) * d[i];
      v[i] = b2 * v[i] + (1.0 - b2) * s[i] * s[i];
      d[i] = (m[i] * inv_correction1) / (std::sqrt(v[i]) * inv_sqrt_correction2 + options_.eps);
    }
  }
}

Json ScaleByAdam::state() const {
  Json out = {{"count", count_},
              {"m", vector_to_json(m_)},
              {"v", vector_to_json(v_)}};
  if (options_.amsgrad) out["v_max"] = vector_to_json(v_max_);
  return out;
}

void ScaleByAdam::load_state(const Json& state) {
  const std::string where = "resuming transform scale_by_adam";
  const Index dim = m_.size();
  count_ = require_state_key(state, "count", where).get<std::int64_t>();
  m_ = vector_from_json(state, "m", dim, where);
  v_ = vector_from_json(state, "v", dim, where);
  if (options_.amsgrad) v_max_ = vector_from_json(state, "v_max", dim, where);
}

AddDecayedWeights::AddDecayedWeights(double weight_decay) : weight_decay_(weight_decay) {
  if (!(weight_decay >= 0.0) || !std::isfinite(weight_decay))
    throw ConfigError(fmt::format("method.weight_decay = {} must be finite and >= 0", weight_decay));
}

}  // namespace ellopt::optim
