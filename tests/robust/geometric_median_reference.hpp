// Independent references for the geometric-median tests: a naive two-pass Weiszfeld, a 2-D grid-refinement
// brute-force minimizer, and a long plain subgradient descent on the sum of distances.
#pragma once

#include <Eigen/Cholesky>
#include <cmath>
#include <limits>

#include "ellopt/core/rng.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::robust::testing {

inline double objective(const Matrix& points, const Vector& y) {
  double f = 0.0;
  for (Index j = 0; j < points.cols(); ++j) f += (points.col(j) - y).norm();
  return f;
}

// The textbook smoothed iteration, written the obvious way (distances, then the weighted average).
inline Vector naive_weiszfeld(const Matrix& points, Vector y, double nu, int iterations) {
  for (int it = 0; it < iterations; ++it) {
    Vector numerator = Vector::Zero(points.rows());
    double denominator = 0.0;
    for (Index j = 0; j < points.cols(); ++j) {
      const double beta = 1.0 / std::max(nu, (points.col(j) - y).norm());  // nu = 0: plain Weiszfeld
      numerator += beta * points.col(j);
      denominator += beta;
    }
    y = numerator / denominator;
  }
  return y;
}

// Brute force in 2-D: evaluate f on a 41 x 41 grid over a box, recentre on the best cell and shrink the box
// by 10x; f is convex, so the best cell of each grid stays within the next box.
inline Vector grid_minimizer_2d(const Matrix& points) {
  Vector center = points.rowwise().mean();
  double half_width = 0.0;
  for (Index j = 0; j < points.cols(); ++j) half_width = std::max(half_width, (points.col(j) - center).lpNorm<Eigen::Infinity>());
  half_width *= 1.01;
  constexpr int kSide = 41;
  for (int round = 0; round < 14; ++round) {
    double best = std::numeric_limits<double>::infinity();
    Vector best_point = center;
    const double step = 2.0 * half_width / (kSide - 1);
    for (int a = 0; a < kSide; ++a) {
      for (int b = 0; b < kSide; ++b) {
        Vector candidate(2);
        candidate << center[0] - half_width + a * step, center[1] - half_width + b * step;
        const double f = objective(points, candidate);
        if (f < best) {
          best = f;
          best_point = candidate;
        }
      }
    }
    center = best_point;
    half_width = 2.0 * step;
  }
  return center;
}

// Subgradient descent with steps c / sqrt(k) and best-iterate tracking: slow but obviously correct.
inline Vector subgradient_minimizer(const Matrix& points, int iterations) {
  Vector y = points.rowwise().mean();
  Vector best = y;
  double best_f = objective(points, y);
  double spread = 0.0;
  for (Index j = 0; j < points.cols(); ++j) spread = std::max(spread, (points.col(j) - y).norm());
  for (int k = 1; k <= iterations; ++k) {
    Vector g = Vector::Zero(points.rows());
    for (Index j = 0; j < points.cols(); ++j) {
      const double dist = (y - points.col(j)).norm();
      if (dist > 0.0) g += (y - points.col(j)) / dist;
    }
    const double gnorm = g.norm();
    if (gnorm == 0.0) break;
    y -= (0.5 * spread / std::sqrt(static_cast<double>(k))) * g / gnorm;
    const double f = objective(points, y);
    if (f < best_f) {
      best_f = f;
      best = y;
    }
  }
  return best;
}

// Damped Newton on f (smooth away from the data points; Hessian sum_i (I - u_i u_i^T)/||y - z_i||) with
// backtracking: an independent high-precision minimizer when the median is not a data point.
inline Vector newton_minimizer(const Matrix& points, int iterations) {
  const Index d = points.rows();
  Vector y = points.rowwise().mean();
  for (int it = 0; it < iterations; ++it) {
    Vector g = Vector::Zero(d);
    Matrix h = Matrix::Zero(d, d);
    for (Index j = 0; j < points.cols(); ++j) {
      const Vector diff = y - points.col(j);
      const double dist = diff.norm();
      if (dist == 0.0) return y;
      const Vector u = diff / dist;
      g += u;
      h += (Matrix::Identity(d, d) - u * u.transpose()) / dist;
    }
    const Vector step = h.ldlt().solve(g);
    double t = 1.0;
    const double f0 = objective(points, y);
    while (t > 1e-12 && objective(points, y - t * step) > f0 - 0.25 * t * g.dot(step)) t *= 0.5;
    if (t <= 1e-12) break;
    y -= t * step;
  }
  return y;
}

inline Matrix gaussian_cloud(Index d, Index n, RngStream& rng, double sd = 1.0) {
  Matrix points(d, n);
  for (Index j = 0; j < n; ++j)
    for (Index r = 0; r < d; ++r) points(r, j) = sd * rng.normal();
  return points;
}

}  // namespace ellopt::robust::testing
