// A finite sum with n fixed samples built from any test function and an additive-noise law (issue 3, "finite
// sums with n fixed samples"): f_j(x) = f(x) + <xi_j - xi_bar, x>, j = 0..n-1, with xi_j = sigma * noise
// drawn once from the key derive_seed(data_seed, {j}) and xi_bar their mean. The components average to f
// exactly, so f's value, domain, smoothness model l and f* carry over, while SPIDER/SARAH/SVRG see a genuine
// finite sum whose component gradients differ by the centred noise. Component j's gradient is regenerated
// from its key (no n x d table is stored).
#pragma once

#include <cstdint>

#include "ellopt/problems/finite_sum.hpp"
#include "ellopt/problems/noisy_objective.hpp"

namespace ellopt::problems {

class NoisyFiniteSum final : public FiniteSumObjective {
 public:
  // ConfigError when n < 1 or the noise is none / sigma = 0 (then every component would be f itself).
  NoisyFiniteSum(ObjectivePtr base, NoiseKind kind, double sigma, Index n, std::uint64_t data_seed);

  std::string name() const override { return noisy_.name(); }
  Index dim() const override { return noisy_.dim(); }
  Index num_components() const override { return n_; }
  double value(const Vector& x) const override { return noisy_.value(x); }
  void gradient(const Vector& x, Vector& g) const override { noisy_.gradient(x, g); }
  void hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const override {
    noisy_.hessian_vector_product(x, v, out);
  }
  bool in_domain(const Vector& x) const override { return noisy_.in_domain(x); }
  std::string domain_description() const override { return noisy_.domain_description(); }
  std::optional<double> optimal_value() const override { return noisy_.optimal_value(); }
  std::optional<Vector> minimizer() const override { return noisy_.minimizer(); }
  std::optional<SmoothnessModel> smoothness() const override { return noisy_.smoothness(); }
  bool is_convex() const override { return noisy_.is_convex(); }
  Vector default_start() const override { return noisy_.default_start(); }
  // grad f_j(x) = grad f(x) + xi_j - xi_bar for j = sample.key (< n); one pass, no allocation.
  void sample_gradient(const Vector& x, Sample sample, Vector& g) const override;

  const Vector& mean_noise() const { return mean_noise_; }

 private:
  Sample component_key(Index j) const;
  NoisyObjective noisy_;
  Index n_;
  std::uint64_t data_seed_;
  Vector mean_noise_;
};

}  // namespace ellopt::problems
