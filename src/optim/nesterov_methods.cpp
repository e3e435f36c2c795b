// `nag`: Li et al. 2023a Algorithm 1 (modified NAG) or classical NAG, with the Thm 4.4 step rule.
#include <fmt/format.h>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/nesterov.hpp"
#include "ellopt/optim/registry.hpp"

namespace ellopt::optim {
namespace {

NagOptions nag_options(const Params& p, const Objective& f) {
  NagOptions options;
  options.classical = p.flag("classical");
  std::string step = p.text("step");
  if (step == "theory") step = "thm4.4";
  if (step == "constant") {
    if (!p.has("lr"))
      throw ConfigError(fmt::format("{}: step=constant needs method.lr (e.g. --set method.lr=0.01)", p.where()));
    options.step = NagStepKind::kConstant;
    options.lr = p.real("lr");
  } else {
    if (p.has("lr"))
      throw ConfigError(fmt::format("{}: method.lr is only used with method.step=constant (step is '{}'); use "
                                    "method.scale to shrink a theory step",
                                    p.where(), step));
    options.step = step == "sublinear" ? NagStepKind::kSubLinear : NagStepKind::kTheorem44;
  }
  options.scale = p.real("scale");
  if (p.has("f_star")) options.f_star = p.real("f_star");
  if (p.has("distance")) options.distance = p.real("distance");
  if (!f.is_convex())
    // Thm 4.4 is a convex theorem; NAG still runs on a non-convex problem with the user's step.
    if (options.step != NagStepKind::kConstant)
      throw ConfigError(fmt::format("{}: the NAG theory step (Li et al. 2023a, Thm 4.4) assumes a convex objective "
                                    "and '{}' is not; use method.step=constant with method.lr",
                                    p.where(), f.name()));
  return options;
}

}  // namespace

void register_nesterov(MethodRegistry& registry) {
  ParamSchema schema{
      {"classical", ParamType::kBool, false,
       "classical NAG (A_{t+1} = B_{t+1}) instead of the paper's modified A_{t+1} = B_{t+1} + 1/eta"},
      {"step", ParamType::kString, "theory",
       "step rule: theory (= thm4.4), thm4.4 (min(1/(16L^2), 1/(2L))), sublinear (1/(2L), sub-linear l only), "
       "constant",
       {}, {}, false, false, {"theory", "thm4.4", "sublinear", "constant"}},
      {"lr", ParamType::kReal, nullptr, "step size eta for step=constant", 0.0, {}, true, false, {}, true},
      {"scale", ParamType::kReal, 1.0, "fraction of the theory step actually used", 0.0, 1.0, true},
      {"f_star", ParamType::kReal, nullptr, "f* when the problem does not know it", {}, {}, false, false, {}, true},
      {"distance", ParamType::kReal, nullptr, "upper bound D >= |x0 - x*| when the problem has no known minimizer",
       0.0, {}, false, false, {}, true},
  };
  registry.add({"nag",
                "Nesterov's accelerated gradient, Li et al. 2023a Algorithm 1 (modified, or classical); eta from Thm "
                "4.4 or constant",
                schema, [](const Params& p, const Objective& f) -> std::unique_ptr<Method> {
                  return std::make_unique<NesterovMethod>(nag_options(p, f));
                }});
}

}  // namespace ellopt::optim
