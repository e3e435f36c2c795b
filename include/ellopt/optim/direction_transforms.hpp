// Direction transforms of the SGD family (Optax-style links of a ComposedMethod chain): clip by global norm,
// normalize, and heavy-ball momentum in PyTorch's torch.optim.SGD convention. None of them hides a non-finite
// direction: a NaN or infinite norm turns the whole direction into NaN, so the runner stops with a message.
#pragma once

#include <memory>

#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

// d <- d * min(1, max_norm / |d|) (Zhang et al. 2019 clipping; clipped SGD min(eta, gamma/|g|) g equals
// eta * clip_by_global_norm(gamma/eta) g).
class ClipByGlobalNorm final : public Transform {
 public:
  explicit ClipByGlobalNorm(double max_norm);  // ConfigError unless max_norm > 0 and finite
  std::string name() const override { return "clip_by_global_norm"; }
  void reset(Index) override {}
  void apply(Vector& direction, const Vector& x, std::int64_t step) override;
  Json state() const override { return {{"max_norm", max_norm_}}; }
  void load_state(const Json& state) override;  // checks the threshold matches

 private:
  double max_norm_;
};

// d <- d / |d| (a zero direction stays zero): normalized SGD.
class Normalize final : public Transform {
 public:
  std::string name() const override { return "normalize"; }
  void reset(Index) override {}
  void apply(Vector& direction, const Vector& x, std::int64_t step) override;
};

struct MomentumOptions {
  double momentum = 0.9;      // mu in [0, 1)
  double dampening = 0.0;     // in [0, 1]
  bool nesterov = false;      // needs momentum > 0 and dampening = 0 (as torch.optim.SGD)
  double weight_decay = 0.0;  // coupled L2: d <- d + weight_decay * x before the momentum buffer
};

// torch.optim.SGD's update: d <- d + wd x; b_1 = d, b_t = mu b_{t-1} + (1 - dampening) d;
// d <- d + mu b_t (nesterov) or d <- b_t. The step rule then multiplies by lr.
class HeavyBallMomentum final : public Transform {
 public:
  explicit HeavyBallMomentum(MomentumOptions options);  // ConfigError on out-of-range options
  std::string name() const override { return "heavy_ball_momentum"; }
  void reset(Index dim) override;
  void apply(Vector& direction, const Vector& x, std::int64_t step) override;
  Json state() const override;
  void load_state(const Json& state) override;
  const Vector& buffer() const { return buffer_; }

 private:
  MomentumOptions options_;
  Vector buffer_;
  bool started_ = false;
};

std::unique_ptr<Transform> clip_by_global_norm(double max_norm);
std::unique_ptr<Transform> normalize();
std::unique_ptr<Transform> heavy_ball_momentum(MomentumOptions options);

// |d| robust to overflow of the plain sum of squares; NaN when an entry is NaN or infinite.
double robust_norm(const Vector& direction);

}  // namespace ellopt::optim
