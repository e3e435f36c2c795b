#include "ellopt/optim/runner.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/state_io.hpp"

namespace ellopt::optim {

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::kCompleted:
      return "completed";
    case RunStatus::kReachedTarget:
      return "reached_target";
    case RunStatus::kDiverged:
      return "diverged";
    case RunStatus::kLeftDomain:
      return "left_domain";
  }
  return "?";
}

namespace {
constexpr const char* kCheckpointFormat = "ellopt-run-checkpoint";
constexpr int kCheckpointVersion = 1;
}  // namespace

Json checkpoint_to_json(const RunCheckpoint& checkpoint) {
  const RngSnapshot& r = checkpoint.rng;
  return {{"format", kCheckpointFormat},
          {"version", kCheckpointVersion},
          {"step", checkpoint.step},
          {"grad_evals", checkpoint.gradient_evaluations},
          {"last_step_size", checkpoint.last_step_size},
          {"x", vector_to_json(checkpoint.x)},
          {"method_state", checkpoint.method_state},
          {"rng",
           {{"key", r.key},
            {"state", {r.state[0], r.state[1], r.state[2], r.state[3]}},
            {"has_spare_normal", r.has_spare_normal},
            {"spare_normal", r.spare_normal}}}};
}

RunCheckpoint checkpoint_from_json(const Json& json, Index dim, const std::string& where) {
  const auto bad = [&where](const std::string& what) {
    return ConfigError(
        fmt::format("{}: {}; pass a file written by `ellopt optimize --checkpoint`", where, what));
  };
  if (!json.is_object() || json.value("format", std::string()) != kCheckpointFormat)
    throw bad(fmt::format("not a run checkpoint (no \"format\": \"{}\")", kCheckpointFormat));
  if (json.value("version", -1) != kCheckpointVersion)
    throw bad(fmt::format("checkpoint version {} is not the supported version {}", json.value("version", -1),
                          kCheckpointVersion));
  RunCheckpoint checkpoint;
  try {
    checkpoint.step = json.at("step").get<std::int64_t>();
    checkpoint.gradient_evaluations = json.at("grad_evals").get<std::int64_t>();
    checkpoint.last_step_size = json.at("last_step_size").get<double>();
    checkpoint.method_state = json.at("method_state");
    const Json& r = json.at("rng");
    checkpoint.rng.key = r.at("key").get<std::uint64_t>();
    const Json& words = r.at("state");
    if (!words.is_array() || words.size() != 4) throw bad("rng.state must hold 4 unsigned 64-bit words");
    for (std::size_t i = 0; i < 4; ++i) checkpoint.rng.state[i] = words[i].get<std::uint64_t>();
    checkpoint.rng.has_spare_normal = r.at("has_spare_normal").get<bool>();
    checkpoint.rng.spare_normal = r.at("spare_normal").get<double>();
  } catch (const Json::exception& e) {
    throw bad(fmt::format("malformed checkpoint ({})", e.what()));
  }
  if (checkpoint.step < 0 || checkpoint.gradient_evaluations < 0) throw bad("negative step or grad_evals");
  checkpoint.x = vector_from_json(json, "x", dim, where);
  if (!checkpoint.x.allFinite()) throw bad("x holds NaN or infinite entries");
  return checkpoint;
}

RunResult run(const Objective& f, Method& method, const Vector& x0, const RunOptions& options,
              const StepCallback& callback) {
  RunResult result;
  result.x_initial = x0;
  Vector x = x0;
  RngStream rng(options.seed, {0x6f7074 /* "opt" */});
  method.reset(f, x0, rng);
  std::int64_t first_step = 0;
  std::int64_t evals = 0;
  double last_step = 0.0;
  if (options.resume) {
    const RunCheckpoint& from = *options.resume;
    if (from.x.size() != f.dim())
      throw ConfigError(
          fmt::format("resume: the checkpoint's x has {} entries but problem '{}' has dimension {}",
                      from.x.size(), f.name(), f.dim()));
    if (options.steps < from.step)
      throw ConfigError(
          fmt::format("resume: the checkpoint is at step {} but the run stops at step {}; ask for "
                      "more steps",
                      from.step, options.steps));
    if (!f.in_domain(from.x))
      throw ConfigError(fmt::format("resume: the checkpoint's x is outside the domain {} of problem '{}'",
                                    f.domain_description(), f.name()));
    method.load_state(from.method_state);
    try {
      rng = RngStream::restore(from.rng);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(fmt::format("resume: {}", e.what()));
    }
    x = from.x;
    first_step = from.step;
    evals = from.gradient_evaluations;
    last_step = from.last_step_size;
  }
  Vector previous = x;
  Vector gradient(f.dim());
  result.method_info = method.describe();
  const std::int64_t every = std::max<std::int64_t>(1, options.record_every);
  result.trajectory.reserve(static_cast<std::size_t>((options.steps - first_step) / every + 2));
  const auto position = [&](std::int64_t t) {
    return RunCheckpoint{t, evals, last_step, x, method.state(), rng.snapshot()};
  };

  for (std::int64_t t = first_step;; ++t) {
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
          "step {}: the run diverged (f = {:.6g}, |grad f| = {:.6g}, step size {:.6g}); reduce method.lr or "
          "use the "
          "theory step method.step=theory",
          t, value, grad_norm, last_step);
      result.x_final = previous;
      result.steps_done = t;
      break;
    }
    if (t % every == 0 || last || reached) {
      result.trajectory.add_row(
          {static_cast<double>(t), value, grad_norm, static_cast<double>(evals), last_step});
      if (options.record_x) result.iterates.push_back(x);
    }
    const bool stop_by_callback = callback && callback(t, x, value, grad_norm);
    if (last || reached || stop_by_callback) {
      result.status = reached ? RunStatus::kReachedTarget : RunStatus::kCompleted;
      result.x_final = x;
      result.steps_done = t;
      result.checkpoint = position(t);
      break;
    }
    if (options.checkpoint_every > 0 && options.on_checkpoint && t > first_step &&
        t % options.checkpoint_every == 0)
      options.on_checkpoint(position(t));
    previous = x;
    const StepReport report = method.step(f, x, rng);
    evals += report.gradient_evaluations;
    last_step = report.step_size;
    if (!f.in_domain(x)) {
      result.status = x.allFinite() ? RunStatus::kLeftDomain : RunStatus::kDiverged;
      result.message =
          x.allFinite()
              ? fmt::format(
                    "step {}: the iterate left the domain {} of problem '{}' (step size {:.6g}); use a "
                    "smaller step (e.g. method.step=theory) or a start point further inside the domain",
                    t + 1, f.domain_description(), f.name(), last_step)
              : fmt::format(
                    "step {}: the iterate became non-finite (step size {:.6g}); reduce method.lr or use "
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
