// GCC 12 reports a false -Wuninitialized inside its own AVX-512 intrinsics when Eigen's eigen solvers are
// inlined with -march=native (same family as the -Wno-maybe-uninitialized of cmake/EllOptLayer.cmake).
#pragma GCC diagnostic ignored "-Wuninitialized"
#include "ellopt/problems/minimax/quadratic_game.hpp"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {
namespace {

bool is_symmetric(const Matrix& m) { return (m - m.transpose()).cwiseAbs().maxCoeff() <= 1e-12 * (1.0 + m.norm()); }

double smallest_eigenvalue(const Matrix& symmetric) {
  Eigen::SelfAdjointEigenSolver<Matrix> solver(symmetric, Eigen::EigenvaluesOnly);
  return solver.eigenvalues().minCoeff();
}

}  // namespace

LocalConstants local_constants(const Matrix& h_xx, const Matrix& h_xy, const Matrix& h_yy) {
  LocalConstants out;
  const Index dx = h_xx.rows();
  const Index dy = h_yy.rows();
  out.mu_y = smallest_eigenvalue(-h_yy);
  Matrix full(dx + dy, dx + dy);
  full << h_xx, h_xy, h_xy.transpose(), h_yy;
  Eigen::SelfAdjointEigenSolver<Matrix> full_solver(full, Eigen::EigenvaluesOnly);
  out.ell = full_solver.eigenvalues().cwiseAbs().maxCoeff();
  out.kappa_y = out.mu_y > 0.0 ? out.ell / out.mu_y : std::numeric_limits<double>::infinity();
  if (out.mu_y > 0.0) {
    // S = H_xx - H_xy H_yy^{-1} H_yx = H_xx + H_xy (-H_yy)^{-1} H_yx.
    out.schur = h_xx + h_xy * (-h_yy).llt().solve(h_xy.transpose());
    out.schur = 0.5 * (out.schur + out.schur.transpose());
    out.mu_x = smallest_eigenvalue(out.schur);
  } else {
    out.schur = h_xx;
    out.mu_x = -std::numeric_limits<double>::infinity();
  }
  out.kappa_x = out.mu_x > 0.0 ? out.ell / out.mu_x : std::numeric_limits<double>::infinity();
  out.strict_local_minimax = out.mu_y > 0.0 && out.mu_x > 0.0;
  out.local_nash = out.strict_local_minimax && smallest_eigenvalue(h_xx) >= 0.0;
  return out;
}

QuadraticGame::QuadraticGame(std::string name, Matrix a, Matrix b, Matrix c, double quartic)
    : name_(std::move(name)), a_(std::move(a)), b_(std::move(b)), c_(std::move(c)), quartic_(quartic) {
  if (a_.rows() < 1 || a_.rows() != a_.cols() || c_.rows() < 1 || c_.rows() != c_.cols() ||
      b_.rows() != a_.rows() || b_.cols() != c_.rows())
    throw ConfigError(fmt::format("{}: need A ({}x{}) square, C ({}x{}) square and B of size dim_x x dim_y, "
                                  "got B {}x{}",
                                  name_, a_.rows(), a_.cols(), c_.rows(), c_.cols(), b_.rows(), b_.cols()));
  if (!a_.allFinite() || !b_.allFinite() || !c_.allFinite() || !std::isfinite(quartic_))
    throw ConfigError(fmt::format("{}: the matrices and the quartic coefficient must be finite", name_));
  if (!is_symmetric(a_) || !is_symmetric(c_))
    throw ConfigError(fmt::format("{}: A and C must be symmetric", name_));
  if (quartic_ < 0.0)
    throw ConfigError(fmt::format("{}: quartic = {} < 0 would make f non-concave in y far out; give c >= 0",
                                  name_, quartic_));
  if (!(smallest_eigenvalue(c_) > 0.0))
    throw ConfigError(fmt::format("{}: C must be positive definite (lambda_min(C) = {}) so that f is strongly "
                                  "concave in y; increase mu",
                                  name_, smallest_eigenvalue(c_)));
  constants_ = local_constants(a_, b_, -c_);
  response_ = c_.llt().solve(b_.transpose());
  set_initial_point(Vector::Ones(dim_x()), Vector::Ones(dim_y()));
}

double QuadraticGame::value(const Vector& x, const Vector& y) const {
  double v = 0.5 * x.dot(a_ * x) + x.dot(b_ * y) - 0.5 * y.dot(c_ * y);
  if (quartic_ != 0.0) v += 0.25 * quartic_ * (x.array().pow(4).sum() - y.array().pow(4).sum());
  return v;
}

void QuadraticGame::grad_x(const Vector& x, const Vector& y, Vector& gx) const {
  gx.noalias() = a_ * x;
  gx.noalias() += b_ * y;
  if (quartic_ != 0.0) gx.array() += quartic_ * x.array().cube();
}

void QuadraticGame::grad_y(const Vector& x, const Vector& y, Vector& gy) const {
  gy.noalias() = b_.transpose() * x;
  gy.noalias() -= c_ * y;
  if (quartic_ != 0.0) gy.array() -= quartic_ * y.array().cube();
}

