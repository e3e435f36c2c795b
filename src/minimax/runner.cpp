#include "ellopt/minimax/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/minimax/stationarity.hpp"

namespace ellopt::minimax {
namespace {

Json optional_json(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

Json MinimaxRunResult::summary() const {
  Json out = {{"steps_done", steps_done},
              {"calls", calls},
              {"diverged", diverged()},
              {"reached_target", reached_target},
              {"calls_at_target", optional_json(calls_at_target)},
              {"output_step", output_step},
              {"grad_phi_norm", optional_json(grad_phi_norm)},
              {"dist_to_solution", optional_json(dist_to_solution)},
              {"moreau_grad_norm", optional_json(moreau_grad_norm)},
              {"grad_x_norm", grad_x_norm},
              {"grad_y_norm", grad_y_norm}};
  if (divergence) {
    out["divergence"] = {{"step", divergence->step},
                         {"calls", divergence->calls},
                         {"norm_x", divergence->norm_x},
                         {"norm_y", divergence->norm_y},
                         {"non_finite", divergence->non_finite},
                         {"message", divergence->message}};
  }
  return out;
}

MinimaxMetrics::MinimaxMetrics(const problems::MinimaxProblem& problem, const UpdateScheme& scheme)
    : problem_(problem),
      scheme_(scheme),
      has_grad_phi_((problem.has_phi() && problem.phi_is_smooth()) || problem.strong_concavity().has_value()),
      solution_(problem.solution()),
      gx_(problem.dim_x()),
      gy_(problem.dim_y()),
      y_work_(problem.dim_y()),
      y_inner_(problem.initial_y()) {}

double MinimaxMetrics::grad_phi_norm(const Vector& x) {
  if (problem_.has_phi() && problem_.phi_is_smooth()) {
    problem_.grad_phi(x, gx_);
    return gx_.norm();
  }
  solve_inner_max(problem_, x, y_inner_);  // warm-started at the previous inner solution
  problem_.grad_x(x, y_inner_, gx_);
  return gx_.norm();
}

double MinimaxMetrics::dist_to_solution(const Vector& x, const Vector& y) const {
  return std::sqrt((x - solution_->x).squaredNorm() + (y - solution_->y).squaredNorm());
}

std::pair<double, double> MinimaxMetrics::gradient_norms(const Vector& x, const Vector& y) {
  problem_.gradient(x, y, gx_, gy_);
  const problems::ConstraintSet* set = scheme_.projection();
  if (!set) return {gx_.norm(), gy_.norm()};
  const double eta_y = scheme_.steps().eta_y;
  y_work_ = y + eta_y * gy_;
  set->project(y_work_, scratch_);
  return {gx_.norm(), (y_work_ - y).norm() / eta_y};
}

double MinimaxMetrics::metric(const std::string& name, const Vector& x, const Vector& y) {
  if (name == "grad_phi_norm") return grad_phi_norm(x);
  if (name == "dist_to_solution") return dist_to_solution(x, y);
  const auto [nx, ny] = gradient_norms(x, y);
  return std::hypot(nx, ny);
}

MinimaxRunResult run_minimax(const problems::MinimaxProblem& problem, const MethodConfig& method,
                             const MinimaxRunOptions& options) {
  if (options.steps < 0) throw ConfigError(fmt::format("run: steps = {} must be >= 0", options.steps));
  if (options.check_every < 1) throw ConfigError("run: check_every must be >= 1");
  if (!(options.divergence_threshold > 0.0)) throw ConfigError("run: divergence_threshold must be > 0");
  const UpdateScheme scheme = make_update_scheme(method, problem);
  MinimaxOracle oracle(problem, method.batch_size, RngStream(options.seed, {0x6d6d, 1}));
  RngStream output_rng(options.seed, {0x6d6d, 2});
  MinimaxMetrics metrics(problem, scheme);
  if (options.target_grad_phi && !metrics.has_grad_phi())
    throw ConfigError(fmt::format(
        "run: target_grad_phi needs grad Phi, but problem '{}' is not strongly concave", problem.name()));
  if (options.target_distance && !metrics.has_solution())
    throw ConfigError(
        fmt::format("run: target_distance needs a known solution; problem '{}' has none", problem.name()));

  SchemeState state = scheme.init(problem.initial_x(), problem.initial_y());
  MinimaxRunResult result;
  result.x_initial = state.x;
  result.y_initial = state.y;

  std::vector<std::string> columns = {"step", "calls"};
  if (metrics.has_grad_phi()) columns.push_back("grad_phi_norm");
  if (metrics.has_solution()) columns.push_back("dist_to_solution");
  columns.push_back("grad_x_norm");
  columns.push_back("grad_y_norm");
  const std::string progress_column = problem.progress_name();
  if (!progress_column.empty()) columns.push_back(progress_column);
  result.series = ColumnSeries(columns);
  const std::int64_t record_every =
      options.record_every > 0 ? options.record_every : std::max<std::int64_t>(1, options.steps / 500);
  std::vector<double> row(columns.size());
  auto record_at = [&](std::int64_t step, const Vector& x, const Vector& y, double calls) {
    if (!options.record_series) return;
    std::size_t k = 0;
    row[k++] = static_cast<double>(step);
    row[k++] = calls;
    if (metrics.has_grad_phi()) row[k++] = metrics.grad_phi_norm(x);
    if (metrics.has_solution()) row[k++] = metrics.dist_to_solution(x, y);
    const auto [nx, ny] = metrics.gradient_norms(x, y);
    row[k++] = nx;
    row[k++] = ny;
    if (!progress_column.empty()) row[k++] = problem.progress(x);
    result.series.add_row(row);
  };
  auto record = [&](std::int64_t step) { record_at(step, state.x, state.y, oracle.calls()); };

  // Output policy state.
  Vector best_x = state.x, best_y = state.y;
  double best_value = std::numeric_limits<double>::infinity();
  std::int64_t best_step = 0;
  Vector pick_x = state.x, pick_y = state.y;  // uniform: reservoir sample of size one over {0, ..., t}
  std::int64_t pick_step = 0;
  Vector good_x = state.x, good_y = state.y;  // last finite iterate seen at a check
  std::int64_t good_step = 0;
  double good_calls = 0.0;
  std::int64_t last_recorded = -1;

  auto check_targets = [&](std::int64_t step) {
    if (method.output.kind == OutputKind::kBest) {
      const double value = metrics.metric(method.output.metric, state.x, state.y);
      if (value < best_value) {
        best_value = value;
        best_x = state.x;
        best_y = state.y;
        best_step = step;
      }
    }
    bool hit = false;
    if (options.target_grad_phi && metrics.grad_phi_norm(state.x) <= *options.target_grad_phi) hit = true;
    if (options.target_distance && metrics.dist_to_solution(state.x, state.y) <= *options.target_distance)
      hit = true;
    return hit;
  };

  record(0);
  last_recorded = 0;
  if (check_targets(0) && (options.target_grad_phi || options.target_distance)) {
    result.reached_target = true;
    result.calls_at_target = 0.0;
  }
  std::int64_t step = 0;
  double last_norm_x = state.x.norm(), last_norm_y = state.y.norm();
  // The last finite gradient norm, for the divergence message (starts at the start point's, uncounted).
  double last_norm_g = [&] {
    const auto [nx, ny] = metrics.gradient_norms(state.x, state.y);
    return std::max(nx, ny);
  }();
  while (!result.reached_target && step < options.steps) {
    if (options.max_calls > 0.0 && oracle.calls() >= options.max_calls) break;
    // Uniform output over {0, ..., T-1}: iterate `step` is a candidate before it is updated.
    if (method.output.kind == OutputKind::kUniform &&
        output_rng.below(static_cast<std::uint64_t>(step + 1)) == 0) {
      pick_x = state.x;
      pick_y = state.y;
      pick_step = step;
    }
    scheme.step(oracle, state);
    ++step;
    const double norm_x = state.x.norm();
    const double norm_y = state.y.norm();
    const double norm_g = std::max(state.gx.norm(), state.gy.norm());
    const bool finite = std::isfinite(norm_x) && std::isfinite(norm_y) && std::isfinite(norm_g);
    if (!finite || norm_x > options.divergence_threshold || norm_y > options.divergence_threshold ||
        norm_g > options.divergence_threshold) {
      Divergence d;
      d.step = step;
      d.calls = oracle.calls();
      d.non_finite = !finite;
      d.norm_x = finite ? norm_x : last_norm_x;
      d.norm_y = finite ? norm_y : last_norm_y;
      d.message = fmt::format(
          "{} diverged on '{}' at step {} ({} calls): ||x|| = {:.3g}, ||y|| = {:.3g}, "
          "||g|| = {:.3g}{} (threshold {:.3g}); reduce eta_x/eta_y or raise the ratio",
          to_string(method.scheme), problem.name(), step, oracle.calls(), d.norm_x, d.norm_y,
          finite ? norm_g : last_norm_g, finite ? "" : " before values became non-finite",
          options.divergence_threshold);
      result.divergence = d;
      if (options.throw_on_divergence) throw DivergenceError(d.message);
      if (finite) {
        good_x = state.x;
        good_y = state.y;
        good_step = step;
        good_calls = oracle.calls();
      }
      break;
    }
    last_norm_x = norm_x;
    last_norm_y = norm_y;
    last_norm_g = norm_g;
    if (step % options.check_every == 0 || step == options.steps) {
      good_x = state.x;
      good_y = state.y;
      good_step = step;
      good_calls = oracle.calls();
      if (check_targets(step) && (options.target_grad_phi || options.target_distance)) {
        result.reached_target = true;
        result.calls_at_target = oracle.calls();
      }
    }
    if (step % record_every == 0 || step == options.steps || result.reached_target) {
      record(step);
      last_recorded = step;
    }
  }
  result.steps_done = step;
  result.calls = oracle.calls();
  if (result.divergence) {
    result.x_last = good_x;
    result.y_last = good_y;
    // The series ends at the last finite iterate the run reports, not at the last regular recording step (a
    // run of 1e5 steps recorded every 200 that diverges at step 107 would otherwise keep only step 0).
    if (last_recorded != good_step) record_at(good_step, good_x, good_y, good_calls);
  } else {
    result.x_last = state.x;
    result.y_last = state.y;
    if (last_recorded != step) record(step);
  }
  switch (method.output.kind) {
    case OutputKind::kLast:
      result.x_final = result.x_last;
      result.y_final = result.y_last;
      result.output_step = result.divergence ? good_step : step;
      break;
    case OutputKind::kBest:
      if (!result.divergence) check_targets(step);
      result.x_final = best_x;
      result.y_final = best_y;
      result.output_step = best_step;
      break;
    case OutputKind::kUniform:
      result.x_final = pick_x;
      result.y_final = pick_y;
      result.output_step = pick_step;
      break;
  }
  if (metrics.has_grad_phi()) result.grad_phi_norm = metrics.grad_phi_norm(result.x_final);
  // Without a smooth Phi the run would otherwise end with no stationarity measure at all; the envelope's
  // prox subproblem is solved once, at the output point (O(1/k) accurate, 20000 subgradient steps).
  else if (problem.has_phi() && result.x_final.allFinite())
    result.moreau_grad_norm = moreau_envelope_gradient(problem, result.x_final).gradient_norm;
  if (metrics.has_solution())
    result.dist_to_solution = metrics.dist_to_solution(result.x_final, result.y_final);
  const auto [nx, ny] = metrics.gradient_norms(result.x_final, result.y_final);
  result.grad_x_norm = nx;
  result.grad_y_norm = ny;
  return result;
}

}  // namespace ellopt::minimax
