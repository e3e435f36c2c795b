// Stability phase diagrams over the step-size ratio tau (Li et al. 2022; spec minimax.md §3.5 item 1): for each
// ratio, the spectral verdict (radius of the linearized map at the solution < 1) and the simulated verdict.
// A simulation starts at distance `start_radius` from the solution; it has converged when the error falls below
// `tolerance` within `max_steps` (the spec's strict rule), diverged when it exceeds `blowup_radius`, and is
// otherwise undecided. Runs close to the boundary (and every run at large kappa, where the slowest mode contracts
// at a rate ~ eta_x (tau mu - a)/2) stay undecided within any fixed budget, so the simulated stability verdict
// also accepts an undecided run whose measured per-step growth rate, (max of ||e|| over steps [0.9N, N] /
// max over [0.4N, 0.5N])^{2/N}, is below 1: the empirical counterpart of the spectral radius (Ostrowski).
// Window maxima, not single points, because near the boundary ||e_t|| oscillates along each rotation.
#pragma once

#include <vector>

#include "ellopt/core/series.hpp"
#include "ellopt/minimax/linearization.hpp"

namespace ellopt::minimax {

struct PhaseOptions {
  SchemeKind scheme = SchemeKind::kSimultaneousGda;
  double eta_y = 0.25;
  std::vector<double> ratios;
  bool simulate = true;
  std::int64_t max_steps = 100'000;
  double start_radius = 1e-3;
  double tolerance = 1e-8;
  double blowup_radius = 1e2;
  std::uint64_t seed = 1;
};

enum class SimulatedVerdict { kConverged = 1, kUndecided = 0, kDiverged = -1 };

struct PhaseRow {
  double parameter = 0.0;  // the swept problem parameter (e.g. kappa), or 0
  double ratio = 0.0;
  double spectral_radius = 0.0;
  bool spectral_stable = false;
  SimulatedVerdict simulated = SimulatedVerdict::kUndecided;
  double growth_rate = 0.0;       // measured per-step error growth (window maxima; NaN if it stopped early)
  bool simulated_stable = false;  // converged, or undecided with growth_rate < 1
  std::int64_t steps = 0;         // steps the simulation ran
};

struct PhaseDiagram {
  std::vector<PhaseRow> rows;
  // Columns: parameter, ratio, spectral_radius, spectral_stable (0/1), simulated (1 converged, 0 undecided,
  // -1 diverged), growth_rate, simulated_stable (0/1), steps.
  ColumnSeries to_series() const;
  // Per parameter value: the smallest ratio from which every larger ratio is stable (NaN if none).
  double spectral_boundary(double parameter) const;
  double simulated_boundary(double parameter) const;         // by simulated_stable
  double strict_simulated_boundary(double parameter) const;  // converged within the budget only
  std::vector<double> parameters() const;
};

// Simulates one run from the solution plus a deterministic perturbation of norm start_radius.
PhaseRow simulate_stability(const problems::MinimaxProblem& problem, const PhaseOptions& options, double ratio);

// The ratio sweep for one problem (rows tagged with `parameter`), appended to `diagram`.
void phase_sweep(const problems::MinimaxProblem& problem, const PhaseOptions& options, double parameter,
                 PhaseDiagram& diagram);

// Least-squares slope and intercept of log(y) against log(x), skipping non-finite and non-positive pairs.
struct LogLogFit {
  double slope = 0.0;
  double intercept = 0.0;
  std::size_t points = 0;
};
LogLogFit fit_log_log(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ellopt::minimax