void QuadraticGame::best_response(const Vector& x, Vector& y) const {
  y.noalias() = response_ * x;
  if (quartic_ == 0.0) return;
  // Damped Newton on the strictly concave h(y) = x'By - 1/2 y'Cy - (c/4) sum y^4 (Armijo backtracking),
  // started at the quadratic best response.
  const Vector bx = b_.transpose() * x;
  auto h = [&](const Vector& v) { return bx.dot(v) - 0.5 * v.dot(c_ * v) - 0.25 * quartic_ * v.array().pow(4).sum(); };
  for (int iteration = 0; iteration < 100; ++iteration) {
    const Vector gradient = bx - c_ * y - quartic_ * y.array().cube().matrix();
    if (gradient.norm() <= 1e-14 * (1.0 + bx.norm())) break;
    Matrix hessian = c_;
    hessian.diagonal().array() += 3.0 * quartic_ * y.array().square();
    const Vector direction = hessian.llt().solve(gradient);
    double step = 1.0;
    const double h0 = h(y);
    while (step > 1e-12 && h(y + step * direction) < h0 + 0.25 * step * gradient.dot(direction)) step *= 0.5;
    y += step * direction;
  }
}

double QuadraticGame::phi(const Vector& x) const {
  if (quartic_ == 0.0) return 0.5 * x.dot(constants_.schur * x);
  Vector y(dim_y());
  best_response(x, y);
  return value(x, y);
}

void QuadraticGame::grad_phi(const Vector& x, Vector& g) const {
  if (quartic_ == 0.0) {
    g.noalias() = constants_.schur * x;
    return;
  }
  Vector y(dim_y());
  best_response(x, y);
  grad_x(x, y, g);  // Danskin: grad Phi(x) = grad_x f(x, y*(x)) (spec §1.1)
}

std::optional<SaddlePoint> QuadraticGame::solution() const {
  // The origin is stationary; it is a (local) minimax point when S > 0.
  if (!constants_.strict_local_minimax) return std::nullopt;
  return SaddlePoint{Vector::Zero(dim_x()), Vector::Zero(dim_y())};
}

Json QuadraticGame::describe() const {
  Json out = MinimaxProblem::describe();
  out["mu_y"] = constants_.mu_y;
  out["mu_x"] = constants_.mu_x;
  out["kappa_y"] = constants_.kappa_y;
  out["kappa_x"] = std::isfinite(constants_.kappa_x) ? Json(constants_.kappa_x) : Json(nullptr);
  out["strict_local_minimax"] = constants_.strict_local_minimax;
  out["local_nash"] = constants_.local_nash;
  out["quartic"] = quartic_;
  return out;
}

std::unique_ptr<QuadraticGame> make_stackelberg_scalar(double a, double b, double mu, double quartic) {
  if (!(mu > 0.0))
    throw ConfigError(fmt::format("stackelberg-scalar: mu = {} must be > 0 (strong concavity in y)", mu));
  Matrix am(1, 1), bm(1, 1), cm(1, 1);
  am(0, 0) = -a;
  bm(0, 0) = b;
  cm(0, 0) = mu;
  return std::make_unique<QuadraticGame>("stackelberg-scalar", am, bm, cm, quartic);
}

std::unique_ptr<QuadraticGame> make_local_rate_game(double mu_x, double mu_y) {
  if (!(mu_x > 0.0) || !(mu_y > 0.0) || mu_y >= 1.0)
    throw ConfigError(fmt::format("local-rate-game: need mu_x > 0 and 0 < mu_y < 1 (so that S > 0), got mu_x = "
                                  "{}, mu_y = {}",
                                  mu_x, mu_y));
  Matrix a = Matrix::Zero(2, 2);
  a(0, 0) = -1.0;
  a(1, 1) = mu_x;
  Matrix b = Matrix::Zero(2, 1);
  b(0, 0) = 1.0;
  Matrix c(1, 1);
  c(0, 0) = mu_y;
  return std::make_unique<QuadraticGame>("local-rate-game", a, b, c);
}

std::unique_ptr<QuadraticGame> make_random_quadratic_game(Index dim_x, Index dim_y, double a, double mu,
                                                          double b_min, double b_max, std::uint64_t seed,
                                                          double quartic) {
  if (dim_x < 1 || dim_y < 1) throw ConfigError("quadratic-game: dim_x and dim_y must be >= 1");
  if (!(mu > 0.0)) throw ConfigError(fmt::format("quadratic-game: mu = {} must be > 0", mu));
  if (!(b_min >= 0.0) || b_max < b_min)
    throw ConfigError(fmt::format("quadratic-game: need 0 <= b_min <= b_max, got {} and {}", b_min, b_max));
  RngStream rng(seed, {0x9a3e});
  auto orthogonal = [&](Index n) {
    Matrix g(n, n);
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < n; ++j) g(i, j) = rng.normal();
    Eigen::HouseholderQR<Matrix> qr(g);
    return Matrix(qr.householderQ());
  };
  const Matrix u = orthogonal(dim_x);
  const Matrix v = orthogonal(dim_y);
  const Index k = std::min(dim_x, dim_y);
  Matrix s = Matrix::Zero(dim_x, dim_y);
  for (Index i = 0; i < k; ++i)
    s(i, i) = k == 1 ? b_min : b_min + (b_max - b_min) * static_cast<double>(i) / static_cast<double>(k - 1);
  return std::make_unique<QuadraticGame>("quadratic-game", -a * Matrix::Identity(dim_x, dim_x), u * s * v.transpose(),
                                         mu * Matrix::Identity(dim_y, dim_y), quartic);
}

}  // namespace ellopt::problems
