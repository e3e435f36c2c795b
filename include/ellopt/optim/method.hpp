// A first-order method is a composition of three independent choices (docs/architecture.md):
//   1. an estimator: how the gradient is estimated (exact, minibatch, SPIDER, STORM, ...);
//   2. a chain of transforms: how the direction is shaped (clip, normalize, momentum, Adam scaling, ...);
//   3. a step rule: how far to step (constant, schedule, a theorem's rule computed from the smoothness model).
// `ComposedMethod` runs estimator | transforms | step rule; methods whose state does not factor this way
// (Nesterov's three sequences) implement `Method` directly. Named aliases (gd, adam, ...) live in the registry.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ellopt/core/params.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/problems/objective.hpp"

namespace ellopt::optim {

using problems::Objective;

class GradientEstimator {
 public:
  virtual ~GradientEstimator() = default;
  virtual std::string name() const = 0;
  // Allocates buffers for f.dim(); called once before the first step.
  virtual void reset(const Objective& f, const Vector& x0, RngStream& rng) = 0;
  // Writes the estimate at x into `out` (already sized); returns the gradient evaluations used (a
  // minibatch of b samples counts b; a sample evaluated at two points counts 2).
  virtual std::int64_t estimate(const Objective& f, const Vector& x, RngStream& rng, Vector& out) = 0;
  // Called by ComposedMethod after the transforms shaped the direction and before x moves: estimators whose
  // recursion reuses the shaped vector (SPIDER's `store_clipped_estimator`, the authors' code) read it here.
  virtual void observe_step(const Vector& /*shaped_direction*/) {}
  // Checkpointing: everything the next estimate depends on. An estimator that draws its samples from the run's
  // stream cannot be resumed bit-identically; the variance-reduced ones derive a stream per step from a key
  // kept in their state (include/ellopt/optim/sampling.hpp) for that reason.
  virtual Json state() const { return Json::object(); }
  virtual void load_state(const Json& state);
};

// Optax's GradientTransformation: reshapes the direction in place.
class Transform {
 public:
  virtual ~Transform() = default;
  virtual std::string name() const = 0;
  virtual void reset(Index dim) = 0;
  // `step` counts from 0.
  virtual void apply(Vector& direction, const Vector& x, std::int64_t step) = 0;
  virtual Json state() const { return Json::object(); }
  virtual void load_state(const Json& state);
};

class StepRule {
 public:
  virtual ~StepRule() = default;
  virtual std::string name() const = 0;
  // Theory rules compute their constants here from the problem and the start point.
  virtual void reset(const Objective& f, const Vector& x0) = 0;
  // The step size for step `step` (from 0) given the shaped direction.
  virtual double step_size(std::int64_t step, const Vector& direction) const = 0;
  // Derived constants (G, L, eta, the theorem used), stored with the run.
  virtual Json describe() const { return {{"rule", name()}}; }
};

struct StepReport {
  std::int64_t gradient_evaluations = 0;
  double step_size = 0.0;
};

class Method {
 public:
  virtual ~Method() = default;
  virtual std::string name() const = 0;
  virtual void reset(const Objective& f, const Vector& x0, RngStream& rng) = 0;
  // Advances x in place by one iteration.
  virtual StepReport step(const Objective& f, Vector& x, RngStream& rng) = 0;
  virtual Json describe() const = 0;
  // Checkpoint and resume. A run is resumed by reset(f, x0, rng) with the ORIGINAL start x0 (theory step rules
  // derive their constants from it), then load_state(saved), then stepping from the saved iterate; the result is
  // bit-identical to the uninterrupted run (tests/optim/checkpoint_test.cpp). The default saves nothing and
  // refuses a non-empty state, so a method without state support cannot silently resume wrong.
  virtual Json state() const { return Json::object(); }
  virtual void load_state(const Json& state);
};

class ComposedMethod final : public Method {
 public:
  ComposedMethod(std::string name, std::unique_ptr<GradientEstimator> estimator,
                 std::vector<std::unique_ptr<Transform>> transforms, std::unique_ptr<StepRule> step_rule);

  std::string name() const override { return name_; }
  void reset(const Objective& f, const Vector& x0, RngStream& rng) override;
  StepReport step(const Objective& f, Vector& x, RngStream& rng) override;
  Json describe() const override;
  // {"method", "dim", "step", "step_size", "direction", "estimator", "transforms": [...]}; load_state checks the
  // method name, the dimension and the transform chain and throws ConfigError naming what does not match.
  Json state() const override;
  void load_state(const Json& state) override;

  const StepRule& step_rule() const { return *step_rule_; }
  const GradientEstimator& estimator() const { return *estimator_; }
  // The step size used by the last step (the scheduled learning rate, readable at any time).
  double current_step_size() const { return current_step_size_; }

 private:
  std::string name_;
  std::unique_ptr<GradientEstimator> estimator_;
  std::vector<std::unique_ptr<Transform>> transforms_;
  std::unique_ptr<StepRule> step_rule_;
  Vector direction_;  // preallocated in reset(): no allocation per step
  std::int64_t step_count_ = 0;
  double current_step_size_ = 0.0;
};

}  // namespace ellopt::optim
