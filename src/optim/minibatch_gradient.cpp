#include "ellopt/optim/minibatch_gradient.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/state_io.hpp"

namespace ellopt::optim {

MinibatchGradient::MinibatchGradient(std::int64_t batch) : batch_(batch) {
  if (batch < 1) throw ConfigError(fmt::format("method.batch = {} must be an integer >= 1", batch));
}

void MinibatchGradient::reset(const Objective& f, const Vector&, RngStream& rng) {
  sample_gradient_.resize(f.dim());
  samples_.reserve(static_cast<std::size_t>(batch_));
  sampler_.reset(rng);
}

std::int64_t MinibatchGradient::estimate(const Objective& f, const Vector& x, RngStream&, Vector& out) {
  if (!f.is_stochastic()) {
    sampler_.advance();
    f.gradient(x, out);  // every sample is the exact gradient: one evaluation is the average
    return 1;
  }
  RngStream stream = sampler_.stream();
  sampler_.advance();
  if (batch_ == 1) {
    f.sample_gradient(x, f.draw_sample(stream), out);
    return 1;
  }
  draw_samples(f, stream, batch_, samples_);
  return mean_sample_gradient(f, x, samples_, out, sample_gradient_);
}

Json MinibatchGradient::state() const {
  Json out = sampler_.state();
  out["batch"] = batch_;
  return out;
}

void MinibatchGradient::load_state(const Json& state) {
  const std::string where = "resuming estimator minibatch";
  const auto batch = require_state_key(state, "batch", where).get<std::int64_t>();
  if (batch != batch_)
    throw ConfigError(fmt::format("{}: the checkpoint used method.batch = {}, this run {}; resume with the same batch",
                                  where, batch, batch_));
  sampler_.load_state(state, where);
}

}  // namespace ellopt::optim
