// Additive-noise stochastic oracles with held samples: g(x; xi) = grad f(x) + sigma * xi, E[xi] = 0 and
// E[xi_i^2] = 1 per coordinate (Li et al. 2023a, Assumption A4: E[eps] = 0, E|eps|^2 <= sigma_total^2 with
// sigma_total = sigma sqrt(d)). The noise is a function of the sample key only (it is regenerated from
// RngStream(sample.key)), so the same held sample gives the same noise at any x: SPIDER and STORM can
// evaluate one sample at x_t and x_{t-1}. Wrapping keeps every test function's value, domain, l and f*.
#pragma once

#include <string>

#include "ellopt/core/params.hpp"
#include "ellopt/problems/objective.hpp"

namespace ellopt::problems {

enum class NoiseKind {
  kNone,      // deterministic: every sample returns the exact gradient
  kGaussian,  // xi ~ N(0, I)
  kBall,      // xi uniform in the Euclidean ball of radius sqrt(d + 2) (unit variance per coordinate, bounded)
  kStudentT,  // xi_i ~ t(3) / sqrt(3): unit variance, heavy tails (spec optimization.md §1.5, E1.2)
};

NoiseKind parse_noise_kind(const std::string& text);  // ConfigError listing the valid names
std::string to_string(NoiseKind kind);

class NoisyObjective final : public Objective {
 public:
  NoisyObjective(ObjectivePtr base, NoiseKind kind, double sigma);

  std::string name() const override { return base_->name(); }
  Index dim() const override { return base_->dim(); }
  double value(const Vector& x) const override { return base_->value(x); }
  void gradient(const Vector& x, Vector& g) const override { base_->gradient(x, g); }
  void hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const override {
    base_->hessian_vector_product(x, v, out);
  }
  bool in_domain(const Vector& x) const override { return base_->in_domain(x); }
  std::string domain_description() const override { return base_->domain_description(); }
  std::optional<double> optimal_value() const override { return base_->optimal_value(); }
  std::optional<Vector> minimizer() const override { return base_->minimizer(); }
  std::optional<SmoothnessModel> smoothness() const override { return base_->smoothness(); }
  bool is_convex() const override { return base_->is_convex(); }
  Vector default_start() const override { return base_->default_start(); }

  bool is_stochastic() const override { return kind_ != NoiseKind::kNone && sigma_ > 0.0; }
  // One pass over g, no allocation: the noise is drawn coordinate by coordinate from RngStream(sample.key).
  void sample_gradient(const Vector& x, Sample sample, Vector& g) const override;
  // Writes the noise sigma * xi of `sample` alone (sample_gradient minus gradient).
  void sample_noise(Sample sample, Vector& noise) const;

  NoiseKind kind() const { return kind_; }
  double sigma() const { return sigma_; }
  // sqrt(E|eps|^2) = sigma sqrt(d): the sigma of Li et al. 2023a, Assumption A4 / Thm 5.3.
  double total_noise_std() const;
  // sup |eps| for bounded noise (ball: sigma sqrt(d + 2)); +infinity otherwise.
  double noise_bound() const;
  const Objective& base() const { return *base_; }

 private:
  void add_noise(Sample sample, double scale, Vector& g) const;
  ObjectivePtr base_;
  NoiseKind kind_;
  double sigma_;
};

// The parameters every problem with an additive-noise oracle accepts: `noise` and `sigma`.
void add_noise_params(ParamSchema& schema);
// Wraps `base` when params ask for noise (noise != none and sigma > 0); returns `base` otherwise.
ObjectivePtr with_noise(ObjectivePtr base, const Params& params);

}  // namespace ellopt::problems
