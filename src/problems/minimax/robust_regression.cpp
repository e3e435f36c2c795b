#include "ellopt/problems/minimax/robust_regression.hpp"

#include <fmt/format.h>

#include <Eigen/SVD>
#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

RobustRegression::RobustRegression(Matrix a, Vector b, double mu) : a_(std::move(a)), b_(std::move(b)), mu_(mu) {
  if (a_.rows() < 1 || a_.cols() < 1 || b_.size() != a_.rows())
    throw ConfigError(fmt::format("robust-regression: need A (n x d) and b (n), got A {}x{} and b of length {}",
                                  a_.rows(), a_.cols(), b_.size()));
  if (!(mu_ > 0.0) || !std::isfinite(mu_))
    throw ConfigError(fmt::format("robust-regression: mu = {} must be finite and > 0", mu_));
  if (!a_.allFinite() || !b_.allFinite()) throw ConfigError("robust-regression: the data must be finite");
  const double n = static_cast<double>(a_.rows());
  // phi'' <= 2, so -H_yy = lambda I - diag(phi'')/n >= (lambda - 2/n) I = mu I (spec §2.6).
  lambda_ = 2.0 / n + mu_;
  const double a_norm = Eigen::JacobiSVD<Matrix>(a_).singularValues()(0);
  ell_ = (2.0 / n) * (a_norm + 1.0) * (a_norm + 1.0) + lambda_;
  residual_.resize(a_.rows());
  set_initial_point(Vector::Zero(dim_x()), Vector::Zero(dim_y()));
}

std::unique_ptr<RobustRegression> RobustRegression::synthetic(Index n, Index d, double mu, double noise_dof,
                                                              std::uint64_t seed) {
  if (n < 1 || d < 1) throw ConfigError(fmt::format("robust-regression: need n, d >= 1, got n = {}, d = {}", n, d));
  RngStream rng(seed, {0x7265});
  Matrix a(n, d);
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < d; ++j) a(i, j) = scale * rng.normal();
  Vector truth(d);
  rng.fill_normal(truth);
  Vector b = a * truth;
  for (Index i = 0; i < n; ++i) b[i] += rng.student_t(noise_dof);  // heavy-tailed label noise
  return std::make_unique<RobustRegression>(std::move(a), std::move(b), mu);
}

void RobustRegression::residuals(const Vector& x, const Vector& y) const {
  residual_.noalias() = a_ * x;
  residual_ -= b_;
  residual_ -= y;
}

double RobustRegression::value(const Vector& x, const Vector& y) const {
  residuals(x, y);
  double total = 0.0;
  for (Index i = 0; i < residual_.size(); ++i) total += loss(residual_[i]);
  return total / static_cast<double>(a_.rows()) - 0.5 * lambda_ * y.squaredNorm();
}

void RobustRegression::grad_x(const Vector& x, const Vector& y, Vector& gx) const {
  residuals(x, y);
  residual_ = residual_.unaryExpr([](double r) { return loss_derivative(r); });
  gx.noalias() = a_.transpose() * residual_;
  gx /= static_cast<double>(a_.rows());
}

void RobustRegression::grad_y(const Vector& x, const Vector& y, Vector& gy) const {
  residuals(x, y);
  const double inv_n = 1.0 / static_cast<double>(a_.rows());
  for (Index i = 0; i < gy.size(); ++i) gy[i] = -inv_n * loss_derivative(residual_[i]) - lambda_ * y[i];
}

void RobustRegression::gradient(const Vector& x, const Vector& y, Vector& gx, Vector& gy) const {
  residuals(x, y);
  const double inv_n = 1.0 / static_cast<double>(a_.rows());
  for (Index i = 0; i < gy.size(); ++i) {
    const double slope = loss_derivative(residual_[i]);
    gy[i] = -inv_n * slope - lambda_ * y[i];
    residual_[i] = slope;
  }
  gx.noalias() = a_.transpose() * residual_;
  gx *= inv_n;
}

void RobustRegression::best_response(const Vector& x, Vector& y) const {
  // For each i maximize h(t) = phi(c_i - t)/n - (lambda/2) t^2 with c_i = a_i'x - b_i; h'' <= -mu, so the root
  // of h'(t) = -phi'(c_i - t)/n - lambda t is unique. |phi'| <= 1 brackets it in [-1/(n lambda), 1/(n lambda)];
  // Newton steps that leave the bracket fall back to bisection.
  const double n = static_cast<double>(a_.rows());
  Vector c = a_ * x - b_;
  y.resize(a_.rows());
  for (Index i = 0; i < c.size(); ++i) {
    double lo = -1.0 / (n * lambda_);
    double hi = 1.0 / (n * lambda_);
    double t = 0.0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      const double r = c[i] - t;
      const double derivative = -loss_derivative(r) / n - lambda_ * t;  // decreasing in t
      if (derivative > 0.0) lo = t; else hi = t;
      const double second = loss_second_derivative(r) / n - lambda_;   // < 0
      double next = t - derivative / second;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (std::abs(next - t) <= 1e-16 * (1.0 + std::abs(t))) {
        t = next;
        break;
      }
      t = next;
    }
    y[i] = t;
  }
}

double RobustRegression::phi(const Vector& x) const {
  Vector y(dim_y());
  best_response(x, y);
  return value(x, y);
}

void RobustRegression::grad_phi(const Vector& x, Vector& g) const {
  Vector y(dim_y());
  best_response(x, y);
  grad_x(x, y, g);
}

Json RobustRegression::describe() const {
  Json out = MinimaxProblem::describe();
  out["n"] = a_.rows();
  out["d"] = a_.cols();
  out["lambda"] = lambda_;
  return out;
}

}  // namespace ellopt::problems
