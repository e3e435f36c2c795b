// A claim: a paper's headline statement turned into a measurement. It runs an experiment, computes a
// statistic, and compares it with a threshold stated before measuring. The verdict is the conjunction of
// its checks; a claim that does not reproduce is reported with its numbers, never tuned until it passes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ellopt/core/params.hpp"
#include "ellopt/core/progress.hpp"
#include "ellopt/core/series.hpp"

namespace ellopt::experiment {

// One measured comparison, e.g. "fitted slope of log gap vs log T" in [-1.15, -0.85].
struct Check {
  std::string name;
  double measured = 0.0;
  std::string threshold;  // human-readable, e.g. "in [-1.15, -0.85]" or "== 0"
  bool passed = false;
};

Check check_in_range(std::string name, double measured, double lo, double hi);
Check check_at_most(std::string name, double measured, double bound);
Check check_at_least(std::string name, double measured, double bound);
// A property that must hold for every case, measured as the number of violations (threshold: 0).
Check check_no_violations(std::string name, std::int64_t violations);

struct PlotSeries {
  std::string label;
  std::vector<double> x;
  std::vector<double> y;
  std::string style = "linespoints";  // gnuplot style: lines, points, linespoints
};

struct Plot {
  std::string name;  // file stem, unique within the claim
  std::string title;
  std::string xlabel;
  std::string ylabel;
  bool logx = false;
  bool logy = false;
  std::vector<PlotSeries> series;
};

struct ClaimResult {
  std::vector<Check> checks;
  Json metrics = Json::object();               // measured numbers worth keeping (slopes, counts, constants)
  std::map<std::string, ColumnSeries> series;  // raw data, stored with the run
  std::vector<Plot> plots;
  std::string notes;  // what was measured and how, for the report
  bool passed() const;
};

struct ClaimContext {
  bool full = false;       // the --full profile: more seeds, wider ranges
  std::uint64_t seed = 1;  // base seed; every run derives its own stream from it
  Params params;           // the claim's parameters (ClaimInfo::params) bound to the user's values
  Progress* progress = nullptr;
  void report(const std::string& label, double fraction) const {
    if (progress) progress->update(label, fraction);
  }
};

struct ClaimInfo {
  std::string id;         // "E1.1"
  std::string title;      // one line
  std::string paper;      // "Li et al. 2023, Convex and non-convex optimization under generalized smoothness"
  std::string theorem;    // "Thm 5.2, Lemma 5.1"
  std::string statistic;  // what is measured
  std::string threshold;  // the pass condition, stated before measuring
  // The experiment's knobs (starts, steps, dimensions, ...), set with `ellopt reproduce --set
  // E1.1.steps=5000`; the defaults are the embedded experiment. Thresholds are not parameters: they are fixed
  // before measuring.
  ParamSchema params{};
};

struct Claim {
  ClaimInfo info;
  std::function<ClaimResult(const ClaimContext&)> run;
};

class ClaimRegistry {
 public:
  void add(Claim claim);
  const std::vector<Claim>& all() const { return claims_; }
  const Claim& get(const std::string& id) const;
  // Claims whose id matches a shell-style glob ("E1.*", "E2.?"); a comma separates several globs.
  std::vector<const Claim*> match(const std::string& globs) const;

 private:
  std::vector<Claim> claims_;
};

// Every claim of every area, registered once (src/experiment/claims/all_claims.cpp).
const ClaimRegistry& claims();

// Binds each selected claim's parameters from `config`, whose sections follow the claim ids' dots
// ({"E1": {"1": {"steps": 5000}}} from `--set E1.1.steps=5000`). A section that belongs to no registered
// claim, or to a claim that was not selected, is a ConfigError naming it and the claims that take parameters.
std::vector<Params> bind_claim_params(const std::vector<const Claim*>& selected, const Json& config);

}  // namespace ellopt::experiment
