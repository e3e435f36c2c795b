// Update schemes over (x, y) (spec minimax.md §1.2), each with two step sizes eta_x, eta_y (ratio
// tau = eta_y/eta_x) and an optional projection of y onto Y:
//   Sim-GDA:  x+ = x - eta_x g_x(x,y);              y+ = P(y + eta_y g_y(x,y))                 1 call
//   Alt-GDA:  x+ = x - eta_x g_x(x,y);              y+ = P(y + eta_y g_y(x+,y))                2 calls
//   EG:       z_half = step from z with g(z);       z+ = step from z with g(z_half)           2 calls
//   OGDA:     z+ = step from z with 2 g(z_t) - g(z_{t-1})   (z_{-1} := z_0)                   1 call
//   Past-EG:  z_{t+1/2} = step from z_t with g(z_{t-1/2}); z_{t+1} = step from z_t with g(z_{t+1/2})
//             (Popov / Hsieh et al. 2019; z_{-1/2} := z_0, so the first step costs 2 calls)   1 call
// where "step from z with g" is x - eta_x g_x, P(y + eta_y g_y). Alt-GDA queries two points per iteration
// (g_x at (x, y), g_y at (x+, y)), so it counts 2 calls: this is the oracle model of the lower bounds
// (Li et al. 2021), where each query point is one call.
// State is explicit data (Optax style): it can be inspected, set in tests, and resumed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ellopt/minimax/oracle.hpp"
#include "ellopt/problems/minimax/constraint_set.hpp"

namespace ellopt::minimax {

enum class SchemeKind { kSimultaneousGda, kAlternatingGda, kExtragradient, kOptimisticGda, kPastExtragradient };

std::string to_string(SchemeKind kind);        // "gda", "alt-gda", "eg", "ogda", "past-eg"
SchemeKind scheme_from_string(const std::string& name);  // UnknownNameError listing the valid names
const std::vector<SchemeKind>& all_schemes();

struct TwoTimescaleSteps {
  double eta_x = 0.0;
  double eta_y = 0.0;
  double ratio() const { return eta_y / eta_x; }
  // eta_x = eta_y / ratio. Both must be finite and > 0 (ConfigError otherwise).
  static TwoTimescaleSteps from_ratio(double eta_y, double ratio);
  static TwoTimescaleSteps from_steps(double eta_x, double eta_y);
};

struct SchemeState {
  Vector x, y;
  Vector gx, gy;            // the gradient of the current query
  Vector gx_prev, gy_prev;  // OGDA: g(z_{t-1}); past-EG: g(z_{t-1/2})
  bool has_previous = false;
  Vector x_half, y_half;    // EG / past-EG: the extrapolated point of the last step
  std::vector<double> projection_scratch;
  std::int64_t step = 0;
};

class UpdateScheme {
 public:
  // `projection` may be null (Y = R^{dim_y}); it is copied. `same_sample`: stochastic EG evaluates both of
  // its queries on one batch (the default draws fresh samples for each, spec §1.2).
  UpdateScheme(SchemeKind kind, TwoTimescaleSteps steps, const problems::ConstraintSet* projection = nullptr,
               bool same_sample = false);

  SchemeKind kind() const { return kind_; }
  const TwoTimescaleSteps& steps() const { return steps_; }
  const problems::ConstraintSet* projection() const { return projection_ ? &*projection_ : nullptr; }
  bool same_sample() const { return same_sample_; }
  // Oracle queries per iteration in steady state (EG 2, Alt-GDA 2, the others 1).
  int queries_per_step() const;

  // Allocates every buffer once; step() then never allocates (except the simplex projection's first use).
  SchemeState init(const Vector& x0, const Vector& y0) const;
  void step(MinimaxOracle& oracle, SchemeState& state) const;

 private:
  void project(Vector& y, SchemeState& state) const;
  SchemeKind kind_;
  TwoTimescaleSteps steps_;
  std::optional<problems::ConstraintSet> projection_;
  bool same_sample_;
};

}  // namespace ellopt::minimax
