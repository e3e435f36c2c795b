// Sampling for checkpointable stochastic estimators. The samples of step k come from a stream derived from
// (key, k), where the key is drawn once from the run's stream at reset: the samples of a step depend only on
// (seed, step), never on how many draws earlier steps made or on the thread, and a resumed run draws exactly what
// the uninterrupted run drew (the key and the step counter are the whole sampling state).
#pragma once

#include <cstdint>
#include <vector>

#include "ellopt/core/params.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/optim/method.hpp"
#include "ellopt/problems/objective.hpp"

namespace ellopt::optim {

class StepSampler {
 public:
  void reset(RngStream& run_stream) {
    key_ = run_stream();
    step_ = 0;
  }
  // The stream of the current step; advance() moves to the next step.
  RngStream stream() const { return RngStream(key_, {static_cast<std::uint64_t>(step_)}); }
  void advance() { ++step_; }
  std::int64_t step() const { return step_; }

  Json state() const { return {{"sample_key", key_}, {"sample_step", step_}}; }
  void load_state(const Json& state, const std::string& where);

 private:
  std::uint64_t key_ = 0;
  std::int64_t step_ = 0;
};

// Draws `count` samples into `samples` (resized; reserve capacity in reset to avoid allocation per step).
void draw_samples(const problems::Objective& f, RngStream& stream, std::int64_t count, std::vector<Sample>& samples);

// out = mean over `samples` of grad f(x, sample); `scratch` has size dim. Returns samples.size() (evaluations).
std::int64_t mean_sample_gradient(const problems::Objective& f, const Vector& x, const std::vector<Sample>& samples,
                                  Vector& out, Vector& scratch);

// out += sign * mean over `samples` of grad f(x, sample). Returns samples.size().
std::int64_t accumulate_sample_gradient(const problems::Objective& f, const Vector& x,
                                        const std::vector<Sample>& samples, double sign, Vector& out,
                                        Vector& scratch);

// A large batch of `batch` samples at x: for a finite sum with batch >= n it is the exact full gradient and costs n
// evaluations (Reisizadeh et al. 2023: "S1 = n" in the finite-sum setting); otherwise `batch` i.i.d. samples.
std::int64_t checkpoint_gradient(const problems::Objective& f, const Vector& x, RngStream& stream, std::int64_t batch,
                                 std::vector<Sample>& samples, Vector& out, Vector& scratch);

// A minibatch of `batch` held samples per step from the per-step stream (so it is checkpointable), or the exact
// gradient when the oracle is deterministic (a sample would be the exact gradient anyway). Used by Adam/AdamW.
class MinibatchSampleGradient final : public GradientEstimator {
 public:
  explicit MinibatchSampleGradient(std::int64_t batch);
  std::string name() const override { return "minibatch"; }
  void reset(const problems::Objective& f, const Vector& x0, RngStream& rng) override;
  std::int64_t estimate(const problems::Objective& f, const Vector& x, RngStream& rng, Vector& out) override;
  Json state() const override { return sampler_.state(); }
  void load_state(const Json& state) override { sampler_.load_state(state, "resuming estimator minibatch"); }

 private:
  std::int64_t batch_;
  StepSampler sampler_;
  Vector scratch_;
  std::vector<Sample> samples_;
};

// Variance reduction is meaningless on a deterministic oracle (every sample is the exact gradient): refuse it with
// a ConfigError naming the method and the fix.
void require_stochastic(const problems::Objective& f, const std::string& method);

}  // namespace ellopt::optim
