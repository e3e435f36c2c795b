#include "ellopt/problems/minimax/dro_simplex.hpp"

#include <fmt/format.h>

#include <Eigen/SVD>
#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {
namespace {
double loss(double r) { return std::log1p(r * r); }
double loss_derivative(double r) { return 2.0 * r / (1.0 + r * r); }
}  // namespace

DroSimplex::DroSimplex(Matrix a, Vector b, double lambda) : a_(std::move(a)), b_(std::move(b)), lambda_(lambda) {
  if (a_.rows() < 1 || a_.cols() < 1 || b_.size() != a_.rows())
    throw ConfigError(fmt::format("dro-simplex: need A (n x d) and b (n), got A {}x{} and b of length {}", a_.rows(),
                                  a_.cols(), b_.size()));
  if (!(lambda_ >= 0.0) || !std::isfinite(lambda_))
    throw ConfigError(fmt::format("dro-simplex: lambda = {} must be finite and >= 0", lambda_));
  // grad_x f = A'(y o phi'(r)): its x-Jacobian is A' diag(y phi'') A with sum y = 1 and |phi''| <= 2, so
  // ||H_xx|| <= 2 max_i ||a_i||^2; ||H_xy|| <= ||A|| since |phi'| <= 1; H_yy = -lambda I.
  const double row_norm = a_.rowwise().squaredNorm().maxCoeff();
  const double a_norm = Eigen::JacobiSVD<Matrix>(a_).singularValues()(0);
  ell_ = 2.0 * row_norm + a_norm + lambda_;
  residual_.resize(a_.rows());
  set_y_set(ConstraintSet::simplex(a_.rows()));
  set_initial_point(Vector::Zero(dim_x()), Vector::Constant(dim_y(), 1.0 / static_cast<double>(dim_y())));
}

std::unique_ptr<DroSimplex> DroSimplex::synthetic(Index n, Index d, double lambda, std::uint64_t seed) {
  if (n < 2 || d < 1) throw ConfigError(fmt::format("dro-simplex: need n >= 2 and d >= 1, got n = {}, d = {}", n, d));
  RngStream rng(seed, {0xd70});
  Matrix a(n, d);
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < d; ++j) a(i, j) = scale * rng.normal();
  Vector truth(d);
  rng.fill_normal(truth);
  Vector b = a * truth;
  for (Index i = 0; i < n; ++i) b[i] += rng.normal();
  return std::make_unique<DroSimplex>(std::move(a), std::move(b), lambda);
}

std::optional<double> DroSimplex::strong_concavity() const {
  if (lambda_ > 0.0) return lambda_;
  return std::nullopt;
}

void DroSimplex::losses(const Vector& x, Vector& out) const {
  out.noalias() = a_ * x;
  out -= b_;
  out = out.unaryExpr([](double r) { return loss(r); });
}

double DroSimplex::value(const Vector& x, const Vector& y) const {
  losses(x, residual_);
  const double n = static_cast<double>(a_.rows());
  return y.dot(residual_) - 0.5 * lambda_ * (y.array() - 1.0 / n).matrix().squaredNorm();
}

void DroSimplex::grad_x(const Vector& x, const Vector& y, Vector& gx) const {
  residual_.noalias() = a_ * x;
  residual_ -= b_;
  for (Index i = 0; i < residual_.size(); ++i) residual_[i] = y[i] * loss_derivative(residual_[i]);
  gx.noalias() = a_.transpose() * residual_;
}

void DroSimplex::grad_y(const Vector& x, const Vector& y, Vector& gy) const {
  losses(x, gy);
  const double n = static_cast<double>(a_.rows());
  gy.array() -= lambda_ * (y.array() - 1.0 / n);
}

void DroSimplex::best_response(const Vector& x, Vector& y) const {
  y.resize(a_.rows());
  losses(x, y);
  if (lambda_ > 0.0) {
    // argmax_{y in simplex} <l, y> - (lambda/2)||y - 1/n||^2 = Proj_simplex(1/n + l/lambda).
    y = (y / lambda_).array() + 1.0 / static_cast<double>(a_.rows());
    project_onto_simplex(y, 1.0, scratch_);
    return;
  }
  Index best = 0;
  y.maxCoeff(&best);
  y.setZero();
  y[best] = 1.0;  // a vertex maximizer of the linear function (any maximizer is valid)
}

double DroSimplex::phi(const Vector& x) const {
  Vector y(dim_y());
  best_response(x, y);
  return value(x, y);
}

void DroSimplex::grad_phi(const Vector& x, Vector& g) const {
  Vector y(dim_y());
  best_response(x, y);
  grad_x(x, y, g);  // Danskin; for lambda = 0 a subgradient of max_i l_i
}

Json DroSimplex::describe() const {
  Json out = MinimaxProblem::describe();
  out["n"] = a_.rows();
  out["lambda"] = lambda_;
  out["setting"] = lambda_ > 0.0 ? "NC-SC" : "NC-C";
  return out;
}

}  // namespace ellopt::problems
