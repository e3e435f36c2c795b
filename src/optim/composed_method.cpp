#include <fmt/format.h>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/method.hpp"
#include "ellopt/optim/state_io.hpp"

namespace ellopt::optim {
namespace {

void refuse_nonempty(const Json& state, const std::string& what) {
  if (state.is_null() || (state.is_object() && state.empty())) return;
  throw ConfigError(fmt::format("{} keeps no checkpoint state, but the checkpoint holds {}; resume with the method "
                                "that wrote it",
                                what, state.dump()));
}

}  // namespace

void GradientEstimator::load_state(const Json& state) { refuse_nonempty(state, "estimator '" + name() + "'"); }
void Transform::load_state(const Json& state) { refuse_nonempty(state, "transform '" + name() + "'"); }
void Method::load_state(const Json& state) { refuse_nonempty(state, "method '" + name() + "'"); }

ComposedMethod::ComposedMethod(std::string name, std::unique_ptr<GradientEstimator> estimator,
                               std::vector<std::unique_ptr<Transform>> transforms,
                               std::unique_ptr<StepRule> step_rule)
    : name_(std::move(name)),
      estimator_(std::move(estimator)),
      transforms_(std::move(transforms)),
      step_rule_(std::move(step_rule)) {}

void ComposedMethod::reset(const Objective& f, const Vector& x0, RngStream& rng) {
  direction_.setZero(f.dim());
  estimator_->reset(f, x0, rng);
  for (auto& transform : transforms_) transform->reset(f.dim());
  step_rule_->reset(f, x0);
  step_count_ = 0;
  current_step_size_ = 0.0;
}

StepReport ComposedMethod::step(const Objective& f, Vector& x, RngStream& rng) {
  StepReport report;
  report.gradient_evaluations = estimator_->estimate(f, x, rng, direction_);
  for (auto& transform : transforms_) transform->apply(direction_, x, step_count_);
  estimator_->observe_step(direction_);
  report.step_size = step_rule_->step_size(step_count_, direction_);
  current_step_size_ = report.step_size;
  x.noalias() -= report.step_size * direction_;
  ++step_count_;
  return report;
}

Json ComposedMethod::describe() const {
  Json transforms = Json::array();
  for (const auto& transform : transforms_) transforms.push_back(transform->name());
  return {{"method", name_},
          {"estimator", estimator_->name()},
          {"transforms", transforms},
          {"step_rule", step_rule_->describe()}};
}

Json ComposedMethod::state() const {
  Json transforms = Json::array();
  for (const auto& transform : transforms_)
    transforms.push_back({{"name", transform->name()}, {"state", transform->state()}});
  return {{"method", name_},
          {"dim", direction_.size()},
          {"step", step_count_},
          {"step_size", current_step_size_},
          {"direction", vector_to_json(direction_)},
          {"estimator", {{"name", estimator_->name()}, {"state", estimator_->state()}}},
          {"transforms", transforms}};
}

void ComposedMethod::load_state(const Json& state) {
  const std::string where = fmt::format("resuming method '{}'", name_);
  const std::string saved_method = require_state_key(state, "method", where).get<std::string>();
  if (saved_method != name_)
    throw ConfigError(fmt::format("{}: the checkpoint was written by method '{}'; resume with --method {} or start "
                                  "a new run",
                                  where, saved_method, saved_method));
  const Index dim = direction_.size();
  const auto saved_dim = require_state_key(state, "dim", where).get<Index>();
  if (saved_dim != dim)
    throw ConfigError(fmt::format("{}: the checkpoint has dimension {} but the problem has dimension {}; resume with "
                                  "the problem (and dim) that wrote it",
                                  where, saved_dim, dim));
  const Json& estimator = require_state_key(state, "estimator", where);
  if (require_state_key(estimator, "name", where).get<std::string>() != estimator_->name())
    throw ConfigError(fmt::format("{}: the checkpoint's estimator is '{}', this method uses '{}'", where,
                                  estimator["name"].get<std::string>(), estimator_->name()));
  const Json& transforms = require_state_key(state, "transforms", where);
  if (!transforms.is_array() || transforms.size() != transforms_.size())
    throw ConfigError(fmt::format("{}: the checkpoint has a different transform chain ({}); resume with the same "
                                  "method options",
                                  where, transforms.dump()));
  for (std::size_t i = 0; i < transforms_.size(); ++i)
    if (require_state_key(transforms[i], "name", where).get<std::string>() != transforms_[i]->name())
      throw ConfigError(fmt::format("{}: transform {} of the checkpoint is '{}', this method has '{}'", where, i,
                                    transforms[i]["name"].get<std::string>(), transforms_[i]->name()));
  // Everything is validated; now load (a failure below still names the key).
  direction_ = vector_from_json(state, "direction", dim, where);
  step_count_ = require_state_key(state, "step", where).get<std::int64_t>();
  current_step_size_ = require_state_key(state, "step_size", where).get<double>();
  estimator_->load_state(require_state_key(estimator, "state", where));
  for (std::size_t i = 0; i < transforms_.size(); ++i)
    transforms_[i]->load_state(require_state_key(transforms[i], "state", where));
}

}  // namespace ellopt::optim
