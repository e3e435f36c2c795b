// `spider`, `sarah`, `svrg` (Reisizadeh, Li, Das, Jadbabaie 2023; spec optimization.md §3.4-§3.5):
//   spider = spider estimator | clip_order (default 2: min(1, c1/|v|, c2/|v|^2)) | schedule
//   sarah  = the same recursion without clipping (clip_order 0), as in the authors' code
//   svrg   = svrg estimator   | clip_order (default 0)                            | schedule
#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/schedules.hpp"
#include "ellopt/optim/variance_reduced.hpp"

namespace ellopt::optim {
namespace {

ParamSchema variance_reduced_schema(std::int64_t default_order, std::int64_t default_S2, bool spider_options) {
  ParamSchema schema;
  add_schedule_params(schema, 0.5);
  schema.add({"S1", ParamType::kInteger, 1024,
              "checkpoint batch (S1 >= n on a finite sum: the exact full gradient, costing n)", 1.0, {}});
  schema.add({"S2", ParamType::kInteger, default_S2, "inner batch, the same samples at both points (S2 <= S1)", 1.0,
              {}});
  schema.add({"epoch", ParamType::kString, "fixed",
              "fixed: a checkpoint every q steps (SPIDER-SFO); loopless: with probability p per step (authors' code)",
              {}, {}, false, false, {"fixed", "loopless"}});
  schema.add({"q", ParamType::kInteger, 32, "epoch length for epoch=fixed", 1.0, {}});
  schema.add({"p", ParamType::kReal, nullptr, "checkpoint probability for epoch=loopless (default S2/S1)", 0.0, 1.0,
              true, false, {}, true});
  schema.add({"clip_order", ParamType::kInteger, default_order,
              "0: no clip; 1: lr min(1, c1/|v|); 2: lr min(1, c1/|v|, c2/|v|^2) (Reisizadeh et al. 2023)", 0.0, 2.0});
  schema.add({"c1", ParamType::kReal, 2.0, "first clip threshold (orders 1 and 2)", 0.0, {}, true});
  schema.add({"c2", ParamType::kReal, 16.0, "second clip threshold (order 2)", 0.0, {}, true});
  schema.add({"norm_is_squared", ParamType::kBool, false,
              "authors' code quirk 1: use |v|^2 where the formula says |v| (default: textbook)"});
  if (spider_options)
    schema.add({"store_clipped_estimator", ParamType::kBool, false,
                "authors' code quirk 2: keep the clipped alpha v as v_{k-1} (default: textbook, unclipped)"});
  return schema;
}

EpochRule epoch_rule(const Params& p) {
  EpochRule rule;
  rule.mode = p.text("epoch") == "loopless" ? EpochRule::Mode::kLoopless : EpochRule::Mode::kFixed;
  rule.q = p.integer("q");
  const double default_p = static_cast<double>(p.integer("S2")) / static_cast<double>(p.integer("S1"));
  rule.p = p.has("p") ? p.real("p") : std::min(1.0, default_p);
  return rule;
}

std::vector<std::unique_ptr<Transform>> clip_chain(const Params& p) {
  std::vector<std::unique_ptr<Transform>> chain;
  const auto order = static_cast<int>(p.integer("clip_order"));
  if (order > 0 || p.flag("norm_is_squared"))
    chain.push_back(std::make_unique<ClipByOrder>(order, p.real("c1"), p.real("c2"), p.flag("norm_is_squared")));
  return chain;
}

std::unique_ptr<Method> make_spider(const std::string& name, const Params& p, const Objective& f) {
  require_stochastic(f, name);
  auto estimator = std::make_unique<SpiderEstimator>(p.integer("S1"), p.integer("S2"), epoch_rule(p),
                                                     p.flag("store_clipped_estimator"));
  return std::make_unique<ComposedMethod>(name, std::move(estimator), clip_chain(p),
                                          std::make_unique<ScheduledStep>(schedule_from_params(p)));
}

std::unique_ptr<Method> make_svrg(const Params& p, const Objective& f) {
  require_stochastic(f, "svrg");
  auto estimator = std::make_unique<SvrgEstimator>(p.integer("S1"), p.integer("S2"), epoch_rule(p));
  return std::make_unique<ComposedMethod>("svrg", std::move(estimator), clip_chain(p),
                                          std::make_unique<ScheduledStep>(schedule_from_params(p)));
}

}  // namespace

void register_variance_reduced(MethodRegistry& registry) {
  registry.add({"spider",
                "clipped SPIDER (Reisizadeh et al. 2023): v_k = g_S2(x_k) - g_S2(x_{k-1}) + v_{k-1}, checkpoint "
                "batch S1 every q steps or with prob. p, step lr min(1, c1/|v|, c2/|v|^2) v",
                variance_reduced_schema(2, 32, true),
                [](const Params& p, const Objective& f) { return make_spider("spider", p, f); }});
  registry.add({"sarah", "SARAH (Nguyen et al. 2017): the SPIDER recursion without clipping (clip_order 0)",
                variance_reduced_schema(0, 32, true),
                [](const Params& p, const Objective& f) { return make_spider("sarah", p, f); }});
  registry.add({"svrg",
                "SVRG (Johnson & Zhang 2013): v = g_B(x) - g_B(x~) + mu, snapshot every q steps or with prob. p "
                "(loopless); baseline of Reisizadeh et al. 2023",
                variance_reduced_schema(0, 102, false),
                [](const Params& p, const Objective& f) { return make_svrg(p, f); }});
}

}  // namespace ellopt::optim
