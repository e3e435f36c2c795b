// The SGD family: `sgd`, `clipped-sgd`, `normalized-sgd`, `momentum`, each minibatch | transforms | step
// rule. On a deterministic problem every sample is the exact gradient, so these run as their full-batch
// versions (sgd is then gradient descent); that is allowed and documented in docs/optimizers.md.
#include <fmt/format.h>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/direction_transforms.hpp"
#include "ellopt/optim/minibatch_gradient.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/schedules.hpp"
#include "ellopt/optim/sgd_step_rules.hpp"
#include "ellopt/optim/step_rules.hpp"

namespace ellopt::optim {
namespace {

ParamSpec batch_spec() {
  return {"batch", ParamType::kInteger, 1, "samples averaged per step (minibatch size)", 1.0, 1e9};
}
ParamSpec lr_spec(const char* doc) {
  return {"lr", ParamType::kReal, nullptr, doc, 0.0, {}, true, false, {}, true};
}

// The lr of these methods is required (no default), so the schedule keys are added without lr and the
// schedule is built only once lr is known; schedule=constant gives the plain constant step.
Schedule required_schedule(const Params& p) {
  if (!p.has("lr"))
    throw ConfigError(fmt::format("{}: needs method.lr (e.g. --set method.lr=0.01)", p.where()));
  return schedule_from_params(p);
}

std::unique_ptr<StepRule> scheduled_or_constant(const Params& p) {
  const Schedule schedule = required_schedule(p);
  if (schedule.kind == Schedule::Kind::kConstant && schedule.warmup_steps == 0)
    return std::make_unique<ConstantStep>(schedule.lr);
  return std::make_unique<ScheduledStep>(schedule);
}

std::unique_ptr<Method> compose(std::string name, const Params& p,
                                std::vector<std::unique_ptr<Transform>> transforms,
                                std::unique_ptr<StepRule> rule) {
  return std::make_unique<ComposedMethod>(std::move(name),
                                          std::make_unique<MinibatchGradient>(p.integer("batch")),
                                          std::move(transforms), std::move(rule));
}

std::unique_ptr<StepRule> sgd_step_rule(const Params& p) {
  const std::string step = p.text("step");
  if (step == "constant") {
    for (const char* key : {"horizon", "sigma", "f_star"})
      if (p.has(key))
        throw ConfigError(fmt::format("{}: method.{} is only used with method.step=thm5.3", p.where(), key));
    return scheduled_or_constant(p);
  }
  if (p.text("schedule") != "constant" || p.integer("warmup_steps") > 0)
    throw ConfigError(
        fmt::format("{}: method.schedule applies to step=constant; the Thm 5.3 step is fixed by the "
                    "theorem",
                    p.where()));
  if (p.has("lr"))
    throw ConfigError(
        fmt::format("{}: method.lr is only used with method.step=constant; use method.scale or "
                    "method.c to shrink the Thm 5.3 step",
                    p.where()));
  SgdTheoryOptions options;
  if (!p.has("horizon"))
    throw ConfigError(fmt::format(
        "{}: step=thm5.3 needs the horizon T (method.horizon, usually the run's steps)", p.where()));
  options.horizon = p.integer("horizon");
  options.delta = p.real("delta");
  if (p.has("sigma")) options.sigma = p.real("sigma");
  if (p.has("f_star")) options.f_star = p.real("f_star");
  options.c = p.real("c");
  options.scale = p.real("scale");
  return std::make_unique<SgdTheoryStep>(options);
}

void register_sgd_method(MethodRegistry& registry) {
  ParamSchema schema{
      batch_spec(),
      {"step",
       ParamType::kString,
       "constant",
       "step rule: constant (method.lr) or thm5.3 (Li et al. 2023a: min(1/(2L), c/(G sqrt(T))))",
       {},
       {},
       false,
       false,
       {"constant", "thm5.3"}},
      lr_spec("step size eta for step=constant"),
      {"horizon",
       ParamType::kInteger,
       nullptr,
       "thm5.3: the horizon T (steps of the run)",
       1.0,
       1e15,
       false,
       false,
       {},
       true},
      {"delta", ParamType::kReal, 0.1, "thm5.3: failure probability delta", 0.0, 1.0, true, true},
      {"sigma",
       ParamType::kReal,
       nullptr,
       "thm5.3: noise level sqrt(E|eps|^2); default from the problem's noise",
       0.0,
       {},
       false,
       false,
       {},
       true},
      {"f_star",
       ParamType::kReal,
       nullptr,
       "thm5.3: f* when the problem does not know it",
       {},
       {},
       false,
       false,
       {},
       true},
      {"c",
       ParamType::kReal,
       0.25,
       "thm5.3: constant of the c/(G sqrt(T)) cap (the theorem's is 1/4)",
       0.0,
       {},
       true},
      {"scale", ParamType::kReal, 1.0, "thm5.3: fraction of the theory step actually used", 0.0, 1.0, true},
  };
  add_schedule_keys(schema);
  registry.add(
      {"sgd",
       "stochastic gradient descent x <- x - eta g (minibatch); eta constant or Li et al. 2023a Thm 5.3",
       schema, [](const Params& p, const Objective&) -> std::unique_ptr<Method> {
         return compose("sgd", p, {}, sgd_step_rule(p));
       }});
}

void register_clipped_sgd(MethodRegistry& registry) {
  ParamSchema schema{
      batch_spec(),
      lr_spec("the largest step eta"),
      {"clip",
       ParamType::kReal,
       1.0,
       "gamma: the step length cap, eta_t = min(eta, gamma/|g|)",
       0.0,
       {},
       true},
  };
  add_schedule_keys(schema);
  registry.add({"clipped-sgd", "clipped SGD x <- x - min(eta, gamma/|g|) g (Zhang et al. 2019)", schema,
                [](const Params& p, const Objective&) -> std::unique_ptr<Method> {
                  return compose("clipped-sgd", p, {},
                                 std::make_unique<ClippedStep>(required_schedule(p), p.real("clip")));
                }});
}

void register_normalized_sgd(MethodRegistry& registry) {
  ParamSchema schema{batch_spec(), lr_spec("step length eta (|x_{t+1} - x_t| = eta)")};
  add_schedule_keys(schema);
  registry.add({"normalized-sgd", "normalized SGD x <- x - eta g/|g|", schema,
                [](const Params& p, const Objective&) -> std::unique_ptr<Method> {
                  std::vector<std::unique_ptr<Transform>> chain;
                  chain.push_back(normalize());
                  return compose("normalized-sgd", p, std::move(chain), scheduled_or_constant(p));
                }});
}

void register_momentum(MethodRegistry& registry) {
  ParamSchema schema{
      batch_spec(),
      lr_spec("step size eta"),
      {"momentum", ParamType::kReal, 0.9, "momentum factor mu", 0.0, 1.0, false, true},
      {"dampening", ParamType::kReal, 0.0, "dampening of the gradient in the buffer", 0.0, 1.0},
      {"nesterov", ParamType::kBool, false, "Nesterov momentum (needs momentum > 0, dampening = 0)"},
      {"weight_decay", ParamType::kReal, 0.0, "coupled L2 weight decay added to the gradient", 0.0, {}},
  };
  add_schedule_keys(schema);
  registry.add({"momentum",
                "SGD with heavy-ball momentum in torch.optim.SGD's convention (dampening, nesterov, "
                "weight_decay)",
                schema, [](const Params& p, const Objective&) -> std::unique_ptr<Method> {
                  MomentumOptions options;
                  options.momentum = p.real("momentum");
                  options.dampening = p.real("dampening");
                  options.nesterov = p.flag("nesterov");
                  options.weight_decay = p.real("weight_decay");
                  std::vector<std::unique_ptr<Transform>> chain;
                  chain.push_back(heavy_ball_momentum(options));
                  return compose("momentum", p, std::move(chain), scheduled_or_constant(p));
                }});
}

}  // namespace

void register_sgd_family(MethodRegistry& registry) {
  register_sgd_method(registry);
  register_clipped_sgd(registry);
  register_normalized_sgd(registry);
  register_momentum(registry);
}

}  // namespace ellopt::optim
