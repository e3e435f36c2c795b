#include "ellopt/minimax/phase_diagram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"

namespace ellopt::minimax {

ColumnSeries PhaseDiagram::to_series() const {
  ColumnSeries series({"parameter", "ratio", "spectral_radius", "spectral_stable", "simulated", "growth_rate",
                       "simulated_stable", "steps"});
  series.reserve(rows.size());
  for (const auto& r : rows)
    series.add_row({r.parameter, r.ratio, r.spectral_radius, r.spectral_stable ? 1.0 : 0.0,
                    static_cast<double>(static_cast<int>(r.simulated)), r.growth_rate, r.simulated_stable ? 1.0 : 0.0,
                    static_cast<double>(r.steps)});
  return series;
}

std::vector<double> PhaseDiagram::parameters() const {
  std::vector<double> out;
  for (const auto& r : rows)
    if (std::find(out.begin(), out.end(), r.parameter) == out.end()) out.push_back(r.parameter);
  return out;
}

namespace {
template <class Stable>
double boundary(const std::vector<PhaseRow>& rows, double parameter, Stable stable) {
  std::vector<const PhaseRow*> selected;
  for (const auto& r : rows)
    if (r.parameter == parameter) selected.push_back(&r);
  std::sort(selected.begin(), selected.end(), [](const PhaseRow* a, const PhaseRow* b) { return a->ratio < b->ratio; });
  double answer = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = selected.size(); i > 0; --i) {
    if (!stable(*selected[i - 1])) break;
    answer = selected[i - 1]->ratio;
  }
  return answer;
}
}  // namespace

double PhaseDiagram::spectral_boundary(double parameter) const {
  return boundary(rows, parameter, [](const PhaseRow& r) { return r.spectral_stable; });
}

double PhaseDiagram::simulated_boundary(double parameter) const {
  return boundary(rows, parameter, [](const PhaseRow& r) { return r.simulated_stable; });
}

double PhaseDiagram::strict_simulated_boundary(double parameter) const {
  return boundary(rows, parameter, [](const PhaseRow& r) { return r.simulated == SimulatedVerdict::kConverged; });
}

PhaseRow simulate_stability(const problems::MinimaxProblem& problem, const PhaseOptions& options, double ratio) {
  const auto solution = problem.solution();
  if (!solution)
    throw ConfigError(fmt::format("phase diagram: problem '{}' has no known solution to perturb", problem.name()));
  PhaseRow row;
  row.ratio = ratio;
  const UpdateScheme scheme(options.scheme, TwoTimescaleSteps::from_ratio(options.eta_y, ratio), problem.y_set());
  // A deterministic direction (same for every ratio, so verdicts are comparable along the sweep).
  RngStream rng(options.seed, {0x70686173});
  Vector dx(problem.dim_x()), dy(problem.dim_y());
  rng.fill_normal(dx);
  rng.fill_normal(dy);
  const double norm = std::sqrt(dx.squaredNorm() + dy.squaredNorm());
  SchemeState state = scheme.init(solution->x + options.start_radius / norm * dx,
                                  solution->y + options.start_radius / norm * dy);
  MinimaxOracle oracle(problem, 1, RngStream(options.seed, {0x70686173, 1}));
  auto distance = [&] {
    return std::sqrt((state.x - solution->x).squaredNorm() + (state.y - solution->y).squaredNorm());
  };
  row.simulated = SimulatedVerdict::kUndecided;
  row.growth_rate = std::numeric_limits<double>::quiet_NaN();
  // Near the boundary the eigenvalues are complex and the map is not normal, so ||e_t|| oscillates along each
  // rotation; compare window maxima (steps in [0.4N, 0.5N] and [0.9N, N]) rather than two single points.
  const std::int64_t n = options.max_steps;
  double early_max = 0.0, late_max = 0.0;
  for (std::int64_t step = 1; step <= options.max_steps; ++step) {
    scheme.step(oracle, state);
    row.steps = step;
    if (step % 10 != 0 && step != options.max_steps) continue;
    const double d = distance();
    if (10 * step > 4 * n && 10 * step <= 5 * n) early_max = std::max(early_max, d);
    if (10 * step > 9 * n) late_max = std::max(late_max, d);
    if (!std::isfinite(d) || d > options.blowup_radius) {
      row.simulated = SimulatedVerdict::kDiverged;
      break;
    }
    if (d < options.tolerance) {
      row.simulated = SimulatedVerdict::kConverged;
      break;
    }
  }
  if (row.simulated == SimulatedVerdict::kUndecided && early_max > 0.0 && late_max > 0.0)
    row.growth_rate = std::pow(late_max / early_max, 1.0 / (0.5 * static_cast<double>(n)));
  row.simulated_stable = row.simulated == SimulatedVerdict::kConverged ||
                         (row.simulated == SimulatedVerdict::kUndecided && row.growth_rate < 1.0);
  return row;
}

void phase_sweep(const problems::MinimaxProblem& problem, const PhaseOptions& options, double parameter,
                 PhaseDiagram& diagram) {
  if (!problem.strong_concavity())
    throw ConfigError(fmt::format("phase diagram: problem '{}' is not strongly concave in y; the two-timescale "
                                  "stability analysis (Li et al. 2022) needs H_yy < 0",
                                  problem.name()));
  if (options.ratios.empty()) throw ConfigError("phase diagram: give at least one ratio");
  if (!(options.eta_y > 0.0)) throw ConfigError(fmt::format("phase diagram: eta_y = {} must be > 0", options.eta_y));
  const HessianBlocks blocks = hessian_blocks_at_solution(problem);
  for (const double ratio : options.ratios) {
    if (!(ratio > 0.0)) throw ConfigError(fmt::format("phase diagram: ratio {} must be > 0", ratio));
    PhaseRow row = options.simulate ? simulate_stability(problem, options, ratio) : PhaseRow{};
    row.parameter = parameter;
    row.ratio = ratio;
    row.spectral_radius = scheme_spectral_radius(options.scheme, blocks, options.eta_y / ratio, options.eta_y);
    row.spectral_stable = row.spectral_radius < 1.0;
    diagram.rows.push_back(row);
  }
}

LogLogFit fit_log_log(const std::vector<double>& x, const std::vector<double>& y) {
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    if (!(x[i] > 0.0) || !(y[i] > 0.0) || !std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    const double lx = std::log(x[i]);
    const double ly = std::log(y[i]);
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
    ++n;
  }
  LogLogFit fit;
  fit.points = n;
  if (n < 2) {
    fit.slope = std::numeric_limits<double>::quiet_NaN();
    fit.intercept = std::numeric_limits<double>::quiet_NaN();
    return fit;
  }
  const double nn = static_cast<double>(n);
  fit.slope = (nn * sxy - sx * sy) / (nn * sxx - sx * sx);
  fit.intercept = (sy - fit.slope * sx) / nn;
  return fit;
}

}  // namespace ellopt::minimax
