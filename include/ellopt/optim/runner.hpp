// Runs a method on an objective and records the trajectory: per recorded step f, ||grad f||, the gradient
// evaluations used so far, and the step size (optionally x). A run never produces NaN silently: it stops with
// status kDiverged (non-finite or exploding values) or kLeftDomain, and a message naming the step.
#pragma once

#include <functional>
#include <optional>

#include "ellopt/core/rng.hpp"
#include "ellopt/core/series.hpp"
#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

enum class RunStatus { kCompleted, kReachedTarget, kDiverged, kLeftDomain };
std::string to_string(RunStatus status);

// Where a run stands after `step` iterations: enough to continue it bit-identically (the method's explicit
// state, the run's random stream, the iterate). tests/optim/run_checkpoint_test.cpp checks N + resume + N ==
// 2N.
struct RunCheckpoint {
  std::int64_t step = 0;
  std::int64_t gradient_evaluations = 0;
  double last_step_size = 0.0;
  Vector x;
  Json method_state;
  RngSnapshot rng;
};

// {"format": "ellopt-run-checkpoint", "version": 1, "step", "grad_evals", "last_step_size", "x",
// "method_state", "rng": {"key", "state": [4], "has_spare_normal", "spare_normal"}}; doubles and 64-bit words
// round-trip exactly.
Json checkpoint_to_json(const RunCheckpoint& checkpoint);
// ConfigError naming `where` and the offending key when the JSON is not a checkpoint or x has not `dim`
// entries.
RunCheckpoint checkpoint_from_json(const Json& json, Index dim, const std::string& where);

struct RunOptions {
  std::int64_t steps = 1000;  // the iteration index to stop at (a resumed run starts at resume->step)
  std::uint64_t seed = 1;
  std::int64_t record_every = 1;           // record rows at steps 0, k, 2k, ... and always the last one
  bool record_x = false;                   // keep the iterates (memory: steps/record_every * dim doubles)
  double divergence_threshold = 1e100;     // |f| or ||grad f|| above this counts as divergence
  std::optional<double> target_grad_norm;  // stop early once ||grad f(x_t)|| <= target
  // Continue a checkpointed run: the method is reset with the ORIGINAL x0 (theory step rules derive their
  // constants from it), then given the saved state; x, the step count and the random stream come from here.
  std::optional<RunCheckpoint> resume;
  // When > 0, `on_checkpoint` is called every `checkpoint_every` iterations (and the final position is always
  // in RunResult::checkpoint), so a long run killed mid-way can be resumed from its last checkpoint.
  std::int64_t checkpoint_every = 0;
  std::function<void(const RunCheckpoint&)> on_checkpoint;
};

struct RunResult {
  RunStatus status = RunStatus::kCompleted;
  std::string message;  // empty when completed
  std::int64_t steps_done = 0;
  std::int64_t gradient_evaluations = 0;
  Vector x_initial;
  Vector x_final;  // the last iterate inside the domain with finite values
  ColumnSeries trajectory{{"step", "f", "grad_norm", "grad_evals", "step_size"}};
  std::vector<Vector> iterates;  // when record_x
  Json method_info;
  RunCheckpoint checkpoint;  // the final position when ok(): resume from it to run further
  bool ok() const { return status == RunStatus::kCompleted || status == RunStatus::kReachedTarget; }
};

// Called after each step with (step, x, f, grad_norm); return true to stop (ensmallen-style callbacks).
using StepCallback = std::function<bool(std::int64_t, const Vector&, double, double)>;

RunResult run(const Objective& f, Method& method, const Vector& x0, const RunOptions& options,
              const StepCallback& callback = nullptr);

}  // namespace ellopt::optim
