#include "ellopt/optim/sampling.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/state_io.hpp"
#include "ellopt/problems/finite_sum.hpp"

namespace ellopt::optim {

void StepSampler::load_state(const Json& state, const std::string& where) {
  key_ = require_state_key(state, "sample_key", where).get<std::uint64_t>();
  step_ = require_state_key(state, "sample_step", where).get<std::int64_t>();
}

void draw_samples(const problems::Objective& f, RngStream& stream, std::int64_t count, std::vector<Sample>& samples) {
  samples.resize(static_cast<std::size_t>(count));
  for (auto& sample : samples) sample = f.draw_sample(stream);
}

std::int64_t mean_sample_gradient(const problems::Objective& f, const Vector& x, const std::vector<Sample>& samples,
                                  Vector& out, Vector& scratch) {
  out.setZero();
  return accumulate_sample_gradient(f, x, samples, 1.0, out, scratch);
}

std::int64_t accumulate_sample_gradient(const problems::Objective& f, const Vector& x,
                                        const std::vector<Sample>& samples, double sign, Vector& out,
                                        Vector& scratch) {
  if (samples.empty()) return 0;
  const double weight = sign / static_cast<double>(samples.size());
  for (const Sample& sample : samples) {
    f.sample_gradient(x, sample, scratch);
    out.noalias() += weight * scratch;
  }
  return static_cast<std::int64_t>(samples.size());
}

std::int64_t checkpoint_gradient(const problems::Objective& f, const Vector& x, RngStream& stream, std::int64_t batch,
                                 std::vector<Sample>& samples, Vector& out, Vector& scratch) {
  if (const auto* sum = dynamic_cast<const problems::FiniteSumObjective*>(&f);
      sum != nullptr && batch >= sum->num_components()) {
    f.gradient(x, out);
    return sum->num_components();
  }
  draw_samples(f, stream, batch, samples);
  return mean_sample_gradient(f, x, samples, out, scratch);
}

MinibatchSampleGradient::MinibatchSampleGradient(std::int64_t batch) : batch_(batch) {
  if (batch < 1) throw ConfigError(fmt::format("method.batch = {} must be >= 1", batch));
}

void MinibatchSampleGradient::reset(const problems::Objective& f, const Vector&, RngStream& rng) {
  sampler_.reset(rng);
  scratch_.setZero(f.dim());
  samples_.reserve(static_cast<std::size_t>(batch_));
}

std::int64_t MinibatchSampleGradient::estimate(const problems::Objective& f, const Vector& x, RngStream&,
                                               Vector& out) {
  std::int64_t evaluations = 1;
  if (!f.is_stochastic()) {
    f.gradient(x, out);
  } else {
    RngStream stream = sampler_.stream();
    draw_samples(f, stream, batch_, samples_);
    evaluations = mean_sample_gradient(f, x, samples_, out, scratch_);
  }
  sampler_.advance();
  return evaluations;
}

void require_stochastic(const problems::Objective& f, const std::string& method) {
  if (f.is_stochastic()) return;
  throw ConfigError(fmt::format(
      "method '{}' is a variance-reduced stochastic method, but problem '{}' has a deterministic oracle (every "
      "sample is the exact gradient, so the correction is identically zero); give the problem a noise model, use a "
      "finite-sum or multiplicative problem, or use gd",
      method, f.name()));
}

}  // namespace ellopt::optim
