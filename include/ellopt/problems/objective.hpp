// A differentiable objective with what the generalized-smoothness theory needs to know about it: an open
// domain (value() is +inf outside), the smoothness model l, f* when known, convexity, and a stochastic oracle
// whose samples can be held and re-evaluated (SPIDER, STORM). Satisfies the core concepts
// DifferentiableObjective and StochasticOracle, so generic code and registered problems share algorithms.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "ellopt/core/rng.hpp"
#include "ellopt/core/sample.hpp"
#include "ellopt/core/types.hpp"
#include "ellopt/problems/smoothness.hpp"

namespace ellopt::problems {

class Objective {
 public:
  virtual ~Objective() = default;

  virtual std::string name() const = 0;
  virtual Index dim() const = 0;
  // f(x); +infinity when x is outside the domain.
  virtual double value(const Vector& x) const = 0;
  // grad f(x) into `g` (resized by the caller to dim()). Only called inside the domain.
  virtual void gradient(const Vector& x, Vector& g) const = 0;
  // Hess f(x) v into `out`. The default uses a central difference of gradients (accurate to ~1e-7 relative).
  virtual void hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const;

  virtual bool in_domain(const Vector& /*x*/) const { return true; }
  virtual std::string domain_description() const { return "R^d"; }
  virtual std::optional<double> optimal_value() const { return std::nullopt; }
  virtual std::optional<Vector> minimizer() const { return std::nullopt; }
  virtual std::optional<SmoothnessModel> smoothness() const { return std::nullopt; }
  virtual bool is_convex() const { return false; }
  virtual Vector default_start() const = 0;

  // Stochastic oracle. Deterministic problems return the exact gradient for every sample.
  virtual bool is_stochastic() const { return false; }
  virtual Sample draw_sample(RngStream& rng) const { return Sample{rng()}; }
  virtual void sample_gradient(const Vector& x, Sample /*sample*/, Vector& g) const { gradient(x, g); }
};

using ObjectivePtr = std::shared_ptr<const Objective>;

// Stops a run with a clear message when `x` left the domain (Li et al. 2023a, Assumption 1: the theory's
// step sizes keep iterates inside; a user step may not).
void require_in_domain(const Objective& f, const Vector& x, long step);

}  // namespace ellopt::problems
