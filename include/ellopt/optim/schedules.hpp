// Learning-rate schedules as plain functions of the step count (Optax style), and the step rule that applies
// one. The current learning rate is readable at any time: `schedule(step)` is pure, and
// ComposedMethod::current_step_size() / its state hold the last one used.
#pragma once

#include <string>

#include "ellopt/core/params.hpp"
#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

struct Schedule {
  enum class Kind { kConstant, kStep, kCosine };
  Kind kind = Kind::kConstant;
  double lr = 1e-3;                 // the base (peak) learning rate
  std::int64_t decay_every = 1000;  // step: multiply by decay_factor every decay_every steps
  double decay_factor = 0.1;
  std::int64_t total_steps = 1000;  // cosine: lr_min + (lr - lr_min)(1 + cos(pi t/T))/2, then lr_min after T
  double lr_min = 0.0;
  std::int64_t warmup_steps = 0;  // linear warm-up lr (t + 1)/W for t < W, before any kind (0: none)

  // The learning rate used at step t (t = 0 is the first step). Validated by validate().
  double operator()(std::int64_t t) const;
  void validate() const;  // ConfigError naming the method.<key> at fault
  Json describe() const;
};

std::string to_string(Schedule::Kind kind);

// Adds the schedule keys (lr, schedule, decay_every, decay_factor, total_steps, lr_min, warmup_steps) to a
// method's schema, with `default_lr` as lr's default.
void add_schedule_params(ParamSchema& schema, double default_lr);
// The same keys without lr, for methods whose lr is required (sgd, momentum, ...) and declared by the method.
void add_schedule_keys(ParamSchema& schema);
// Reads them back. schedule = "warmup" is linear warm-up then constant (needs warmup_steps >= 1).
Schedule schedule_from_params(const Params& params);

class ScheduledStep final : public StepRule {
 public:
  explicit ScheduledStep(Schedule schedule);
  std::string name() const override { return "schedule"; }
  void reset(const Objective&, const Vector&) override {}
  double step_size(std::int64_t step, const Vector&) const override { return schedule_(step); }
  Json describe() const override { return schedule_.describe(); }
  const Schedule& schedule() const { return schedule_; }

 private:
  Schedule schedule_;
};

}  // namespace ellopt::optim
