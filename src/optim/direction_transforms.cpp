#include "ellopt/optim/direction_transforms.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/state_io.hpp"

namespace ellopt::optim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double robust_norm(const Vector& direction) {
  const double norm = direction.norm();
  if (std::isfinite(norm)) return norm;
  if (!direction.allFinite()) return kNaN;
  return direction.stableNorm();  // finite entries whose squares overflowed
}

ClipByGlobalNorm::ClipByGlobalNorm(double max_norm) : max_norm_(max_norm) {
  if (!(max_norm > 0) || !std::isfinite(max_norm))
    throw ConfigError(fmt::format("method.clip = {} must be positive and finite (the clipping threshold)", max_norm));
}

void ClipByGlobalNorm::apply(Vector& direction, const Vector&, std::int64_t) {
  const double norm = robust_norm(direction);
  if (!std::isfinite(norm)) {
    direction.setConstant(kNaN);  // never clip a NaN or infinite gradient into a finite step
    return;
  }
  if (norm > max_norm_) direction *= max_norm_ / norm;
}

void ClipByGlobalNorm::load_state(const Json& state) {
  const double saved = require_state_key(state, "max_norm", "resuming transform clip_by_global_norm").get<double>();
  if (saved != max_norm_)
    throw ConfigError(fmt::format("resuming transform clip_by_global_norm: the checkpoint clipped at {}, this run at "
                                  "{}; resume with the same method.clip",
                                  saved, max_norm_));
}

void Normalize::apply(Vector& direction, const Vector&, std::int64_t) {
  const double norm = robust_norm(direction);
  if (!std::isfinite(norm)) {
    direction.setConstant(kNaN);
    return;
  }
  if (norm > 0.0) direction /= norm;
}

HeavyBallMomentum::HeavyBallMomentum(MomentumOptions options) : options_(options) {
  if (!(options.momentum >= 0.0 && options.momentum < 1.0))
    throw ConfigError(fmt::format("method.momentum = {} must lie in [0, 1)", options.momentum));
  if (!(options.dampening >= 0.0 && options.dampening <= 1.0))
    throw ConfigError(fmt::format("method.dampening = {} must lie in [0, 1]", options.dampening));
  if (!(options.weight_decay >= 0.0) || !std::isfinite(options.weight_decay))
    throw ConfigError(fmt::format("method.weight_decay = {} must be >= 0 and finite", options.weight_decay));
  if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0))
    throw ConfigError(fmt::format("method.nesterov = true needs method.momentum > 0 and method.dampening = 0 "
                                  "(got momentum {}, dampening {}), as in torch.optim.SGD",
                                  options.momentum, options.dampening));
}

void HeavyBallMomentum::reset(Index dim) {
  buffer_.setZero(dim);
  started_ = false;
}

void HeavyBallMomentum::apply(Vector& direction, const Vector& x, std::int64_t) {
  if (options_.weight_decay != 0.0) direction.noalias() += options_.weight_decay * x;
  if (options_.momentum == 0.0) return;
  if (!started_) {
    buffer_ = direction;  // torch: the first buffer is the gradient itself, undamped
    started_ = true;
  } else {
    buffer_ = options_.momentum * buffer_ + (1.0 - options_.dampening) * direction;
  }
  if (options_.nesterov)
    direction.noalias() += options_.momentum * buffer_;
  else
    direction = buffer_;
}

Json HeavyBallMomentum::state() const { return {{"started", started_}, {"buffer", vector_to_json(buffer_)}}; }

void HeavyBallMomentum::load_state(const Json& state) {
  const std::string where = "resuming transform heavy_ball_momentum";
  started_ = require_state_key(state, "started", where).get<bool>();
  buffer_ = vector_from_json(state, "buffer", buffer_.size(), where);
}

std::unique_ptr<Transform> clip_by_global_norm(double max_norm) { return std::make_unique<ClipByGlobalNorm>(max_norm); }
std::unique_ptr<Transform> normalize() { return std::make_unique<Normalize>(); }
std::unique_ptr<Transform> heavy_ball_momentum(MomentumOptions options) {
  return std::make_unique<HeavyBallMomentum>(options);
}

}  // namespace ellopt::optim
