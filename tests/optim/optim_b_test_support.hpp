// Test helpers shared by the adam_*, vradam_*, spider_*, svrg_*, checkpoint_* tests: a small quadratic, an
// additive-Gaussian stochastic wrapper whose noise is a function of the sample key, and an objective that
// records which samples were evaluated at which points.
#pragma once

#include <utility>
#include <vector>

#include "ellopt/problems/objective.hpp"

namespace ellopt::optim::testing {

// f(x) = 1/2 sum_i h_i (x_i - 1)^2 with h_i in [1, 4].
class TestQuadratic final : public problems::Objective {
 public:
  explicit TestQuadratic(Index dim) : h_(dim) {
    for (Index i = 0; i < dim; ++i) h_[i] = 1.0 + 3.0 * static_cast<double>(i) / static_cast<double>(std::max<Index>(1, dim - 1));
  }
  std::string name() const override { return "test-quadratic"; }
  Index dim() const override { return h_.size(); }
  double value(const Vector& x) const override {
    return 0.5 * (h_.array() * (x.array() - 1.0).square()).sum();
  }
  void gradient(const Vector& x, Vector& g) const override { g = (h_.array() * (x.array() - 1.0)).matrix(); }
  std::optional<double> optimal_value() const override { return 0.0; }
  std::optional<Vector> minimizer() const override { return Vector::Ones(h_.size()); }
  bool is_convex() const override { return true; }
  Vector default_start() const override { return Vector::Constant(h_.size(), -1.0); }

 private:
  Vector h_;
};

// grad f(x) + sigma * N(0, I) with the noise regenerated from RngStream(sample.key).
class AdditiveGaussian final : public problems::Objective {
 public:
  AdditiveGaussian(problems::ObjectivePtr base, double sigma) : base_(std::move(base)), sigma_(sigma) {}
  std::string name() const override { return base_->name(); }
  Index dim() const override { return base_->dim(); }
  double value(const Vector& x) const override { return base_->value(x); }
  void gradient(const Vector& x, Vector& g) const override { base_->gradient(x, g); }
  std::optional<double> optimal_value() const override { return base_->optimal_value(); }
  std::optional<Vector> minimizer() const override { return base_->minimizer(); }
  Vector default_start() const override { return base_->default_start(); }
  bool is_stochastic() const override { return true; }
  void sample_gradient(const Vector& x, Sample sample, Vector& g) const override {
    base_->gradient(x, g);
    RngStream r(sample.key);
    for (Index i = 0; i < g.size(); ++i) g[i] += sigma_ * r.normal();
  }

 private:
  problems::ObjectivePtr base_;
  double sigma_;
};

// Records every (sample key, x) pair passed to sample_gradient.
class RecordingObjective final : public problems::Objective {
 public:
  explicit RecordingObjective(problems::ObjectivePtr base) : base_(std::move(base)) {}
  std::string name() const override { return "recording"; }
  Index dim() const override { return base_->dim(); }
  double value(const Vector& x) const override { return base_->value(x); }
  void gradient(const Vector& x, Vector& g) const override { base_->gradient(x, g); }
  Vector default_start() const override { return base_->default_start(); }
  bool is_stochastic() const override { return true; }
  void sample_gradient(const Vector& x, Sample sample, Vector& g) const override {
    calls.emplace_back(sample.key, x);
    base_->sample_gradient(x, sample, g);
  }
  mutable std::vector<std::pair<std::uint64_t, Vector>> calls;

 private:
  problems::ObjectivePtr base_;
};

}  // namespace ellopt::optim::testing
