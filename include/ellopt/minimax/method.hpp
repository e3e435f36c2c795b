// A minimax method as configured by a user: the update scheme, the two step sizes, the mini-batch, the
// projection of y and the output policy, bound from a `method` config section against one schema.
//
// Step-size defaults (spec minimax.md §5; Li et al. 2022 and §3.3): eta_y = 1/ell and ratio tau = 2 kappa for
// simultaneous GDA, tau = kappa for the others. The worst-case theory choice tau = kappa^2 (Lin, Jin, Jordan
// 2020; Mahdavinia et al. 2022) is safe but 10-100x slower on P1-a; set `ratio` to use it.
#pragma once

#include <optional>
#include <string>

#include "ellopt/core/registry.hpp"
#include "ellopt/minimax/update_scheme.hpp"
#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::minimax {

enum class OutputKind { kLast, kBest, kUniform };
std::string to_string(OutputKind kind);

// Which iterate a run returns (spec §1.2): the last one, the best by a metric among the checked iterates, or
// one drawn uniformly from {0, ..., T-1} (the output rule of the nonconvex theorems, Lin et al. style).
struct OutputPolicy {
  OutputKind kind = OutputKind::kLast;
  std::string metric = "grad_phi_norm";  // grad_phi_norm | grad_norm | dist_to_solution
};

struct MethodConfig {
  SchemeKind scheme = SchemeKind::kSimultaneousGda;
  TwoTimescaleSteps steps;
  Index batch_size = 1;
  bool same_sample = false;
  std::optional<problems::ConstraintSet> projection;  // null: the problem's own Y (or R^{dim_y})
  OutputPolicy output;
  Json to_json() const;
};

// The schema of the `method` section: eta_y, ratio, eta_x, batch, same_sample, output, output_metric and the
// projection keys (projection, box_lower, box_upper, ball_radius, ball_center, simplex_total).
ParamSchema minimax_method_schema();

// Binds params for the named scheme on this problem. Errors (ConfigError) name the key and the fix: both
// eta_x and ratio given, a step or ratio <= 0, a default ratio requested on a problem that is not strongly
// concave, a projection set of the wrong dimension, output=best by grad_phi_norm without a smooth Phi.
MethodConfig make_method_config(const std::string& scheme_name, const Json& params,
                                const problems::MinimaxProblem& problem);

// The default ratio: 2 kappa for simultaneous GDA, kappa otherwise.
double default_ratio(SchemeKind scheme, double kappa);

// The scheme with the effective projection (the method's set, else the problem's Y).
UpdateScheme make_update_scheme(const MethodConfig& config, const problems::MinimaxProblem& problem);

using MinimaxMethodFactory = std::function<MethodConfig(const Params&, const problems::MinimaxProblem&)>;
// gda, alt-gda, eg, ogda, past-eg (for `ellopt list methods`).
const NamedRegistry<MinimaxMethodFactory>& minimax_methods();

}  // namespace ellopt::minimax
