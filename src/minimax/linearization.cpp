// GCC 12 reports a false -Wuninitialized inside its own AVX-512 intrinsics when Eigen's eigen solvers are
// inlined with -march=native (same family as the -Wno-maybe-uninitialized of cmake/EllOptLayer.cmake).
#pragma GCC diagnostic ignored "-Wuninitialized"
#include "ellopt/minimax/linearization.hpp"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"
#include "ellopt/problems/minimax/toy_gan.hpp"

namespace ellopt::minimax {

HessianBlocks hessian_blocks(const problems::MinimaxProblem& problem, const Vector& x, const Vector& y, double h) {
  if (const auto* game = dynamic_cast<const problems::QuadraticGame*>(&problem)) {
    if (game->quartic() == 0.0 || (x.isZero() && y.isZero())) return {game->h_xx(), game->h_xy(), game->h_yy()};
  }
  if (const auto* gan = dynamic_cast<const problems::ToyGan*>(&problem)) {
    const auto solution = gan->solution();
    if ((x - solution->x).isZero() && (y - solution->y).isZero()) return {gan->h_xx(), gan->h_xy(), gan->h_yy()};
  }
  const Index dx = problem.dim_x();
  const Index dy = problem.dim_y();
  HessianBlocks out{Matrix(dx, dx), Matrix(dx, dy), Matrix(dy, dy)};
  Vector gx_plus(dx), gx_minus(dx), gy_plus(dy), gy_minus(dy);
  Vector xp = x, yp = y;
  for (Index j = 0; j < dx; ++j) {
    xp[j] = x[j] + h;
    problem.gradient(xp, y, gx_plus, gy_plus);
    xp[j] = x[j] - h;
    problem.gradient(xp, y, gx_minus, gy_minus);
    xp[j] = x[j];
    out.h_xx.col(j) = (gx_plus - gx_minus) / (2.0 * h);
  }
  for (Index j = 0; j < dy; ++j) {
    yp[j] = y[j] + h;
    problem.gradient(x, yp, gx_plus, gy_plus);
    yp[j] = y[j] - h;
    problem.gradient(x, yp, gx_minus, gy_minus);
    yp[j] = y[j];
    out.h_xy.col(j) = (gx_plus - gx_minus) / (2.0 * h);
    out.h_yy.col(j) = (gy_plus - gy_minus) / (2.0 * h);
  }
  out.h_xx = 0.5 * (out.h_xx + out.h_xx.transpose()).eval();
  out.h_yy = 0.5 * (out.h_yy + out.h_yy.transpose()).eval();
  return out;
}

HessianBlocks hessian_blocks_at_solution(const problems::MinimaxProblem& problem) {
  const auto solution = problem.solution();
  if (!solution)
    throw ConfigError(fmt::format("problem '{}' has no known (local) minimax point to linearize at; the stability "
                                  "analysis needs one (e.g. stackelberg-scalar, quadratic-game, toy-gan)",
                                  problem.name()));
  return hessian_blocks(problem, solution->x, solution->y);
}

namespace {

Matrix jacobian_of_field(const HessianBlocks& b) {
  const Index dx = b.h_xx.rows();
  const Index dy = b.h_yy.rows();
  Matrix m(dx + dy, dx + dy);
  m << b.h_xx, b.h_xy, -b.h_xy.transpose(), -b.h_yy;
  return m;
}

Matrix scaled_field(const HessianBlocks& b, double eta_x, double eta_y) {
  // G = Lambda M0 with Lambda = diag(eta_x I, eta_y I) = eta_x D_tau.
  Matrix g = jacobian_of_field(b);
  const Index dx = b.h_xx.rows();
  g.topRows(dx) *= eta_x;
  g.bottomRows(b.h_yy.rows()) *= eta_y;
  return g;
}

}  // namespace

Matrix linearized_map(SchemeKind scheme, const HessianBlocks& b, double eta_x, double eta_y) {
  const Index dx = b.h_xx.rows();
  const Index dy = b.h_yy.rows();
  const Index n = dx + dy;
  const Matrix identity = Matrix::Identity(n, n);
  const Matrix g = scaled_field(b, eta_x, eta_y);
  switch (scheme) {
    case SchemeKind::kSimultaneousGda:
      return identity - g;
    case SchemeKind::kAlternatingGda: {
      Matrix jx = identity;
      jx.topLeftCorner(dx, dx) -= eta_x * b.h_xx;
      jx.topRightCorner(dx, dy) = -eta_x * b.h_xy;
      Matrix jy = identity;
      jy.bottomLeftCorner(dy, dx) = eta_y * b.h_xy.transpose();
      jy.bottomRightCorner(dy, dy) += eta_y * b.h_yy;
      return jy * jx;
    }
    case SchemeKind::kExtragradient:
      return identity - g + g * g;
    case SchemeKind::kOptimisticGda: {
      Matrix map = Matrix::Zero(2 * n, 2 * n);
      map.topLeftCorner(n, n) = identity - 2.0 * g;
      map.topRightCorner(n, n) = g;
      map.bottomLeftCorner(n, n) = identity;
      return map;
    }
    case SchemeKind::kPastExtragradient: {
      Matrix map = Matrix::Zero(2 * n, 2 * n);
      map.topLeftCorner(n, n) = identity - g;
      map.topRightCorner(n, n) = g * g;
      map.bottomLeftCorner(n, n) = identity;
      map.bottomRightCorner(n, n) = -g;
      return map;
    }
  }
  return identity;
}

double spectral_radius(const Matrix& map) {
  Eigen::EigenSolver<Matrix> solver(map, false);
  return solver.eigenvalues().cwiseAbs().maxCoeff();
}

double scheme_spectral_radius(SchemeKind scheme, const HessianBlocks& blocks, double eta_x, double eta_y) {
  return spectral_radius(linearized_map(scheme, blocks, eta_x, eta_y));
}

bool ode_stable(const HessianBlocks& blocks, double ratio) {
  Matrix m = jacobian_of_field(blocks);
  m.bottomRows(blocks.h_yy.rows()) *= ratio;
  Eigen::EigenSolver<Matrix> solver(m, false);
  return (solver.eigenvalues().real().array() > 0.0).all();
}

std::vector<double> log_grid(double lo, double hi, std::size_t points) {
  if (!(lo > 0.0) || !(hi >= lo) || points < 1)
    throw ConfigError(fmt::format("log grid: need 0 < lo <= hi and >= 1 point, got lo = {}, hi = {}, {} points", lo,
                                  hi, points));
  std::vector<double> grid(points);
  for (std::size_t i = 0; i < points; ++i)
    grid[i] = points == 1 ? lo : lo * std::pow(hi / lo, static_cast<double>(i) / static_cast<double>(points - 1));
  return grid;
}

namespace {
template <class Stable>
double smallest_stable_tail(const std::vector<double>& ratios, Stable stable) {
  double answer = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = ratios.size(); i > 0; --i) {
    if (!stable(ratios[i - 1])) break;
    answer = ratios[i - 1];
  }
  return answer;
}
}  // namespace

double critical_ratio(SchemeKind scheme, const HessianBlocks& blocks, double eta_y, const std::vector<double>& ratios) {
  return smallest_stable_tail(ratios, [&](double tau) {
    return scheme_spectral_radius(scheme, blocks, eta_y / tau, eta_y) < 1.0;
  });
}

double critical_ratio_ode(const HessianBlocks& blocks, const std::vector<double>& ratios) {
  return smallest_stable_tail(ratios, [&](double tau) { return ode_stable(blocks, tau); });
}

double scalar_critical_ratio_ode(double a, double, double mu) { return a / mu; }

double scalar_critical_ratio_simultaneous(double a, double b, double mu, double eta_y) {
  return a / mu + eta_y * (b * b / mu - a);
}

double scalar_critical_ratio_alternating(double a, double, double mu, double eta_y) { return a / mu - eta_y * a; }

}  // namespace ellopt::minimax
