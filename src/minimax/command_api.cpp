#include "ellopt/minimax/command_api.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/minimax/phase_diagram.hpp"
#include "ellopt/minimax/runner.hpp"

namespace ellopt::minimax {
namespace {

Json vector_json(const Vector& v) {
  Json out = Json::array();
  for (Index i = 0; i < v.size(); ++i) out.push_back(std::isfinite(v[i]) ? Json(v[i]) : Json(nullptr));
  return out;
}

Json finite_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

}  // namespace

ParamSchema minimax_run_schema() {
  ParamSchema s;
  s.add({.name = "steps", .type = ParamType::kInteger, .default_value = 1000, .doc = "iterations", .min = 0.0});
  s.add({.name = "seed", .type = ParamType::kInteger, .default_value = 1, .doc = "seed of the sample streams",
         .min = 0.0});
  s.add({.name = "record_every", .type = ParamType::kInteger, .default_value = 0,
         .doc = "record a series row every k steps (0: about 500 rows)", .min = 0.0});
  s.add({.name = "check_every", .type = ParamType::kInteger, .default_value = 1,
         .doc = "evaluate stopping targets and output=best every k steps", .min = 1.0});
  s.add({.name = "max_calls", .type = ParamType::kReal, .default_value = 0.0,
         .doc = "stop after this many gradient calls (0: no limit)", .min = 0.0});
  s.add({.name = "target_grad_phi", .type = ParamType::kReal, .default_value = nullptr,
         .doc = "stop once ||grad Phi|| <= target", .min = 0.0, .min_exclusive = true, .optional = true});
  s.add({.name = "target_distance", .type = ParamType::kReal, .default_value = nullptr,
         .doc = "stop once the distance to the known solution <= target", .min = 0.0, .min_exclusive = true,
         .optional = true});
  s.add({.name = "divergence_threshold", .type = ParamType::kReal, .default_value = 1e12,
         .doc = "a norm above this stops the run as diverged", .min = 0.0, .min_exclusive = true});
  return s;
}

ParamSchema minimax_phase_schema() {
  ParamSchema s;
  s.add({.name = "ratio_min", .type = ParamType::kReal, .default_value = 0.1, .doc = "smallest ratio",
         .min = 0.0, .min_exclusive = true});
  s.add({.name = "ratio_max", .type = ParamType::kReal, .default_value = 1e4, .doc = "largest ratio", .min = 0.0,
         .min_exclusive = true});
  s.add({.name = "ratios", .type = ParamType::kInteger, .default_value = 61, .doc = "grid points (log spaced)",
         .min = 1.0, .max = 100000.0});
  s.add({.name = "simulate", .type = ParamType::kBool, .default_value = true,
         .doc = "also simulate each ratio (not only the spectral radius)"});
  s.add({.name = "max_steps", .type = ParamType::kInteger, .default_value = 100000,
         .doc = "simulation steps per ratio", .min = 1.0});
  s.add({.name = "start_radius", .type = ParamType::kReal, .default_value = 1e-3,
         .doc = "distance of the simulation start from the solution", .min = 0.0, .min_exclusive = true});
  s.add({.name = "tolerance", .type = ParamType::kReal, .default_value = 1e-8,
         .doc = "converged when the distance falls below this", .min = 0.0, .min_exclusive = true});
  s.add({.name = "blowup_radius", .type = ParamType::kReal, .default_value = 1e2,
         .doc = "diverged when the distance exceeds this", .min = 0.0, .min_exclusive = true});
  s.add({.name = "seed", .type = ParamType::kInteger, .default_value = 1, .doc = "seed of the start direction",
         .min = 0.0});
  s.add({.name = "sweep_param", .type = ParamType::kString, .default_value = "",
         .doc = "problem parameter to sweep (e.g. mu); empty: none"});
  s.add({.name = "sweep_values", .type = ParamType::kRealOrVector, .default_value = nullptr,
         .doc = "values of sweep_param", .optional = true});
  return s;
}

Json run_minimax_request(const MinimaxRequest& request) {
  const auto problem = problems::make_minimax_problem(request.problem, request.problem_params);
  const MethodConfig method = make_method_config(request.method, request.method_params, *problem);
  const Params run = minimax_run_schema().bind(request.run_params, "run");
  MinimaxRunOptions options;
  options.steps = run.integer("steps");
  options.seed = static_cast<std::uint64_t>(run.integer("seed"));
  options.record_every = run.integer("record_every");
  options.check_every = run.integer("check_every");
  options.max_calls = run.real("max_calls");
  if (run.has("target_grad_phi")) options.target_grad_phi = run.real("target_grad_phi");
  if (run.has("target_distance")) options.target_distance = run.real("target_distance");
  options.divergence_threshold = run.real("divergence_threshold");
  const MinimaxRunResult result = run_minimax(*problem, method, options);
  Json problem_config = request.problem_params.is_object() ? request.problem_params : Json::object();
  Json method_config = request.method_params.is_object() ? request.method_params : Json::object();
  Json out;
  out["config"] = {{"problem", {{"name", request.problem}, {"params", problem_config}}},
                   {"method", {{"name", request.method}, {"params", method_config}}},
                   {"run", run.json()}};
  out["problem"] = problem->describe();
  out["method"] = method.to_json();
  out["x_initial"] = vector_json(result.x_initial);
  out["y_initial"] = vector_json(result.y_initial);
  out["x_final"] = vector_json(result.x_final);
  out["y_final"] = vector_json(result.y_final);
  out["summary"] = result.summary();
  out["series"] = result.series.to_json();
  return out;
}

Json minimax_phase_request(const MinimaxRequest& request) {
  const Params phase = minimax_phase_schema().bind(request.run_params, "phase");
  PhaseOptions options;
  options.scheme = scheme_from_string(request.method);
  options.ratios = log_grid(phase.real("ratio_min"), phase.real("ratio_max"),
                            static_cast<std::size_t>(phase.integer("ratios")));
  options.simulate = phase.flag("simulate");
  options.max_steps = phase.integer("max_steps");
  options.start_radius = phase.real("start_radius");
  options.tolerance = phase.real("tolerance");
  options.blowup_radius = phase.real("blowup_radius");
  options.seed = static_cast<std::uint64_t>(phase.integer("seed"));
  const std::string sweep = phase.text("sweep_param");
  std::vector<double> values;
  if (!sweep.empty()) {
    if (!phase.has("sweep_values"))
      throw ConfigError("phase: sweep_param is set but sweep_values is missing; give an array of values");
    const Json& given = phase.json().at("sweep_values");
    if (given.is_number()) values.push_back(given.get<double>());
    else for (const auto& v : given) values.push_back(v.get<double>());
  }
  PhaseDiagram diagram;
  Json problem_descriptions = Json::array();
  auto sweep_one = [&](const Json& problem_params, double parameter) {
    const auto problem = problems::make_minimax_problem(request.problem, problem_params);
    // eta_y from the method section (default 1/ell), as for `ellopt minimax`.
    const MethodConfig method = make_method_config(request.method, [&] {
      Json m = request.method_params.is_object() ? request.method_params : Json::object();
      if (!m.contains("ratio") && !m.contains("eta_x")) m["ratio"] = 1.0;  // the ratio is swept; any placeholder
      return m;
    }(), *problem);
    options.eta_y = method.steps.eta_y;
    phase_sweep(*problem, options, parameter, diagram);
    problem_descriptions.push_back(problem->describe());
  };
  if (values.empty()) {
    sweep_one(request.problem_params, 0.0);
  } else {
    for (const double value : values) {
      Json params = request.problem_params.is_object() ? request.problem_params : Json::object();
      params[sweep] = value;
      sweep_one(params, value);
    }
  }
  Json out;
  out["config"] = {{"problem", {{"name", request.problem}, {"params", request.problem_params}}},
                   {"method", {{"name", request.method}, {"params", request.method_params}}},
                   {"phase", phase.json()}};
  out["problems"] = problem_descriptions;
  out["eta_y"] = options.eta_y;
  out["rows"] = diagram.to_series().to_json();
  Json boundaries = Json::array();
  for (const double p : diagram.parameters())
    boundaries.push_back({{"parameter", p},
                          {"spectral", finite_or_null(diagram.spectral_boundary(p))},
                          {"simulated", finite_or_null(diagram.simulated_boundary(p))},
                          {"simulated_strict", finite_or_null(diagram.strict_simulated_boundary(p))}});
  out["boundaries"] = boundaries;
  return out;
}

}  // namespace ellopt::minimax
