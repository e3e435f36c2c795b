// The reproduction report: report/index.html with one section per claim (paper, theorem, statistic,
// threshold, the measured checks, the verdict, notes) and its plots as SVG drawn by gnuplot.
#pragma once

#include <string>
#include <vector>

#include "ellopt/experiment/claim.hpp"

namespace ellopt::experiment {

struct ClaimOutcome {
  const Claim* claim = nullptr;
  ClaimResult result;
  double seconds = 0.0;
  std::int64_t run_id = 0;     // in the run store
  std::string error;           // a claim whose experiment threw is reported as failed with this message
  bool passed() const { return error.empty() && result.passed(); }
};

// Renders one plot to `svg_path` with gnuplot (data and script written beside it). Throws Error with an
// install hint when gnuplot is missing.
void render_plot_svg(const Plot& plot, const std::string& svg_path);

// Writes `dir`/index.html and `dir`/plots/*.svg; returns the path of index.html.
std::string write_report(const std::string& dir, const std::vector<ClaimOutcome>& outcomes, bool full_profile);

}  // namespace ellopt::experiment
