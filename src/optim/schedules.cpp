#include "ellopt/optim/schedules.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "ellopt/core/error.hpp"

namespace ellopt::optim {

std::string to_string(Schedule::Kind kind) {
  switch (kind) {
    case Schedule::Kind::kConstant:
      return "constant";
    case Schedule::Kind::kStep:
      return "step";
    case Schedule::Kind::kCosine:
      return "cosine";
  }
  return "?";
}

double Schedule::operator()(std::int64_t t) const {
  if (t < warmup_steps) return lr * static_cast<double>(t + 1) / static_cast<double>(warmup_steps);
  const std::int64_t s = t - warmup_steps;  // the decay starts after the warm-up
  switch (kind) {
    case Kind::kConstant:
      return lr;
    case Kind::kStep:
      return lr * std::pow(decay_factor, static_cast<double>(s / decay_every));
    case Kind::kCosine: {
      if (s >= total_steps) return lr_min;
      const double phase = std::numbers::pi * static_cast<double>(s) / static_cast<double>(total_steps);
      return lr_min + (lr - lr_min) * 0.5 * (1.0 + std::cos(phase));
    }
  }
  return lr;
}

void Schedule::validate() const {
  if (!(lr > 0.0) || !std::isfinite(lr))
    throw ConfigError(fmt::format("method.lr = {} must be positive and finite", lr));
  if (warmup_steps < 0) throw ConfigError(fmt::format("method.warmup_steps = {} must be >= 0", warmup_steps));
  if (kind == Kind::kStep) {
    if (decay_every < 1) throw ConfigError(fmt::format("method.decay_every = {} must be >= 1", decay_every));
    if (!(decay_factor > 0.0 && decay_factor <= 1.0))
      throw ConfigError(fmt::format("method.decay_factor = {} must lie in (0, 1]", decay_factor));
  }
  if (kind == Kind::kCosine) {
    if (total_steps < 1) throw ConfigError(fmt::format("method.total_steps = {} must be >= 1", total_steps));
    if (!(lr_min >= 0.0 && lr_min <= lr))
      throw ConfigError(fmt::format("method.lr_min = {} must lie in [0, lr = {}]", lr_min, lr));
  }
}

Json Schedule::describe() const {
  Json out = {
      {"rule", "schedule"}, {"schedule", to_string(kind)}, {"lr", lr}, {"warmup_steps", warmup_steps}};
  if (kind == Kind::kStep) {
    out["decay_every"] = decay_every;
    out["decay_factor"] = decay_factor;
  }
  if (kind == Kind::kCosine) {
    out["total_steps"] = total_steps;
    out["lr_min"] = lr_min;
  }
  return out;
}

void add_schedule_params(ParamSchema& schema, double default_lr) {
  schema.add(
      {"lr", ParamType::kReal, default_lr, "base learning rate (the peak of a schedule)", 0.0, {}, true});
  add_schedule_keys(schema);
}

void add_schedule_keys(ParamSchema& schema) {
  schema.add(
      {"schedule",
       ParamType::kString,
       "constant",
       "learning-rate schedule of the step t: constant, step, cosine, warmup (linear warm-up then constant)",
       {},
       {},
       false,
       false,
       {"constant", "step", "cosine", "warmup"}});
  schema.add({"decay_every", ParamType::kInteger, 1000, "schedule=step: decay period in steps", 1.0, {}});
  schema.add({"decay_factor", ParamType::kReal, 0.1, "schedule=step: multiplier per period", 0.0, 1.0, true});
  schema.add(
      {"total_steps", ParamType::kInteger, 1000, "schedule=cosine: length T of the cosine decay", 1.0, {}});
  schema.add({"lr_min", ParamType::kReal, 0.0, "schedule=cosine: final learning rate", 0.0, {}});
  schema.add({"warmup_steps",
              ParamType::kInteger,
              0,
              "linear warm-up lr (t+1)/W over the first W steps, before any schedule (0: none)",
              0.0,
              {}});
}

Schedule schedule_from_params(const Params& p) {
  Schedule s;
  s.lr = p.real("lr");
  const std::string kind = p.text("schedule");
  s.kind = kind == "step"     ? Schedule::Kind::kStep
           : kind == "cosine" ? Schedule::Kind::kCosine
                              : Schedule::Kind::kConstant;
  s.decay_every = p.integer("decay_every");
  s.decay_factor = p.real("decay_factor");
  s.total_steps = p.integer("total_steps");
  s.lr_min = p.real("lr_min");
  s.warmup_steps = p.integer("warmup_steps");
  if (kind == "warmup" && s.warmup_steps < 1)
    throw ConfigError(
        fmt::format("{}: schedule=warmup needs method.warmup_steps >= 1 (e.g. --set "
                    "method.warmup_steps=100)",
                    p.where()));
  s.validate();
  return s;
}

ScheduledStep::ScheduledStep(Schedule schedule) : schedule_(schedule) {
  schedule_.validate();
}

}  // namespace ellopt::optim
