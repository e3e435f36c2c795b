#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/multiplicative.hpp"

namespace ellopt::problems {
namespace {

// Writes zeta into g and then adds (1 + xi_i) x_i^3 - x_i: the draw order (zeta, then xi) is fixed, so a key
// always means the same (xi, zeta).
void draw_shift(const MultiplicativeNoiseOptions& o, RngStream& r, Vector& zeta) {
  zeta.resize(o.dim);
  if (o.zeta == ShiftNoise::kBall) {
    r.fill_uniform_ball(zeta, o.sigma);
  } else {
    for (Index i = 0; i < o.dim; ++i) zeta[i] = o.sigma * r.normal();
  }
}

void component_gradient(const MultiplicativeNoiseOptions& o, const Vector& x, RngStream& r, Vector& g) {
  draw_shift(o, r, g);
  for (Index i = 0; i < o.dim; ++i) {
    const double a = 1.0 + r.uniform(-o.xi_halfwidth, o.xi_halfwidth);
    g[i] += a * x[i] * x[i] * x[i] - x[i];
  }
}

}  // namespace

ShiftNoise parse_shift_noise(const std::string& text) {
  if (text == "ball") return ShiftNoise::kBall;
  if (text == "gaussian") return ShiftNoise::kGaussian;
  throw ConfigError(fmt::format("problem.zeta = '{}' is not a shift noise; valid: ball, gaussian", text));
}

std::string to_string(ShiftNoise kind) { return kind == ShiftNoise::kBall ? "ball" : "gaussian"; }

void MultiplicativeNoiseOptions::validate() const {
  if (dim < 1) throw ConfigError(fmt::format("problem.dim = {} must be >= 1", dim));
  if (!(xi_halfwidth >= 0.0 && xi_halfwidth < 1.0))
    throw ConfigError(fmt::format("problem.xi_halfwidth = {} must lie in [0, 1) so every component 1 + xi stays "
                                  "positive (bounded below)",
                                  xi_halfwidth));
  if (!(sigma >= 0.0) || !std::isfinite(sigma))
    throw ConfigError(fmt::format("problem.sigma = {} must be finite and >= 0", sigma));
}

// ---- online ----

MultiplicativeNoiseObjective::MultiplicativeNoiseObjective(MultiplicativeNoiseOptions options, Vector start)
    : options_(options), start_(std::move(start)) {
  options_.validate();
  if (start_.size() != options_.dim)
    throw ConfigError(fmt::format("problem.x0 has {} entries, dim is {}", start_.size(), options_.dim));
}

double MultiplicativeNoiseObjective::value(const Vector& x) const {
  if (!x.allFinite()) return std::numeric_limits<double>::infinity();
  double sum = 0.0;
  for (Index i = 0; i < x.size(); ++i) sum += 0.25 * x[i] * x[i] * x[i] * x[i] - 0.5 * x[i] * x[i];
  return sum;
}

void MultiplicativeNoiseObjective::gradient(const Vector& x, Vector& g) const {
  g.resize(options_.dim);
  for (Index i = 0; i < options_.dim; ++i) g[i] = x[i] * x[i] * x[i] - x[i];
}

void MultiplicativeNoiseObjective::hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const {
  out.resize(options_.dim);
  for (Index i = 0; i < options_.dim; ++i) out[i] = (3.0 * x[i] * x[i] - 1.0) * v[i];
}

std::optional<SmoothnessModel> MultiplicativeNoiseObjective::smoothness() const {
  // f is the double well: spec §0.2 [D], l(u) = 2 + 3u^(2/3).
  return SmoothnessModel::polynomial(2.0 / 3.0, 2.0, 3.0);
}

void MultiplicativeNoiseObjective::sample_gradient(const Vector& x, Sample sample, Vector& g) const {
  RngStream r(sample.key);
  component_gradient(options_, x, r, g);
}

double MultiplicativeNoiseObjective::noise_std_at(const Vector& x) const {
  const double h = options_.xi_halfwidth;
  const double d = static_cast<double>(options_.dim);
  // E|zeta|^2: Gaussian d sigma^2; uniform in the ball of radius sigma: d/(d + 2) sigma^2.
  const double zeta_sq = options_.zeta == ShiftNoise::kGaussian ? d * options_.sigma * options_.sigma
                                                                 : d / (d + 2.0) * options_.sigma * options_.sigma;
  double sixth = 0.0;
  for (Index i = 0; i < x.size(); ++i) sixth += x[i] * x[i] * x[i] * x[i] * x[i] * x[i];
  return std::sqrt(h * h / 3.0 * sixth + zeta_sq);
}

// ---- finite sum ----

std::pair<double, double> minimize_tilted_quartic(double a, double c) {
  // Critical points solve a x^3 - x + c = 0, i.e. x^3 + P x + Q = 0 with P = -1/a, Q = c/a.
  const double P = -1.0 / a, Q = c / a;
  std::vector<double> roots;
  const double D = Q * Q / 4.0 + P * P * P / 27.0;
  if (D > 0) {
    const double s = std::sqrt(D);
    roots.push_back(std::cbrt(-Q / 2.0 + s) + std::cbrt(-Q / 2.0 - s));
  } else {
    const double r = 2.0 * std::sqrt(-P / 3.0);
    const double arg = std::clamp(3.0 * Q / (2.0 * P) * std::sqrt(-3.0 / P), -1.0, 1.0);
    const double phi = std::acos(arg) / 3.0;
    for (int k = 0; k < 3; ++k) roots.push_back(r * std::cos(phi - 2.0 * std::numbers::pi * k / 3.0));
  }
  auto value = [&](double x) { return a * x * x * x * x / 4.0 - x * x / 2.0 + c * x; };
  double best_x = roots.front(), best = std::numeric_limits<double>::infinity();
  for (double x : roots) {
    for (int it = 0; it < 3; ++it) {  // polish: Newton on the cubic where it is not flat
      const double d2 = 3.0 * a * x * x - 1.0;
      if (std::abs(d2) > 1e-8) x -= (a * x * x * x - x + c) / d2;
    }
    if (value(x) < best) {
      best = value(x);
      best_x = x;
    }
  }
  return {best, best_x};
}

MultiplicativeFiniteSum::MultiplicativeFiniteSum(MultiplicativeNoiseOptions options, Index n,
                                                 std::uint64_t data_seed, Vector start)
    : options_(options), n_(n), start_(std::move(start)) {
  options_.validate();
  if (n < 1) throw ConfigError(fmt::format("problem.n = {} must be >= 1", n));
  if (start_.size() != options_.dim)
    throw ConfigError(fmt::format("problem.x0 has {} entries, dim is {}", start_.size(), options_.dim));
  const Index d = options_.dim;
  curvature_.resize(d, n);
  shift_.resize(d, n);
  Vector zeta(d);
  for (Index j = 0; j < n; ++j) {
    // Component j is the online sample with key derive_seed(data_seed, j): the same (xi, zeta) law and draw order.
    RngStream r(derive_seed(data_seed, {static_cast<std::uint64_t>(j)}));
    draw_shift(options_, r, zeta);
    shift_.col(j) = zeta;
    for (Index i = 0; i < d; ++i) curvature_(i, j) = 1.0 + r.uniform(-options_.xi_halfwidth, options_.xi_halfwidth);
  }
  // Plain loops (GCC 12 with -march=native warns inside Eigen's AVX-512 rowwise reductions).
  a_.setZero(d);
  c_.setZero(d);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < d; ++i) {
      a_[i] += curvature_(i, j);
      c_[i] += shift_(i, j);
    }
  a_ /= static_cast<double>(n);
  c_ /= static_cast<double>(n);
  x_star_.resize(d);
  f_star_ = 0.0;
  for (Index i = 0; i < d; ++i) {
    const auto [value, where] = minimize_tilted_quartic(a_[i], c_[i]);
    f_star_ += value;
    x_star_[i] = where;
  }
}

