#include "ellopt/problems/minimax/hard_ncsc.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

double chain_upsilon(double t) {
  return 120.0 * (0.5 * (t - 1.0) * (t - 1.0) - 0.5 * std::log((t * t + 1.0) / 2.0) + std::atan(t) -
                  std::numbers::pi / 4.0);
}

double chain_upsilon_derivative(double t) {
  return 120.0 * t * t * (t - 1.0) / (1.0 + t * t);
}

double chain_upsilon_second_derivative(double t) {
  const double d = 1.0 + t * t;
  return 120.0 * (t * t * t * t + 3.0 * t * t - 2.0 * t) / (d * d);
}

namespace {
constexpr double kNu = 1.0 / 180.0;

void check_constants(double ell, double kappa) {
  if (!(ell > 0.0) || !std::isfinite(ell))
    throw ConfigError(fmt::format("hard-ncsc: l = {} must be finite and > 0", ell));
  if (!(kappa >= 3.0) || !std::isfinite(kappa))
    throw ConfigError(
        fmt::format("hard-ncsc: kappa = {} must be >= 3 (the construction uses beta = kappa/3 >= 1)", kappa));
}
}  // namespace

double hard_ncsc_chain_length_real(double ell, double kappa, double delta, double eps) {
  check_constants(ell, kappa);
  if (!(delta > 0.0) || !std::isfinite(delta))
    throw ConfigError(fmt::format("hard-ncsc: delta = {} must be finite and > 0", delta));
  if (!(eps > 0.0) || !std::isfinite(eps))
    throw ConfigError(fmt::format("hard-ncsc: eps = {} must be finite and > 0", eps));
  const double beta = kappa / 3.0;
  const double m = kNu / beta;
  const double lambda = 12.0 * eps / (ell * beta * std::pow(m, 0.75));
  return (3.0 * delta / (ell * lambda * lambda * beta) - std::sqrt(m) / 2.0) / (10.0 * m);
}

HardNcscSize hard_ncsc_size(double ell, double kappa, double delta, double eps, Index max_chain_length) {
  const double t_real = hard_ncsc_chain_length_real(ell, kappa, delta, eps);
  const double beta = kappa / 3.0;
  const double m = kNu / beta;
  if (!(t_real >= 1.0))
    throw ConfigError(
        fmt::format("hard-ncsc: (l = {}, kappa = {}, delta = {}, eps = {}) give chain length T = {:.4g} "
                    "< 1; increase delta or decrease eps (T ~ sqrt(kappa) l delta / (11155 eps^2))",
                    ell, kappa, delta, eps, t_real));
  if (t_real > static_cast<double>(max_chain_length)) {
    // T overflows a double for extreme (delta, eps); say how large it would be from log10 T, where the
    // leading term 3 delta / (l lambda^2 beta) / (10 m) dominates (lambda = 12 eps / (l beta m^(3/4))).
    std::string t_text = fmt::format("{:.4g}", t_real);
    if (!std::isfinite(t_real)) {
      const double log10_lambda =
          std::log10(12.0) + std::log10(eps) - std::log10(ell * beta) - 0.75 * std::log10(m);
      const double log10_t = std::log10(3.0) + std::log10(delta) - std::log10(ell * beta) -
                             2.0 * log10_lambda - std::log10(10.0 * m);
      t_text = fmt::format("~1e{:.0f}", log10_t);
    }
    throw ConfigError(
        fmt::format("hard-ncsc: (l = {}, kappa = {}, delta = {}, eps = {}) give chain length T = {}, "
                    "above the cap {} (dimension 2T); increase eps or decrease delta",
                    ell, kappa, delta, eps, t_text, max_chain_length));
  }
  return HardNcscSize{static_cast<Index>(std::floor(t_real)), 12.0 * eps / (ell * beta * std::pow(m, 0.75))};
}

HardNcsc::HardNcsc(Index chain_length, double kappa, double ell, double scale)
    : t_(chain_length), kappa_(kappa), ell_(ell), lambda_(scale) {
  check_constants(ell_, kappa_);
  if (t_ < 1) throw ConfigError(fmt::format("hard-ncsc: chain length T = {} must be >= 1", t_));
  if (!(lambda_ > 0.0) || !std::isfinite(lambda_))
    throw ConfigError(fmt::format("hard-ncsc: scale lambda = {} must be finite and > 0", lambda_));
  beta_ = kappa_ / 3.0;
  nu_ = kNu;
  m_ = nu_ / beta_;
  q_ = std::pow(m_, 0.25);
  a_ = ell_ * lambda_ * lambda_ / 3.0;
  uh_.resize(t_);
  set_initial_point(Vector::Zero(t_), Vector::Zero(t_));
}

