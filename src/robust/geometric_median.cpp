// Smoothed Weiszfeld with a one-pass-per-iteration blocked kernel; see geometric_median.hpp for the
// algorithm, the stopping rules and the references.
#include "ellopt/robust/geometric_median.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <utility>

#if defined(_OPENMP)
#include <omp.h>
#endif

#include "column_support.hpp"
#include "registrations.hpp"
#include "ellopt/core/error.hpp"

namespace ellopt::robust {

namespace {

const std::string kWho = "aggregator 'geometric-median'";
// Inputs with at least this many entries split their rows into kRowRanges ranges (OpenMP when available).
constexpr double kParallelElements = 1 << 20;
constexpr int kRowRanges = 8;

// Both sums of the fused second touch of a block, in one loop over the cached block:
//   squared += sum_r (y_r - z_r)^2,   cross += sum_r delta_r (y_r - z_r).
// `omp simd reduction` lets the compiler keep vector partial sums (a fixed order for a given build, so the
// result does not depend on the number of threads); without OpenMP, Eigen's vectorized reductions.
inline void accumulate_distance_terms(const double* y, const double* z, const double* delta, Index length,
                                      double& squared, double& cross) {
#if defined(_OPENMP)
  double squared_sum = 0.0;
  double cross_sum = 0.0;
#pragma omp simd reduction(+ : squared_sum, cross_sum)
  for (Index r = 0; r < length; ++r) {
    const double e = y[r] - z[r];
    squared_sum += e * e;
    cross_sum += delta[r] * e;
  }
  squared += squared_sum;
  cross += cross_sum;
#else
  const Eigen::Map<const Vector> yv(y, length), zv(z, length), dv(delta, length);
  squared += (yv - zv).squaredNorm();
  cross += dv.dot(yv - zv);
#endif
}

// next += sum_k beta_k z_k over one block, four columns per sweep so the accumulator is loaded and stored
// once per four columns.
inline void weighted_block_sum(const std::vector<const double*>& columns, const std::vector<double>& beta,
                               Index r0, Index rows, double* next) {
  using ConstMap = Eigen::Map<const Vector>;
  Eigen::Map<Vector> accumulator(next, rows);
  accumulator.setZero();
  std::size_t k = 0;
  for (; k + 4 <= columns.size(); k += 4)
    accumulator += beta[k] * ConstMap(columns[k] + r0, rows) + beta[k + 1] * ConstMap(columns[k + 1] + r0, rows) +
                   beta[k + 2] * ConstMap(columns[k + 2] + r0, rows) + beta[k + 3] * ConstMap(columns[k + 3] + r0, rows);
  for (; k < columns.size(); ++k) accumulator += beta[k] * ConstMap(columns[k] + r0, rows);
}

// Kuhn (1973) / Vardi & Zhang (2000): z_j minimizes sum_i w_i ||y - z_i|| iff the pull of the other points,
// R = sum_{z_i != z_j} w_i (z_j - z_i) / ||z_j - z_i||, has norm at most the total weight sitting at z_j.
bool anchor_is_optimal(const std::vector<const double*>& columns, const std::vector<double>& weights, Index d,
                       std::size_t anchor) {
  const double* z = columns[anchor];
  Vector pull = Vector::Zero(d);
  double weight_here = 0.0;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const double dist = detail::distance(z, columns[k], d);
    if (dist == 0.0) {
      weight_here += weights[k];
      continue;
    }
    if (!std::isfinite(dist)) continue;  // cannot happen after far-point exclusion; stay safe
    const double c = weights[k] / dist;
    const double* other = columns[k];
    for (Index r = 0; r < d; ++r) pull[r] += c * z[r] - c * other[r];
  }
  return pull.norm() <= weight_here;
}

}  // namespace

ParamSchema GeometricMedianOptions::schema() {
  const GeometricMedianOptions defaults;
  ParamSchema schema;
  schema.add({.name = "nu",
              .type = ParamType::kReal,
              .default_value = defaults.nu,
              .doc = "Weiszfeld smoothing: distances are clamped below at nu (times the data scale when "
                     "nu_relative)",
              .min = 0.0,
              .min_exclusive = true});
  schema.add({.name = "nu_relative",
              .type = ParamType::kBool,
              .default_value = defaults.nu_relative,
              .doc = "nu is a fraction of the data scale (median distance to the coordinate median)"});
  schema.add({.name = "ftol",
              .type = ParamType::kReal,
              .default_value = defaults.ftol,
              .doc = "stop when the objective decrease is <= ftol * f_ref",
              .min = 0.0});
  schema.add({.name = "xtol",
              .type = ParamType::kReal,
              .default_value = defaults.xtol,
              .doc = "stop when the step length is <= xtol * scale",
              .min = 0.0});
  schema.add({.name = "max_iter",
              .type = ParamType::kInteger,
              .default_value = defaults.max_iter,
              .doc = "maximum number of Weiszfeld iterations",
              .min = 0.0,
              .max = 1e9});
  schema.add({.name = "robust_ftol",
              .type = ParamType::kBool,
              .default_value = defaults.robust_ftol,
              .doc = "ftol reference min(f, W * scale) instead of f, so far outliers do not stop the run early"});
  schema.add({.name = "snap",
              .type = ParamType::kBool,
              .default_value = defaults.snap,
              .doc = "return a data point bit for bit when the optimality test certifies it as the minimiser"});
  schema.add({.name = "snap_radius",
              .type = ParamType::kReal,
              .default_value = defaults.snap_radius,
              .doc = "distance to the nearest data point (relative to scale) that triggers the optimality test",
              .min = 0.0});
  return schema;
}

