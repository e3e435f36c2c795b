// `gd`: exact gradient | no transform | constant or theory step (Li et al. 2023a, Thm 4.2 / Thm 5.2).
#include <fmt/format.h>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/estimators.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/step_rules.hpp"

namespace ellopt::optim {

std::unique_ptr<StepRule> make_gd_step_rule(const Params& p, const Objective& f) {
  std::string step = p.text("step");
  if (step == "theory") step = f.is_convex() ? "thm4.2" : "thm5.2";
  if (step == "constant") {
    if (!p.has("lr"))
      throw ConfigError(fmt::format("{}: step=constant needs method.lr (e.g. --set method.lr=0.01)", p.where()));
    return std::make_unique<ConstantStep>(p.real("lr"));
  }
  if (p.has("lr"))
    throw ConfigError(fmt::format("{}: method.lr is only used with method.step=constant (step is '{}'); use "
                                  "method.scale to shrink a theory step",
                                  p.where(), step));
  const double scale = p.real("scale");
  if (step == "thm4.2") {
    if (!f.is_convex())
      throw ConfigError(fmt::format("{}: step rule thm4.2 (Li et al. 2023a, Thm 4.2) assumes a convex objective "
                                    "and '{}' is not; use step=thm5.2",
                                    p.where(), f.name()));
    return std::make_unique<ConvexGdTheoryStep>(scale);
  }
  std::optional<double> f_star;
  if (p.has("f_star")) f_star = p.real("f_star");
  return std::make_unique<NonconvexGdTheoryStep>(scale, f_star);
}

void register_gradient_descent(MethodRegistry& registry) {
  ParamSchema schema{
      {"step", ParamType::kString, "theory",
       "step rule: theory (thm4.2 if the problem is convex, else thm5.2), thm4.2, thm5.2, constant", {}, {}, false,
       false, {"theory", "thm4.2", "thm5.2", "constant"}},
      {"lr", ParamType::kReal, nullptr, "step size for step=constant", 0.0, {}, true, false, {}, true},
      {"scale", ParamType::kReal, 1.0, "fraction of the theory step actually used (theorems allow any eta <= bound)",
       0.0, 1.0, true},
      {"f_star", ParamType::kReal, nullptr, "lower bound on f for thm5.2 when the problem does not know f*", {}, {},
       false, false, {}, true},
  };
  registry.add({"gd", "gradient descent x <- x - eta grad f(x); eta constant or from Li et al. 2023a Thm 4.2/5.2",
                schema, [](const Params& p, const Objective& f) -> std::unique_ptr<Method> {
                  std::vector<std::unique_ptr<Transform>> none;
                  return std::make_unique<ComposedMethod>("gd", std::make_unique<ExactGradient>(), std::move(none),
                                                          make_gd_step_rule(p, f));
                }});
}

}  // namespace ellopt::optim
