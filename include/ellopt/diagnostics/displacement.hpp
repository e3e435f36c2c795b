// Displacement against drift (spec optimization.md §4.5 item 2): D(lag) = mean over t of ||x_{t+lag} - x_t||
// over stored snapshots. Stationarity without convergence shows as D saturating or growing diffusively (like
// sqrt(lag)) while the loss and the time averages of observables settle (seed 8).
#pragma once

#include <cstdint>
#include <vector>

#include "ellopt/core/types.hpp"

namespace ellopt::diagnostics {

// `snapshots[t]` is the weight vector at the t-th recorded time (equally spaced); lags count snapshots. A lag
// with no pair (lag >= snapshots.size()) or a dimension mismatch is a ConfigError naming it.
std::vector<double> mean_displacement(const std::vector<Vector>& snapshots,
                                      const std::vector<std::int64_t>& lags);

}  // namespace ellopt::diagnostics
