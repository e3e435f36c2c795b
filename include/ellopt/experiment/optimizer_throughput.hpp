// Optimizer-step throughput measurements shared by `ellopt bench optim` and bench/optim_bench.cpp (issue 3,
// Speed; performance spec §6): the fused Adam kernel on a grid of float32 parameter shapes, a STREAM triad
// measured in the same process, and the composed method against a hand-written loop of the same update.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ellopt/core/kernels/adam.hpp"

namespace ellopt::experiment {

// `tensors` parameter tensors of `elements` float32 each (e.g. 16 x 4M).
struct ParamShape {
  std::int64_t tensors;
  std::int64_t elements;
  std::string label() const;  // "16x4M"
  std::int64_t parameters() const { return tensors * elements; }
};

// {1x64M, 16x4M, 256x256K, 4096x16K}: 64 Mi parameters each, from one huge tensor to many small ones.
std::vector<ParamShape> standard_shapes();

// Minimum memory traffic of one Adam step in float32: read p, g, m, v and write p, m, v (spec §6).
inline constexpr double kAdamBytesPerParameter = 28.0;
// STREAM triad a = b + s c in float32: read b, c and write a.
inline constexpr double kTriadBytesPerElement = 12.0;

// The fused kernel's buffers for one shape (one contiguous allocation per buffer, sliced into tensors,
// touched once so page faults are not timed).
class FusedAdamWorkload {
 public:
  explicit FusedAdamWorkload(ParamShape shape);
  // Runs Adam step `step` (from 1) over every tensor (kernels::adam_step_foreach).
  void step(std::int64_t step);

 private:
  ParamShape shape_;
  std::vector<float> params_, grads_, exp_avg_, exp_avg_sq_;
  std::vector<kernels::AdamTensor<float>> tensors_;
  kernels::AdamOptions options_;
};

// Triad buffers of `elements` floats.
class StreamTriadWorkload {
 public:
  explicit StreamTriadWorkload(std::size_t elements);
  void run();
  std::size_t elements() const { return a_.size(); }

 private:
  std::vector<float> a_, b_, c_;
};

// Median wall time in milliseconds of `steps` calls of step(t) after `warmup` untimed calls; t counts from 1
// across warm-up and timed calls.
double median_step_milliseconds(const std::function<void(std::int64_t)>& step, int warmup, int steps);

// The composed `adam` method (estimator | scale_by_adam | schedule, src/optim) and a hand-written loop of the
// same update, on the 10-dimensional double-well problem; both call the same Objective::gradient.
class ComposedAdamWorkload {
 public:
  ComposedAdamWorkload();
  ~ComposedAdamWorkload();
  void composed_steps(int count);
  void handwritten_steps(int count);
  // Largest |x_composed - x_handwritten| after the same number of steps from the same start (same update).
  double max_difference() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ellopt::experiment
