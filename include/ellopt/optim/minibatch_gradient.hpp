// The minibatch estimator: draws `batch` held samples from the problem's stochastic oracle and averages their
// gradients (SGD, Li et al. 2023a §5.2: g_t = grad f(x_t) + eps_t with E[eps_t] = 0, E|eps_t|^2 <= sigma^2 / batch
// after averaging). On a deterministic problem every sample returns the exact gradient, so the estimator
// evaluates it once and counts one gradient evaluation: SGD there is gradient descent (documented, allowed).
// The samples of step k come from a stream derived from (a key drawn at reset, k) (StepSampler), so a run
// resumed from state() draws exactly what the uninterrupted run drew.
#pragma once

#include <vector>

#include "ellopt/optim/method.hpp"
#include "ellopt/optim/sampling.hpp"

namespace ellopt::optim {

class MinibatchGradient final : public GradientEstimator {
 public:
  explicit MinibatchGradient(std::int64_t batch = 1);  // ConfigError unless batch >= 1
  std::string name() const override { return "minibatch"; }
  void reset(const Objective& f, const Vector& x0, RngStream& rng) override;
  std::int64_t estimate(const Objective& f, const Vector& x, RngStream& rng, Vector& out) override;
  Json state() const override;
  void load_state(const Json& state) override;
  std::int64_t batch() const { return batch_; }

 private:
  std::int64_t batch_;
  StepSampler sampler_;
  std::vector<Sample> samples_;  // capacity reserved in reset()
  Vector sample_gradient_;       // preallocated in reset()
};

}  // namespace ellopt::optim