double MultiplicativeFiniteSum::value(const Vector& x) const {
  if (!x.allFinite()) return std::numeric_limits<double>::infinity();
  double sum = 0.0;
  for (Index i = 0; i < x.size(); ++i) {
    const double x2 = x[i] * x[i];
    sum += a_[i] * x2 * x2 / 4.0 - x2 / 2.0 + c_[i] * x[i];
  }
  return sum;
}

void MultiplicativeFiniteSum::gradient(const Vector& x, Vector& g) const {
  g.resize(options_.dim);
  for (Index i = 0; i < options_.dim; ++i) g[i] = a_[i] * x[i] * x[i] * x[i] - x[i] + c_[i];
}

void MultiplicativeFiniteSum::hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const {
  out.resize(options_.dim);
  for (Index i = 0; i < options_.dim; ++i) out[i] = (3.0 * a_[i] * x[i] * x[i] - 1.0) * v[i];
}

void MultiplicativeFiniteSum::sample_gradient(const Vector& x, Sample sample, Vector& g) const {
  if (sample.key >= static_cast<std::uint64_t>(n_))
    throw ConfigError(fmt::format("finite-sum sample {} is out of range: the problem has n = {} components",
                                  sample.key, n_));
  const auto j = static_cast<Index>(sample.key);
  g.resize(options_.dim);
  const double* a = curvature_.col(j).data();
  const double* z = shift_.col(j).data();
  for (Index i = 0; i < options_.dim; ++i) g[i] = a[i] * x[i] * x[i] * x[i] - x[i] + z[i];
}

}  // namespace ellopt::problems
