// `adam`, `adamw`, `vradam`: compositions estimator | transforms | step rule (docs/optimizers.md).
//   adam   = minibatch | [add_decayed_weights (coupled L2)] | scale_by_adam | schedule
//   adamw  = minibatch | scale_by_adam | add_decayed_weights (decoupled)    | schedule
//   vradam = storm     | scale_by_adam(beta1 = 0, v from the raw sample gradient) | schedule (constant: the paper)
#include <fmt/format.h>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/adam.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/sampling.hpp"
#include "ellopt/optim/schedules.hpp"
#include "ellopt/optim/variance_reduced.hpp"

namespace ellopt::optim {
namespace {

void add_beta_params(ParamSchema& schema, const char* beta1_doc) {
  schema.add({"beta1", ParamType::kReal, nullptr, beta1_doc, 0.0, 1.0, false, true, {}, true});
  schema.add({"beta2", ParamType::kReal, nullptr,
              "PyTorch convention: decay of the second moment, in [0, 1) (default 0.999)", 0.0, 1.0, false, true, {},
              true});
  schema.add({"beta", ParamType::kReal, nullptr,
              "Li et al. 2023 convention: weight of the NEW gradient in m, beta = 1 - beta1, in (0, 1]", 0.0, 1.0,
              true, false, {}, true});
  schema.add({"beta_sq", ParamType::kReal, nullptr,
              "Li et al. 2023 convention: weight of the new g^2 in v, beta_sq = 1 - beta2, in (0, 1]", 0.0, 1.0, true,
              false, {}, true});
}

// Both spellings are accepted; mixing them is ambiguous and refused.
AdamBetas resolve_betas(const Params& p, AdamBetas defaults) {
  const bool pytorch = p.has("beta1") || p.has("beta2");
  const bool li = p.has("beta") || p.has("beta_sq");
  if (pytorch && li)
    throw ConfigError(fmt::format("{}: give the momentum parameters in one convention: method.beta1/beta2 (PyTorch) "
                                  "or method.beta/beta_sq (Li et al. 2023, beta = 1 - beta1), not both",
                                  p.where()));
  if (li) {
    const LiBetas fallback = to_li_convention(defaults);
    return from_li_convention(p.has("beta") ? p.real("beta") : fallback.beta,
                              p.has("beta_sq") ? p.real("beta_sq") : fallback.beta_sq);
  }
  return {p.has("beta1") ? p.real("beta1") : defaults.beta1, p.has("beta2") ? p.real("beta2") : defaults.beta2};
}

ParamSchema adam_schema(double default_weight_decay, const char* decay_doc) {
  ParamSchema schema;
  add_schedule_params(schema, 1e-3);
  add_beta_params(schema, "PyTorch convention: decay of the first moment, in [0, 1) (default 0.9)");
  schema.add({"eps", ParamType::kReal, 1e-8, "added after sqrt(v_hat) (PyTorch placement; Li et al.'s lambda)", 0.0,
              {}, true});
  schema.add({"weight_decay", ParamType::kReal, default_weight_decay, decay_doc, 0.0, {}});
  schema.add({"amsgrad", ParamType::kBool, false, "use max_t v_t in the denominator (torch.optim.Adam amsgrad)"});
  schema.add({"batch", ParamType::kInteger, 1, "samples per step on a stochastic problem (ignored if deterministic)",
              1.0, {}});
  return schema;
}

std::unique_ptr<Method> make_adam(const std::string& name, const Params& p, bool decoupled) {
  ScaleByAdamOptions options;
  options.betas = resolve_betas(p, AdamBetas{});
  options.eps = p.real("eps");
  options.amsgrad = p.flag("amsgrad");
  const double weight_decay = p.real("weight_decay");
  std::vector<std::unique_ptr<Transform>> chain;
  // torch.optim.Adam adds wd x to the gradient before the moments (coupled L2); AdamW decays x directly.
  if (!decoupled && weight_decay > 0) chain.push_back(std::make_unique<AddDecayedWeights>(weight_decay));
  chain.push_back(std::make_unique<ScaleByAdam>(options));
  if (decoupled && weight_decay > 0) chain.push_back(std::make_unique<AddDecayedWeights>(weight_decay));
  return std::make_unique<ComposedMethod>(name, std::make_unique<MinibatchSampleGradient>(p.integer("batch")),
                                          std::move(chain), std::make_unique<ScheduledStep>(schedule_from_params(p)));
}

ParamSchema vradam_schema() {
  ParamSchema schema;
  add_schedule_params(schema, 1e-3);
  add_beta_params(schema,
                  "PyTorch-style spelling of the STORM weight: beta1 = 1 - beta, in [0, 1) (default: beta = 0.1)");
  schema.add({"eps", ParamType::kReal, 1e-8, "lambda, added after sqrt(v_hat)", 0.0, {}, true});
  schema.add({"S1", ParamType::kInteger, 64, "mega-batch of the first estimate m_1 (S1 >= n: full gradient)", 1.0,
              {}});
  schema.add({"batch", ParamType::kInteger, 1,
              "samples xi_t per step, each evaluated at x_t and x_{t-1} (Algorithm 2 uses 1)", 1.0, {}});
  return schema;
}

std::unique_ptr<Method> make_vradam(const Params& p, const Objective& f) {
  require_stochastic(f, "vradam");
  // beta is the STORM weight on the new gradient (Algorithm 2 line 6); beta_sq feeds v as in Adam.
  const AdamBetas betas = resolve_betas(p, AdamBetas{0.9, 0.999});
  const double beta = 1.0 - betas.beta1;
  if (!(beta > 0.0))
    throw ConfigError(fmt::format("{}: the STORM weight beta = 1 - beta1 must be > 0 (beta1 < 1)", p.where()));
  auto storm = std::make_unique<StormEstimator>(beta, p.integer("S1"), p.integer("batch"));
  ScaleByAdamOptions options;
  options.betas = {0.0, betas.beta2};  // beta1 = 0: the direction is m_t itself (no extra averaging)
  options.eps = p.real("eps");
  options.bias_correct_first = false;  // Li et al. 2023: m_t has no initialization bias, so no correction
  options.bias_correct_second = true;  // v_hat_t = v_t / (1 - (1 - beta_sq)^t)
  std::vector<std::unique_ptr<Transform>> chain;
  chain.push_back(std::make_unique<ScaleByAdam>(options, &storm->raw_gradient()));
  return std::make_unique<ComposedMethod>("vradam", std::move(storm), std::move(chain),
                                          std::make_unique<ScheduledStep>(schedule_from_params(p)));
}

}  // namespace

void register_adam(MethodRegistry& registry) {
  registry.add({"adam",
                "Adam (PyTorch convention, eps outside the sqrt, bias correction, coupled L2, amsgrad); Li et al. "
                "2023 convention via method.beta/beta_sq",
                adam_schema(0.0, "coupled L2: wd x is added to the gradient before the moments (torch.optim.Adam)"),
                [](const Params& p, const Objective&) { return make_adam("adam", p, false); }});
  registry.add({"adamw", "AdamW: Adam with decoupled weight decay x <- x - lr (u + wd x) (Loshchilov & Hutter 2019)",
                adam_schema(0.01, "decoupled decay x <- x(1 - lr wd) (torch.optim.AdamW, default 0.01)"),
                [](const Params& p, const Objective&) { return make_adam("adamw", p, true); }});
  registry.add({"vradam",
                "VRAdam (Li, Rakhlin, Jadbabaie 2023, Algorithm 2): mega-batch start, STORM momentum on one sample "
                "at x_t and x_{t-1}, no bias correction of m, bias-corrected v",
                vradam_schema(), [](const Params& p, const Objective& f) { return make_vradam(p, f); }});
}

}  // namespace ellopt::optim