GeometricMedianOptions GeometricMedianOptions::from(const Params& params) {
  GeometricMedianOptions options;
  if (params.has("nu")) options.nu = params.real("nu");
  if (params.has("nu_relative")) options.nu_relative = params.flag("nu_relative");
  if (params.has("ftol")) options.ftol = params.real("ftol");
  if (params.has("xtol")) options.xtol = params.real("xtol");
  if (params.has("max_iter")) options.max_iter = static_cast<int>(params.integer("max_iter"));
  if (params.has("robust_ftol")) options.robust_ftol = params.flag("robust_ftol");
  if (params.has("snap")) options.snap = params.flag("snap");
  if (params.has("snap_radius")) options.snap_radius = params.real("snap_radius");
  options.validate();
  return options;
}

void GeometricMedianOptions::validate() const {
  auto fail = [](const std::string& what) { throw ConfigError(kWho + ": " + what); };
  if (!(std::isfinite(nu) && nu > 0.0)) fail(fmt::format("nu = {} must be finite and > 0", nu));
  if (!(std::isfinite(ftol) && ftol >= 0.0)) fail(fmt::format("ftol = {} must be finite and >= 0", ftol));
  if (!(std::isfinite(xtol) && xtol >= 0.0)) fail(fmt::format("xtol = {} must be finite and >= 0", xtol));
  if (max_iter < 0) fail(fmt::format("max_iter = {} must be >= 0", max_iter));
  if (threads < 0) fail(fmt::format("threads = {} must be >= 0 (0: the OpenMP default)", threads));
  if (!(std::isfinite(snap_radius) && snap_radius >= 0.0))
    fail(fmt::format("snap_radius = {} must be finite and >= 0", snap_radius));
  if (block_bytes < 64) fail(fmt::format("block_bytes = {} must be >= 64", block_bytes));
}

GeometricMedian::GeometricMedian(GeometricMedianOptions options) : options_(options) { options_.validate(); }

double GeometricMedian::breakdown_point(Index n) const {
  static_cast<void>(n);
  return 0.5;
}

AggregateResult GeometricMedian::aggregate(PointsView points, RngStream& rng) const {
  static_cast<void>(rng);
  return solve(points);
}

