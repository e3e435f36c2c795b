// Shared by the aggregators (private to src/robust): which columns are usable, scale-safe distances, the
// coordinate-wise median, and validation messages.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "ellopt/robust/aggregator.hpp"

namespace ellopt::robust::detail {

// Throws ConfigError unless the view has at least one row and one column.
void require_shape(PointsView points, const std::string& who);

// Splits the columns into finite ones (`active`) and those holding NaN or an infinity (`excluded`).
// Throws ConfigError when no column is finite: there is nothing to aggregate.
struct ColumnSplit {
  std::vector<Index> active;
  std::vector<Index> excluded;
};
ColumnSplit split_finite_columns(PointsView points, const std::string& who);

// Weights for the active columns: empty input -> all ones; otherwise one weight per column of `points`
// (finite, >= 0, positive total over the active columns), else ConfigError.
std::vector<double> active_weights(std::span<const double> weights, Index columns,
                                   const std::vector<Index>& active, const std::string& who);

// ||a - b||_2 without overflow or underflow: scales by the largest |a_r - b_r| (the LAPACK dnrm2 idea).
// Returns +inf only when the distance itself exceeds the double range.
double safe_distance(const double* a, const double* b, Index d);

// ||a - b||_2 by the plain sum of squares when that is safely inside the double range, else safe_distance.
double distance(const double* a, const double* b, Index d);

// True when a squared norm computed by the plain sum of squares may have overflowed or lost precision to
// underflow, so the distance must be recomputed by safe_distance.
inline bool squared_norm_needs_rescue(double squared) { return !(squared >= 1e-280 && squared <= 1e280); }

// Coordinate-wise (weighted) median over the active columns into `out` (resized to d). With an even count
// (or a cumulative weight hitting exactly half) the two middle values are averaged with std::midpoint, so
// huge values never overflow. `weights` empty means all ones; otherwise weights[k] goes with active[k].
void coordinate_median(PointsView points, const std::vector<Index>& active, std::span<const double> weights,
                       Vector& out);

// Weighted median of `values` (weights empty = all ones), same convention; reorders `values`.
double weighted_median(std::vector<double>& values, std::span<const double> weights);

// "columns 3, 7 excluded (non-finite)" style note for AggregateResult::warning; empty if none.
std::string excluded_note(const std::vector<Index>& excluded, const std::string& why);

// The mean of the selected columns into `out`, overflow-safe (falls back to summing x/m if the plain sum
// overflows).
void mean_of_columns(PointsView points, const std::vector<Index>& columns, Vector& out);

}  // namespace ellopt::robust::detail
