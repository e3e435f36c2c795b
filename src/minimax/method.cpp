#include "ellopt/minimax/method.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"

namespace ellopt::minimax {

std::string to_string(OutputKind kind) {
  switch (kind) {
    case OutputKind::kLast:
      return "last";
    case OutputKind::kBest:
      return "best";
    case OutputKind::kUniform:
      return "uniform";
  }
  return "?";
}

Json MethodConfig::to_json() const {
  Json out = {
      {"scheme", to_string(scheme)},      {"eta_x", steps.eta_x},          {"eta_y", steps.eta_y},
      {"ratio", steps.ratio()},           {"batch", batch_size},           {"same_sample", same_sample},
      {"output", to_string(output.kind)}, {"output_metric", output.metric}};
  out["projection"] = projection ? Json(projection->describe()) : Json("none");
  return out;
}

ParamSchema minimax_method_schema() {
  ParamSchema schema;
  schema.add({.name = "eta_y",
              .type = ParamType::kReal,
              .default_value = nullptr,
              .doc = "step of the max player (default 1/ell)",
              .min = 0.0,
              .min_exclusive = true,
              .optional = true});
  schema.add({.name = "ratio",
              .type = ParamType::kReal,
              .default_value = nullptr,
              .doc = "tau = eta_y/eta_x (default 2 kappa for gda, kappa otherwise)",
              .min = 0.0,
              .min_exclusive = true,
              .optional = true});
  schema.add({.name = "eta_x",
              .type = ParamType::kReal,
              .default_value = nullptr,
              .doc = "step of the min player (alternative to ratio)",
              .min = 0.0,
              .min_exclusive = true,
              .optional = true});
  schema.add({.name = "batch",
              .type = ParamType::kInteger,
              .default_value = 1,
              .doc = "mini-batch size M of the stochastic oracle (each query costs M calls)",
              .min = 1.0});
  schema.add({.name = "same_sample",
              .type = ParamType::kBool,
              .default_value = false,
              .doc = "EG / Alt-GDA: evaluate both queries of an iteration on one batch"});
  schema.add({.name = "output",
              .type = ParamType::kString,
              .default_value = "last",
              .doc = "returned iterate: last, best (by output_metric), uniform (random iterate)",
              .choices = {"last", "best", "uniform"}});
  schema.add({.name = "output_metric",
              .type = ParamType::kString,
              .default_value = "grad_phi_norm",
              .doc = "metric of output=best",
              .choices = {"grad_phi_norm", "grad_norm", "dist_to_solution"}});
  const ParamSchema projection = problems::projection_schema();
  for (const auto& spec : projection.specs()) schema.add(spec);
  return schema;
}

double default_ratio(SchemeKind scheme, double kappa) {
  // Li et al. 2022 / spec §3.3: Sim-GDA needs tau > (1 + eta_y ell) kappa, so 2 kappa at eta_y = 1/ell;
  // Alt-GDA, EG and OGDA need about kappa.
  return scheme == SchemeKind::kSimultaneousGda ? 2.0 * kappa : kappa;
}

MethodConfig make_method_config(const std::string& scheme_name, const Json& params,
                                const problems::MinimaxProblem& problem) {
  const SchemeKind scheme = scheme_from_string(scheme_name);
  const std::string where = fmt::format("method '{}'", scheme_name);
  const Params p = minimax_method_schema().bind(params, where);
  MethodConfig config;
  config.scheme = scheme;
  const double eta_y = p.has("eta_y") ? p.real("eta_y") : 1.0 / problem.smoothness();
  if (p.has("eta_x") && p.has("ratio"))
    throw ConfigError(fmt::format("{}: give either eta_x or ratio (= eta_y/eta_x), not both", where));
  if (p.has("eta_x")) {
    config.steps = TwoTimescaleSteps::from_steps(p.real("eta_x"), eta_y);
  } else if (p.has("ratio")) {
    config.steps = TwoTimescaleSteps::from_ratio(eta_y, p.real("ratio"));
  } else {
    const auto kappa = problem.condition_number();
    if (!kappa)
      throw ConfigError(
          fmt::format("{}: problem '{}' is not strongly concave in y, so the default ratio "
                      "(a multiple of kappa) is undefined; set method.ratio or method.eta_x",
                      where, problem.name()));
    config.steps = TwoTimescaleSteps::from_ratio(eta_y, default_ratio(scheme, *kappa));
  }
  config.batch_size = p.integer("batch");
  if (config.batch_size > 1 && !problem.is_stochastic())
    throw ConfigError(
        fmt::format("{}: batch = {} but problem '{}' is deterministic; set problem.noise > 0 or "
                    "batch = 1",
                    where, config.batch_size, problem.name()));
  config.same_sample = p.flag("same_sample");
  problems::ConstraintSet set = problems::ConstraintSet::simplex(1);
  if (problems::constraint_set_from_params(p, problem.dim_y(), &set)) {
    set.check_dim(problem.dim_y(), where);
    // A problem that defines its own Y (the DRO simplex) computes Phi, y*(x) and its solution over that set;
    // a different projection would silently solve another problem, so only the same set (or none) is
    // accepted.
    if (const problems::ConstraintSet* own = problem.y_set(); own && own->describe() != set.describe())
      throw ConfigError(
          fmt::format("{}: problem '{}' constrains y to {}; a method projection onto {} would change "
                      "the problem; drop method.projection",
                      where, problem.name(), own->describe(), set.describe()));
    config.projection = set;
  }
  const std::string output = p.text("output");
  config.output.kind = output == "last"   ? OutputKind::kLast
                       : output == "best" ? OutputKind::kBest
                                          : OutputKind::kUniform;
  config.output.metric = p.text("output_metric");
  if (config.output.kind == OutputKind::kBest) {
    if (config.output.metric == "grad_phi_norm" && !(problem.has_phi() && problem.phi_is_smooth()) &&
        !problem.strong_concavity())
      throw ConfigError(
          fmt::format("{}: output=best by grad_phi_norm needs a smooth Phi, but problem '{}' is "
                      "not strongly concave; use output_metric = grad_norm",
                      where, problem.name()));
    if (config.output.metric == "dist_to_solution" && !problem.solution())
      throw ConfigError(
          fmt::format("{}: output=best by dist_to_solution needs a known solution, which problem "
                      "'{}' does not have; use grad_phi_norm or grad_norm",
                      where, problem.name()));
  }
  return config;
}

UpdateScheme make_update_scheme(const MethodConfig& config, const problems::MinimaxProblem& problem) {
  const problems::ConstraintSet* set = config.projection ? &*config.projection : problem.y_set();
  if (set) set->check_dim(problem.dim_y(), fmt::format("method '{}'", to_string(config.scheme)));
  return UpdateScheme(config.scheme, config.steps, set, config.same_sample);
}

const NamedRegistry<MinimaxMethodFactory>& minimax_methods() {
  static const NamedRegistry<MinimaxMethodFactory> registry = [] {
    NamedRegistry<MinimaxMethodFactory> r("minimax method");
    const std::pair<SchemeKind, const char*> entries[] = {
        {SchemeKind::kSimultaneousGda, "simultaneous gradient descent ascent (1 call/iteration)"},
        {SchemeKind::kAlternatingGda, "alternating GDA, x first (2 calls/iteration: two query points)"},
        {SchemeKind::kExtragradient, "extragradient (2 calls/iteration)"},
        {SchemeKind::kOptimisticGda, "optimistic GDA, reuses the previous gradient (1 call/iteration)"},
        {SchemeKind::kPastExtragradient, "past / single-call extragradient, Popov (1 call/iteration)"}};
    for (const auto& [kind, description] : entries) {
      const std::string name = to_string(kind);
      r.add({name, description, minimax_method_schema(),
             [name](const Params& params, const problems::MinimaxProblem& problem) {
               return make_method_config(name, params.json(), problem);
             }});
    }
    return r;
  }();
  return registry;
}

}  // namespace ellopt::minimax
