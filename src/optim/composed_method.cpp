#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

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
}

StepReport ComposedMethod::step(const Objective& f, Vector& x, RngStream& rng) {
  StepReport report;
  report.gradient_evaluations = estimator_->estimate(f, x, rng, direction_);
  for (auto& transform : transforms_) transform->apply(direction_, x, step_count_);
  report.step_size = step_rule_->step_size(step_count_, direction_);
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

}  // namespace ellopt::optim
