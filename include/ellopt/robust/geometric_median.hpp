// Geometric median by smoothed Weiszfeld iterations (spec bandits_adversarial.md §1.4, performance.md §5).
//
//   GM(z_1..z_n; w) = argmin_y f(y),  f(y) = sum_i w_i ||y - z_i||_2.
//
// Iteration (Pillutla, Kakade & Harchaoui, "Robust Aggregation for Federated Learning", IEEE TSP 2022):
//   beta_i = w_i / max(nu, ||y - z_i||),   y <- sum_i beta_i z_i / sum_i beta_i.
// Start at the coordinate-wise median (spec §3(a): a huge outlier then costs no iterations), nu relative to
// the data scale (spec §1.10: nu = 1e-8 * scale), accumulation in double.
//
// Stopping rules, checked in this order after every iteration, the one that fired is reported:
//   "ftol"     |f(y_k) - f(y_{k+1})| <= ftol * f_ref, with f_ref = min(f(y_{k+1}), W * scale) by default
//              (robust_ftol) or f(y_{k+1}) as in RFA/geom_median. The robust reference keeps the test
//              meaningful when an outlier at 1e300 dominates f. The decrease is computed per point as
//              (||y_k - z_i||^2 - ||y_{k+1} - z_i||^2) / (||y_k - z_i|| + ||y_{k+1} - z_i||), which has no
//              cancellation even when f is 1e300.
//   "xtol"     ||y_{k+1} - y_k|| <= xtol * scale.
//   "max_iter" max_iter iterations done.
//   "exact"    a data point z_j was certified as the exact minimiser by the Kuhn / Vardi-Zhang optimality
//              condition ||sum_{z_i != z_j} w_i (z_j - z_i)/||z_j - z_i|| || <= (weight at z_j), and is
//              returned bit for bit: at the start when the coordinate median is a data point (a point mass
//              with weight > 1/2 is always found there), and at the end when the iterate is within
//              snap_radius * scale of a data point.
// scale is the weighted median of the distances from the starting point to the points (robust spread).
//
// Cost: after a setup of three passes over the points (finiteness check, coordinate median, distances),
// every iteration is ONE pass over memory: rows are processed in blocks that fit in L2, and for each
// block the new iterate is formed and, while the block is still in cache, the distances to it are
// accumulated for the next iteration. No allocation per iteration. Inputs with n d >= 2^20 split their rows
// into 8 fixed ranges reduced in order, run on OpenMP threads: same bits for any thread count.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "ellopt/robust/aggregator.hpp"

namespace ellopt::robust {

struct GeometricMedianOptions {
  double nu = 1e-8;          // smoothing: distances are clamped below at nu (times scale if nu_relative)
  bool nu_relative = true;   // nu is a fraction of the data scale (spec §3(a): a scale-relative nu)
  double ftol = 1e-10;       // relative objective decrease (blades default; geom_median uses 1e-20)
  double xtol = 1e-12;       // step length relative to scale
  int max_iter = 100;        // spec §1.10: <= 100 iterations; geom_median's default
  bool robust_ftol = true;   // f_ref = min(f, W * scale) instead of f (see above)
  bool snap = true;          // certify and return a data point when it is the exact minimiser
  double snap_radius = 1e-6; // distance to the nearest point, relative to scale, that triggers the test
  bool keep_trace = true;    // record f per iteration in objective_trace
  int threads = 0;           // OpenMP threads for large inputs (0: the OpenMP default); results do not depend on it
  std::size_t block_bytes = std::size_t{512} * 1024;  // rows per block: n * rows * 8 bytes ~ this (L2-sized)

  static ParamSchema schema();                 // nu, ftol, xtol, max_iter, robust_ftol, snap, snap_radius
  static GeometricMedianOptions from(const Params& params);
  void validate() const;                       // ConfigError naming the option and its range
};

class GeometricMedian final : public Aggregator {
 public:
  explicit GeometricMedian(GeometricMedianOptions options = {});

  std::string name() const override { return "geometric-median"; }
  AggregateResult aggregate(PointsView points, RngStream& rng) const override;
  double breakdown_point(Index n) const override;

  // Weighted version: weights must be finite and >= 0 with a positive sum (ConfigError otherwise); an empty
  // span means all ones. Columns with NaN/inf are excluded.
  AggregateResult solve(PointsView points, std::span<const double> weights = {}) const;

  const GeometricMedianOptions& options() const { return options_; }

 private:
  GeometricMedianOptions options_;
};

// f(y) = sum_i w_i ||y - z_i|| over the finite columns, computed scale-safely (used by tests and claims).
double sum_of_distances(PointsView points, const Vector& y, std::span<const double> weights = {});

}  // namespace ellopt::robust