double HardNcsc::value(const Vector& x, const Vector& y) const {
  // f = a [ <yh, u(xh)> - ||yh||^2/(2 beta) + nu sum Upsilon(xh_i) ].
  const double inv = 1.0 / lambda_;
  double total = 0.0;
  for (Index i = 0; i < t_; ++i) {
    const double xh = x[i] * inv;
    const double u = i == 0 ? q_ * (xh - 1.0) : xh - x[i - 1] * inv;
    const double yh = y[i] * inv;
    total += yh * u - yh * yh / (2.0 * beta_) + nu_ * chain_upsilon(xh);
  }
  return a_ * total;
}

void HardNcsc::grad_x(const Vector& x, const Vector& y, Vector& gx) const {
  // grad_x f = (ell lambda/3) [ J'(yh) + nu Upsilon'(xh) ], J'(yh)_1 = q yh_1 - yh_2, J'(yh)_j = yh_j -
  // yh_{j+1}.
  const double inv = 1.0 / lambda_;
  const double c = ell_ * lambda_ / 3.0;
  for (Index i = 0; i < t_; ++i) {
    const double own = i == 0 ? q_ * y[0] * inv : y[i] * inv;
    const double next = i + 1 < t_ ? y[i + 1] * inv : 0.0;
    gx[i] = c * (own - next + nu_ * chain_upsilon_derivative(x[i] * inv));
  }
}

void HardNcsc::grad_y(const Vector& x, const Vector& y, Vector& gy) const {
  // grad_y f = (ell lambda/3) [ u(xh) - yh/beta ].
  const double inv = 1.0 / lambda_;
  const double c = ell_ * lambda_ / 3.0;
  for (Index i = 0; i < t_; ++i) {
    const double u = i == 0 ? q_ * (x[0] * inv - 1.0) : (x[i] - x[i - 1]) * inv;
    gy[i] = c * (u - y[i] * inv / beta_);
  }
}

void HardNcsc::best_response(const Vector& x, Vector& y) const {
  y.resize(t_);
  const double inv = 1.0 / lambda_;
  for (Index i = 0; i < t_; ++i) {
    const double u = i == 0 ? q_ * (x[0] * inv - 1.0) : (x[i] - x[i - 1]) * inv;
    y[i] = lambda_ * beta_ * u;
  }
}

double HardNcsc::chain_value(const Vector& xh) const {
  double total = 0.5 * std::sqrt(m_) * (xh[0] - 1.0) * (xh[0] - 1.0);
  for (Index i = 0; i + 1 < t_; ++i) total += 0.5 * (xh[i + 1] - xh[i]) * (xh[i + 1] - xh[i]);
  for (Index i = 0; i < t_; ++i) total += m_ * chain_upsilon(xh[i]);
  return total;
}

void HardNcsc::chain_gradient(const Vector& xh, Vector& g) const {
  g.resize(t_);
  for (Index i = 0; i < t_; ++i) {
    double gi = m_ * chain_upsilon_derivative(xh[i]);
    if (i == 0) gi += std::sqrt(m_) * (xh[0] - 1.0);
    if (i > 0) gi += xh[i] - xh[i - 1];
    if (i + 1 < t_) gi -= xh[i + 1] - xh[i];
    g[i] = gi;
  }
}

double HardNcsc::phi(const Vector& x) const {
  return a_ * beta_ * chain_value(x / lambda_);
}

void HardNcsc::grad_phi(const Vector& x, Vector& g) const {
  chain_gradient(x / lambda_, g);
  g *= ell_ * lambda_ * beta_ / 3.0;  // (a beta / lambda) grad fbar
}

std::optional<SaddlePoint> HardNcsc::solution() const {
  return SaddlePoint{Vector::Constant(t_, lambda_), Vector::Zero(t_)};
}

double HardNcsc::eps_floor() const {
  return (ell_ * lambda_ * beta_ / 3.0) * std::pow(m_, 0.75) / 4.0;
}

double HardNcsc::gap_bound() const {
  return (ell_ * lambda_ * lambda_ * beta_ / 3.0) *
         (std::sqrt(m_) / 2.0 + 10.0 * m_ * static_cast<double>(t_));
}

Index HardNcsc::revealed_coordinates(const Vector& x, double threshold) {
  for (Index i = x.size(); i > 0; --i)
    if (std::abs(x[i - 1]) > threshold) return i;
  return 0;
}

Json HardNcsc::describe() const {
  Json out = MinimaxProblem::describe();
  out["chain_length"] = t_;
  out["scale"] = lambda_;
  out["eps_floor"] = eps_floor();
  out["gap_bound"] = gap_bound();
  out["lower_bound_calls"] = 2 * t_ - 1;
  return out;
}

}  // namespace ellopt::problems
