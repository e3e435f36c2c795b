// Runs a method on an objective and records the trajectory: per recorded step f, ||grad f||, the gradient
// evaluations used so far, and the step size (optionally x). A run never produces NaN silently: it stops with
// status kDiverged (non-finite or exploding values) or kLeftDomain, and a message naming the step.
#pragma once

#include <functional>
#include <optional>

#include "ellopt/core/series.hpp"
#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

enum class RunStatus { kCompleted, kReachedTarget, kDiverged, kLeftDomain };
std::string to_string(RunStatus status);

struct RunOptions {
  std::int64_t steps = 1000;
  std::uint64_t seed = 1;
  std::int64_t record_every = 1;     // record rows at steps 0, k, 2k, ... and always the last one
  bool record_x = false;             // keep the iterates (memory: steps/record_every * dim doubles)
  double divergence_threshold = 1e100;  // |f| or ||grad f|| above this counts as divergence
  std::optional<double> target_grad_norm;  // stop early once ||grad f(x_t)|| <= target
};

struct RunResult {
  RunStatus status = RunStatus::kCompleted;
  std::string message;               // empty when completed
  std::int64_t steps_done = 0;
  std::int64_t gradient_evaluations = 0;
  Vector x_initial;
  Vector x_final;                    // the last iterate inside the domain with finite values
  ColumnSeries trajectory{{"step", "f", "grad_norm", "grad_evals", "step_size"}};
  std::vector<Vector> iterates;      // when record_x
  Json method_info;
  bool ok() const { return status == RunStatus::kCompleted || status == RunStatus::kReachedTarget; }
};

// Called after each step with (step, x, f, grad_norm); return true to stop (ensmallen-style callbacks).
using StepCallback = std::function<bool(std::int64_t, const Vector&, double, double)>;

RunResult run(const Objective& f, Method& method, const Vector& x0, const RunOptions& options,
              const StepCallback& callback = nullptr);

}  // namespace ellopt::optim