AggregateResult GeometricMedian::solve(PointsView points, std::span<const double> weights) const {
  auto split = detail::split_finite_columns(points, kWho);
  std::vector<double> w = detail::active_weights(weights, points.cols(), split.active, kWho);
  const Index d = points.rows();
  AggregateResult result;
  std::string far_note;

  // Start: the coordinate-wise median (spec §3(a)), weighted when weights are given.
  Vector y;
  detail::coordinate_median(points, split.active, weights.empty() ? std::span<const double>{} : w, y);

  // Setup pass: distances from the start. Columns whose distance cannot be represented together with the
  // objective (beyond DBL_MAX / (8 m)) are excluded: they would make f overflow; their pull on the iterate
  // is a unit vector that a breakdown-free aggregate ignores anyway since they are far fewer than half.
  std::vector<double> dist(split.active.size());
  {
    const double limit = DBL_MAX / (8.0 * static_cast<double>(split.active.size()));
    std::vector<Index> kept_columns;
    std::vector<double> kept_weights;
    std::vector<double> kept_dist;
    std::vector<Index> far;
    for (std::size_t k = 0; k < split.active.size(); ++k) {
      const double dk = detail::distance(y.data(), points.col(split.active[k]).data(), d);
      if (!(dk <= limit)) {
        far.push_back(split.active[k]);
        continue;
      }
      kept_columns.push_back(split.active[k]);
      kept_weights.push_back(w[k]);
      kept_dist.push_back(dk);
    }
    if (!far.empty()) {
      if (kept_columns.empty())
        throw ConfigError(kWho + ": every finite point is too far from the coordinate median to represent the "
                                 "objective in double precision; rescale the input");
      double kept_weight = 0.0;
      for (double wk : kept_weights) kept_weight += wk;
      if (!(kept_weight > 0.0))
        throw ConfigError(kWho + ": the points kept after excluding far points have zero total weight");
      far_note = detail::excluded_note(far, "distance from the coordinate median beyond the double range");
      split.excluded.insert(split.excluded.end(), far.begin(), far.end());
      std::sort(split.excluded.begin(), split.excluded.end());
      split.active = std::move(kept_columns);
      w = std::move(kept_weights);
    }
    dist = std::move(kept_dist);
  }
  const std::size_t m = split.active.size();
  std::vector<const double*> columns(m);
  for (std::size_t k = 0; k < m; ++k) columns[k] = points.col(split.active[k]).data();

  result.excluded = split.excluded;
  {
    std::string nonfinite_note;
    if (!split.excluded.empty()) {
      std::vector<Index> nonfinite;
      for (Index j : split.excluded)
        if (!points.col(j).allFinite()) nonfinite.push_back(j);
      nonfinite_note = detail::excluded_note(nonfinite, "NaN or infinity");
    }
    result.warning = nonfinite_note;
    if (!far_note.empty()) result.warning += (result.warning.empty() ? "" : "; ") + far_note;
  }

  double total_weight = 0.0;
  double weight_at_start = 0.0;
  double f = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    total_weight += w[k];
    if (dist[k] == 0.0) weight_at_start += w[k];
    f += w[k] * dist[k];
  }
  if (options_.keep_trace) {
    result.objective_trace.reserve(static_cast<std::size_t>(options_.max_iter) + 1);
    result.objective_trace.push_back(f);
  }

  auto finish_exact_at_start = [&]() {
    result.value = y;
    result.iterations = 0;
    result.stop_reason = "exact";
    return result;
  };
  // A point mass with more than half the weight is the coordinate median itself, and it is the GM (its
  // weight exceeds the norm of any sum of the other points' unit pulls).
  if (weight_at_start > 0.5 * total_weight) return finish_exact_at_start();

  // Robust spread: weighted median distance from the start (positive here since less than half the weight
  // sits at the start; fall back to the mean distance for the exactly-half case).
  double scale;
  {
    std::vector<double> copy = dist;
    scale = detail::weighted_median(copy, weights.empty() ? std::span<const double>{} : w);
    if (!(scale > 0.0)) scale = f / total_weight;
  }
  if (options_.snap && weight_at_start > 0.0) {
    for (std::size_t k = 0; k < m; ++k)
      if (dist[k] == 0.0) {
        if (anchor_is_optimal(columns, w, d, k)) return finish_exact_at_start();
        break;
      }
  }

  const double nu = std::max(options_.nu_relative ? options_.nu * scale : options_.nu, DBL_MIN);
  const double f_ref_cap = total_weight * scale;

  // Workspace, allocated once per solve. Large inputs split their rows into a FIXED number of ranges, each
  // with its own partial sums, reduced in range order: the ranges may run on any number of OpenMP threads
  // and the result is bit for bit the same (determinism rule: never depend on the thread count).
  Index block_rows = static_cast<Index>(options_.block_bytes / (sizeof(double) * static_cast<std::size_t>(m)));
  block_rows = std::clamp<Index>((block_rows / 8) * 8, 8, std::max<Index>(8, d));
  block_rows = std::min(block_rows, d);
  const bool split_rows = static_cast<double>(m) * static_cast<double>(d) >= kParallelElements && d >= 8 * block_rows;
  const int ranges = split_rows ? kRowRanges : 1;
  Vector y_next(d);
  std::vector<double> delta(static_cast<std::size_t>(ranges * block_rows));
  std::vector<double> beta(m), squared(m), cross(m), next_dist(m);
  std::vector<double> range_squared(static_cast<std::size_t>(ranges) * m), range_cross(range_squared.size());
  std::vector<double> range_step(static_cast<std::size_t>(ranges));

  int iteration = 0;
  std::string stop = options_.max_iter == 0 ? "max_iter" : "";
  while (stop.empty()) {
    double beta_sum = 0.0;
    for (std::size_t k = 0; k < m; ++k) {
      beta[k] = w[k] / std::max(nu, dist[k]);
      beta_sum += beta[k];
    }
    const double inverse_beta_sum = 1.0 / beta_sum;
    std::fill(range_squared.begin(), range_squared.end(), 0.0);
    std::fill(range_cross.begin(), range_cross.end(), 0.0);

    // One pass over the points: for each block of rows, form the new iterate's rows, then (block in cache)
    // accumulate ||y_next - z_i||^2 and delta . (y_next - z_i) for the next iteration and the decrease.
#if defined(_OPENMP)
#pragma omp parallel for schedule(static) if (split_rows) num_threads(options_.threads > 0 ? options_.threads : omp_get_max_threads())
#endif
    for (int range = 0; range < ranges; ++range) {
      const Index first = d * range / ranges;
      const Index last = d * (range + 1) / ranges;
      double* range_delta = delta.data() + static_cast<std::size_t>(range) * static_cast<std::size_t>(block_rows);
      double* squared_out = range_squared.data() + static_cast<std::size_t>(range) * m;
      double* cross_out = range_cross.data() + static_cast<std::size_t>(range) * m;
      double step_sum = 0.0;
      for (Index r0 = first; r0 < last; r0 += block_rows) {
        const Index rows = std::min(block_rows, last - r0);
        double* next = y_next.data() + r0;
        weighted_block_sum(columns, beta, r0, rows, next);
        const double* current = y.data() + r0;
        double block_step = 0.0;
        for (Index r = 0; r < rows; ++r) {
          next[r] *= inverse_beta_sum;
          const double step = current[r] - next[r];
          range_delta[r] = step;
          block_step += step * step;
        }
        step_sum += block_step;
        for (std::size_t k = 0; k < m; ++k)
          accumulate_distance_terms(next, columns[k] + r0, range_delta, rows, squared_out[k], cross_out[k]);
      }
      range_step[static_cast<std::size_t>(range)] = step_sum;
    }
    double step_squared = 0.0;
    std::fill(squared.begin(), squared.end(), 0.0);
    std::fill(cross.begin(), cross.end(), 0.0);
    for (int range = 0; range < ranges; ++range) {
      step_squared += range_step[static_cast<std::size_t>(range)];
      for (std::size_t k = 0; k < m; ++k) {
        squared[k] += range_squared[static_cast<std::size_t>(range) * m + k];
        cross[k] += range_cross[static_cast<std::size_t>(range) * m + k];
      }
    }

    double step_length = std::sqrt(step_squared);
    if (detail::squared_norm_needs_rescue(step_squared)) step_length = detail::safe_distance(y.data(), y_next.data(), d);
    const double step_length_squared = step_length * step_length;

    double f_next = 0.0;
    double decrease = 0.0;
    for (std::size_t k = 0; k < m; ++k) {
      next_dist[k] = detail::squared_norm_needs_rescue(squared[k])
                         ? detail::safe_distance(y_next.data(), columns[k], d)
                         : std::sqrt(squared[k]);
      f_next += w[k] * next_dist[k];
      // ||y - z||^2 - ||y' - z||^2 = ||delta||^2 + 2 delta . (y' - z): no cancellation between huge f's.
      const double denominator = dist[k] + next_dist[k];
      double term = 0.0;
      if (denominator > 0.0) term = (step_length_squared + 2.0 * cross[k]) / denominator;
      if (!std::isfinite(term)) term = dist[k] - next_dist[k];
      decrease += w[k] * term;
    }
    std::swap(y, y_next);
    std::swap(dist, next_dist);
    f = f_next;
    ++iteration;
    if (options_.keep_trace) result.objective_trace.push_back(f);

    const double f_ref = options_.robust_ftol ? std::min(f, f_ref_cap) : f;
    if (std::abs(decrease) <= options_.ftol * f_ref) {
      stop = "ftol";
    } else if (step_length <= options_.xtol * scale) {
      stop = "xtol";
    } else if (iteration >= options_.max_iter) {
      stop = "max_iter";
    }
  }

  result.iterations = iteration;
  result.stop_reason = stop;
  result.value = y;
  if (options_.snap) {
    const auto nearest = static_cast<std::size_t>(std::min_element(dist.begin(), dist.end()) - dist.begin());
    if (dist[nearest] <= options_.snap_radius * scale && anchor_is_optimal(columns, w, d, nearest)) {
      result.value = Eigen::Map<const Vector>(columns[nearest], d);
      result.stop_reason = "exact";
    }
  }
  return result;
}

double sum_of_distances(PointsView points, const Vector& y, std::span<const double> weights) {
  const std::string who = "sum_of_distances";
  const auto split = detail::split_finite_columns(points, who);
  if (y.size() != points.rows())
    throw ConfigError(fmt::format("{}: point of length {} for points of dimension {}", who, y.size(),
                                  points.rows()));
  const auto w = detail::active_weights(weights, points.cols(), split.active, who);
  double f = 0.0;
  for (std::size_t k = 0; k < split.active.size(); ++k)
    f += w[k] * detail::distance(y.data(), points.col(split.active[k]).data(), points.rows());
  return f;
}

void detail::register_geometric_median(AggregatorRegistry& registry) {
  registry.add({.name = "geometric-median",
                .description = "smoothed Weiszfeld from the coordinate median (breakdown point 1/2)",
                .schema = GeometricMedianOptions::schema(),
                .factory = [](const Params& params) -> std::unique_ptr<Aggregator> {
                  return std::make_unique<GeometricMedian>(GeometricMedianOptions::from(params));
                }});
}

}  // namespace ellopt::robust
