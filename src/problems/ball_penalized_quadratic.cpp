#include "ellopt/problems/ball_penalized_quadratic.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

double BallPenalizedQuadratic::minimizer_norm(Spectrum spectrum, Index dim) {
  if (spectrum == Spectrum::kLogSpaced) return 0.0;
  // x*_i = 1 - i/(d+1) = j/(d+1) for j = d+1-i = 1..d: |x*|^2 = d (2d+1) / (6 (d+1)).
  const double d = static_cast<double>(dim);
  return std::sqrt(d * (2.0 * d + 1.0) / (6.0 * (d + 1.0)));
}

BallPenalizedQuadratic::BallPenalizedQuadratic(Spectrum spectrum, Index dim, double gamma, double radius,
                                               Vector start)
    : spectrum_(spectrum), dim_(dim), gamma_(gamma), radius_(radius) {
  const std::string where = fmt::format("problem '{}'", name());
  if (dim < 1) throw ConfigError(fmt::format("{}: dim = {} must be at least 1", where, dim));
  if (!(gamma > 0) || !std::isfinite(gamma))
    throw ConfigError(fmt::format("{}: gamma = {} must be positive and finite", where, gamma));
  const double x_star_norm = minimizer_norm(spectrum, dim);
  if (!(radius > x_star_norm) || !std::isfinite(radius))
    throw ConfigError(fmt::format("{}: radius = {} must exceed |x*| = {:.6g} (otherwise the penalty moves the "
                                  "minimizer); choose a larger radius",
                                  where, radius, x_star_norm));
  const double d = static_cast<double>(dim);
  diagonal_.resize(dim);
  x_star_.resize(dim);
  if (spectrum == Spectrum::kNesterovChain) {
    // Nesterov's chain A = tridiag(-1, 2, -1)/4: eigenvalues (1 - cos(k pi/(d+1)))/2, largest below 1. A x* = e_1/4
    // for x*_i = 1 - i/(d+1) (rows 2..d-1 vanish on a linear sequence; row 1 gives (2 x_1 - x_2)/4 = 1/4).
    diagonal_.setConstant(0.5);
    off_diagonal_ = -0.25;
    linear_first_ = 0.25;  // spec §7: the linear term e_1/4 gives the stated minimizer
    for (Index i = 0; i < dim; ++i) x_star_[i] = 1.0 - static_cast<double>(i + 1) / (d + 1.0);
    lambda_max_ = 0.5 * (1.0 + std::cos(std::numbers::pi / (d + 1.0)));
    f_star_ = -0.5 * linear_first_ * x_star_[0];  // f* = -b^T x*/2
  } else {
    // Spec §7: lambda_k = 10^(-6k/(d-1)), k = 0..d-1 (d = 201 gives 10^(-6k/200)); b = 0, x* = 0, f* = 0.
    for (Index k = 0; k < dim; ++k)
      diagonal_[k] = dim == 1 ? 1.0 : std::pow(10.0, -6.0 * static_cast<double>(k) / (d - 1.0));
    x_star_.setZero();
    lambda_max_ = 1.0;
    f_star_ = 0.0;
  }
  // A valid l (derived here; the property test samples it). For r = |x| <= R the Hessian is A, norm <=
  // lambda_max. For r > R with s = r^2 - R^2: Hess = A + 4 gamma s I + 8 gamma x x^T, so
  // |Hess| <= lambda_max + 12 gamma s + 8 gamma R^2, while |grad| >= 4 gamma s r - (lambda_max r + |b|).
  //  - If 4 gamma s r >= 2 (lambda_max r + |b|): |grad| >= 2 gamma s r >= 2 gamma s^(3/2), so
  //    12 gamma s <= 12 gamma^(1/3) 2^(-2/3) |grad|^(2/3).
  //  - Otherwise s < lambda_max/(2 gamma) + |b|/(2 gamma R), so 12 gamma s < 6 lambda_max + 6 |b|/R.
  // Hence l(u) = 7 lambda_max + 6|b|/R + 8 gamma R^2 + 12 gamma^(1/3) 2^(-2/3) u^(2/3): rho = 2/3 (sub-linear).
  // The constant term must cover the Hessian's jump 8 gamma R^2 at the sphere, where |grad| can be small.
  const double b_norm = std::abs(linear_first_);
  const double L0 = 7.0 * lambda_max_ + 6.0 * b_norm / radius + 8.0 * gamma * radius * radius;
  const double Lrho = 12.0 * std::cbrt(gamma) / std::cbrt(4.0);
  ell_ = SmoothnessModel::polynomial(2.0 / 3.0, L0, Lrho);
  if (start.size() == 0) {
    start_ = Vector::Constant(dim, 3.0 * radius / std::sqrt(d));  // spec §1.5: start outside, |x0| = 3R
  } else {
    if (start.size() != dim) throw ConfigError(fmt::format("{}: x0 must have dim = {} entries", where, dim));
    start_ = std::move(start);
  }
}

std::string BallPenalizedQuadratic::name() const {
  return spectrum_ == Spectrum::kNesterovChain ? "nesterov-chain" : "log-spaced-quadratic";
}

double BallPenalizedQuadratic::quadratic_form_row(const Vector& x, Index i) const {
  double row = diagonal_[i] * x[i];
  if (off_diagonal_ != 0.0) {
    if (i > 0) row += off_diagonal_ * x[i - 1];
    if (i + 1 < dim_) row += off_diagonal_ * x[i + 1];
  }
  return row;
}

double BallPenalizedQuadratic::value(const Vector& x) const {
  if (!x.allFinite()) return std::numeric_limits<double>::infinity();
  double quadratic = 0.0;
  for (Index i = 0; i < dim_; ++i) quadratic += x[i] * quadratic_form_row(x, i);
  const double excess = std::max(0.0, x.squaredNorm() - radius_ * radius_);
  return 0.5 * quadratic - linear_first_ * x[0] + gamma_ * excess * excess;
}

void BallPenalizedQuadratic::gradient(const Vector& x, Vector& g) const {
  g.resize(dim_);
  const double excess = std::max(0.0, x.squaredNorm() - radius_ * radius_);
  const double penalty = 4.0 * gamma_ * excess;  // grad of gamma s^2 is 4 gamma s x
  for (Index i = 0; i < dim_; ++i) g[i] = quadratic_form_row(x, i) + penalty * x[i];
  g[0] -= linear_first_;
}

void BallPenalizedQuadratic::hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const {
  out.resize(dim_);
  const double excess = std::max(0.0, x.squaredNorm() - radius_ * radius_);
  const double along = excess > 0.0 ? 8.0 * gamma_ * x.dot(v) : 0.0;
  for (Index i = 0; i < dim_; ++i) out[i] = quadratic_form_row(v, i) + 4.0 * gamma_ * excess * v[i] + along * x[i];
}

}  // namespace ellopt::problems
