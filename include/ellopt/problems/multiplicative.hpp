// The multiplicative-component objective of spec optimization.md E2.2/E3.1 (Li, Rakhlin, Jadbabaie 2023 §2.10;
// Reisizadeh et al. 2023 §3.6):
//   F(x, xi) = sum_i ((1 + xi_i) x_i^4/4 - x_i^2/2) + zeta^T x,   xi_i ~ U[-h, h] (h = 1/2),
// with zeta uniform in the ball of radius sigma (E2.2: bounded noise, Assumption A3/A6) or N(0, sigma^2 I) (E3.1).
// E[F(x, xi)] is the double well sum x_i^4/4 - x_i^2/2, so f, f*, the minimizers and l(u) = 2 + 3u^(2/3) are
// those of the double well. Unlike additive noise, grad F(x, xi) - grad F(y, xi) depends on xi, so the
// SPIDER/STORM differences have non-zero variance ~ |x - y|^2 and variance reduction is tested for real.
// A sample is a key; xi and zeta are regenerated from RngStream(key), so a held sample is re-evaluated exactly.
#pragma once

#include "ellopt/problems/finite_sum.hpp"

namespace ellopt::problems {

enum class ShiftNoise { kBall, kGaussian };
ShiftNoise parse_shift_noise(const std::string& text);  // "ball" | "gaussian"; ConfigError otherwise
std::string to_string(ShiftNoise kind);

struct MultiplicativeNoiseOptions {
  Index dim = 10;
  double xi_halfwidth = 0.5;        // xi_i ~ U[-h, h], h < 1 keeps every component bounded below
  ShiftNoise zeta = ShiftNoise::kBall;
  double sigma = 1.0;               // ball radius, or the per-coordinate standard deviation
  void validate() const;            // ConfigError naming problem.<key>
};

// The online (expectation) objective f(x) = E F(x, xi).
class MultiplicativeNoiseObjective final : public Objective {
 public:
  MultiplicativeNoiseObjective(MultiplicativeNoiseOptions options, Vector start);

  std::string name() const override { return "multiplicative-noise"; }
  Index dim() const override { return options_.dim; }
  double value(const Vector& x) const override;
  void gradient(const Vector& x, Vector& g) const override;
  void hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const override;
  std::optional<double> optimal_value() const override { return -0.25 * static_cast<double>(options_.dim); }
  std::optional<Vector> minimizer() const override { return Vector::Ones(options_.dim); }
  std::optional<SmoothnessModel> smoothness() const override;
  Vector default_start() const override { return start_; }

  bool is_stochastic() const override { return true; }
  Sample draw_sample(RngStream& rng) const override { return Sample{rng()}; }
  // grad F(x, xi) = (1 + xi) x^3 - x + zeta; no allocation (zeta is drawn into g first).
  void sample_gradient(const Vector& x, Sample sample, Vector& g) const override;

  // sqrt(E|grad F(x, xi) - grad f(x)|^2) = sqrt(h^2/3 sum x_i^6 + E|zeta|^2): the "total" noise level that spec §7
  // uses in SPIDER's batch sizes (3.29 at x = 1 for d = 10, Gaussian zeta, sigma = 1).
  double noise_std_at(const Vector& x) const;
  const MultiplicativeNoiseOptions& options() const { return options_; }

 private:
  MultiplicativeNoiseOptions options_;
  Vector start_;
};

// The finite sum f(x) = (1/n) sum_j F(x, xi_j) over n samples fixed at construction from `data_seed` (spec E3.2).
// f = sum_i (a_i x_i^4/4 - x_i^2/2) + c_i x_i with a = 1 + mean xi, c = mean zeta, so value, gradient and f*
// (the smallest critical value of each coordinate's quartic, from the cubic's real roots) are exact.
class MultiplicativeFiniteSum final : public FiniteSumObjective {
 public:
  MultiplicativeFiniteSum(MultiplicativeNoiseOptions options, Index n, std::uint64_t data_seed, Vector start);

  std::string name() const override { return "multiplicative-finite-sum"; }
  Index dim() const override { return options_.dim; }
  Index num_components() const override { return n_; }
  double value(const Vector& x) const override;
  void gradient(const Vector& x, Vector& g) const override;
  void hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const override;
  std::optional<double> optimal_value() const override { return f_star_; }
  std::optional<Vector> minimizer() const override { return x_star_; }
  Vector default_start() const override { return start_; }
  // grad f_j(x) for the component j = sample.key (< n).
  void sample_gradient(const Vector& x, Sample sample, Vector& g) const override;

  const Vector& mean_curvature() const { return a_; }  // a_i = 1 + mean_j xi_ji
  const Vector& mean_shift() const { return c_; }      // c_i = mean_j zeta_ji

 private:
  MultiplicativeNoiseOptions options_;
  Index n_;
  Matrix curvature_;  // dim x n: 1 + xi_j in column j (one contiguous column per component)
  Matrix shift_;      // dim x n: zeta_j
  Vector a_, c_, x_star_;
  double f_star_ = 0.0;
  Vector start_;
};

// The global minimum of a x^4/4 - x^2/2 + c x over R (a > 0) and where it is attained.
std::pair<double, double> minimize_tilted_quartic(double a, double c);

}  // namespace ellopt::problems
