// Library entry points behind `ellopt minimax` and `ellopt minimax-phase`: validated config in, JSON out,
// so the CLI command only parses flags and prints.
#pragma once

#include <string>

#include "ellopt/core/params.hpp"

namespace ellopt::minimax {

struct MinimaxRequest {
  std::string problem;            // a registered minimax problem (problems::minimax_problems())
  Json problem_params = Json::object();
  std::string method = "gda";     // gda | alt-gda | eg | ogda | past-eg
  Json method_params = Json::object();
  Json run_params = Json::object();  // `run` section: steps, seed, ... (see minimax_run_schema)
};

// steps, seed, record_every, check_every, max_calls, target_grad_phi, target_distance, divergence_threshold.
ParamSchema minimax_run_schema();
// ratio_min, ratio_max, ratios, simulate, max_steps, start_radius, tolerance, blowup_radius, seed,
// sweep_param, sweep_values.
ParamSchema minimax_phase_schema();

// {config, problem, method, x_initial, y_initial, x_final, y_final, summary{diverged, ...}, series{step, calls,
// grad_phi_norm?, dist_to_solution?, grad_x_norm, grad_y_norm}}.
Json run_minimax_request(const MinimaxRequest& request);

// {config, problem, rows (column arrays: parameter, ratio, spectral_radius, spectral_stable, simulated, steps),
// boundaries [{parameter, spectral, simulated}]}. Sweeps `sweep_param` of the problem over `sweep_values` when
// given (e.g. mu of stackelberg-scalar), otherwise the ratio only.
Json minimax_phase_request(const MinimaxRequest& request);

}  // namespace ellopt::minimax
