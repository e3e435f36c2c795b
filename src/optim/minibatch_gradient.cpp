#include "ellopt/optim/minibatch_gradient.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"

namespace ellopt::optim {

MinibatchGradient::MinibatchGradient(std::int64_t batch) : batch_(batch) {
  if (batch < 1) throw ConfigError(fmt::format("method.batch = {} must be an integer >= 1", batch));
}

void MinibatchGradient::reset(const Objective& f, const Vector&, RngStream&) { sample_gradient_.resize(f.dim()); }

std::int64_t MinibatchGradient::estimate(const Objective& f, const Vector& x, RngStream& rng, Vector& out) {
  if (!f.is_stochastic()) {
    f.gradient(x, out);  // every sample is the exact gradient: one evaluation is the average
    return 1;
  }
  if (batch_ == 1) {
    f.sample_gradient(x, f.draw_sample(rng), out);
    return 1;
  }
  out.setZero();
  for (std::int64_t i = 0; i < batch_; ++i) {
    f.sample_gradient(x, f.draw_sample(rng), sample_gradient_);
    out += sample_gradient_;
  }
  out /= static_cast<double>(batch_);
  return batch_;
}

}  // namespace ellopt::optim
