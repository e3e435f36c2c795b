// Gradient estimators (the first axis of a composed method).
#pragma once

#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

// The exact gradient: one evaluation per step (gradient descent).
class ExactGradient final : public GradientEstimator {
 public:
  std::string name() const override { return "exact"; }
  void reset(const Objective&, const Vector&, RngStream&) override {}
  std::int64_t estimate(const Objective& f, const Vector& x, RngStream&, Vector& out) override {
    f.gradient(x, out);
    return 1;
  }
};

}  // namespace ellopt::optim
