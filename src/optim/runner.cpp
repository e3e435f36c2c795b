#include "ellopt/optim/runner.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ellopt::optim {

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::kCompleted: return "completed";
    case RunStatus::kReachedTarget: return "reached_target";
    case RunStatus::kDiverged: return "diverged";
    case RunStatus::kLeftDomain: return "left_domain";
  }
  return "?";
}

RunResult run(const Objective& f, Method& method, const Vector& x0, const RunOptions& options,
              const StepCallback& callback) {
  RunResult result;
  result.x_initial = x0;
  Vector x = x0;
  Vector previous = x0;
  Vector gradient(f.dim());
  RngStream rng(options.seed, {0x6f7074 /* "opt" */});
  method.reset(f, x0, rng);
  result.method_info = method.describe();
  const std::int64_t every = std::max<std::int64_t>(1, options.record_every);
  result.trajectory.reserve(static_cast<std::size_t>(options.steps / every + 2));

  std::int64_t evals = 0;
  double last_step = 0.0;
  for (std::int64_t t = 0;; ++t) {
    // x_t is in the domain here (checked after the previous step).
    const double value = f.value(x);
    f.gradient(x, gradient);
    const double grad_norm = gradient.norm();
    const bool finite = std::isfinite(value) && std::isfinite(grad_norm);
    const bool exploding = finite && (std::abs(value) > options.divergence_threshold ||
                                      grad_norm > options.divergence_threshold);
    const bool last = t == options.steps;
    const bool reached = options.target_grad_norm && grad_norm <= *options.target_grad_norm;
    if (!finite || exploding) {
      result.status = RunStatus::kDiverged;
      result.message = fmt::format(
          "step {}: the run diverged (f = {:.6g}, |grad f| = {:.6g}, step size {:.6g}); reduce method.lr or use the "
          "theory step method.step=theory",
          t, value, grad_norm, last_step);
      result.x_final = previous;
      result.steps_done = t;
      break;
    }
    if (t % every == 0 || last || reached) {
      result.trajectory.add_row({static_cast<double>(t), value, grad_norm, static_cast<double>(evals), last_step});
      if (options.record_x) result.iterates.push_back(x);
    }
    const bool stop_by_callback = callback && callback(t, x, value, grad_norm);
    if (last || reached || stop_by_callback) {
      result.status = reached ? RunStatus::kReachedTarget : RunStatus::kCompleted;
      result.x_final = x;
      result.steps_done = t;
      break;
    }
    previous = x;
    const StepReport report = method.step(f, x, rng);
    evals += report.gradient_evaluations;
    last_step = report.step_size;
    if (!f.in_domain(x)) {
      result.status = x.allFinite() ? RunStatus::kLeftDomain : RunStatus::kDiverged;
      result.message =
          x.allFinite()
              ? fmt::format("step {}: the iterate left the domain {} of problem '{}' (step size {:.6g}); use a "
                            "smaller step (e.g. method.step=theory) or a start point further inside the domain",
                            t + 1, f.domain_description(), f.name(), last_step)
              : fmt::format("step {}: the iterate became non-finite (step size {:.6g}); reduce method.lr or use "
                            "method.step=theory",
                            t + 1, last_step);
      result.x_final = previous;
      result.steps_done = t;
      break;
    }
  }
  result.gradient_evaluations = evals;
  return result;
}

}  // namespace ellopt::optim
