// Minimax problems min_x max_{y in Y} f(x, y) with the constants the theory needs (spec minimax.md §1.1):
// smoothness ell, strong concavity mu in y (kappa = ell/mu), the primal function Phi(x) = max_y f(x, y),
// its gradient grad Phi(x) = grad_x f(x, y*(x)) where computable, the best response y*(x), a known solution,
// and a stochastic oracle whose samples are held values (core/sample.hpp).
//
// A problem instance is used by one thread at a time (some keep scratch buffers to avoid allocating in
// gradient calls); runs in parallel build their own instances.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ellopt/core/params.hpp"
#include "ellopt/core/registry.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/core/sample.hpp"
#include "ellopt/core/types.hpp"
#include "ellopt/problems/minimax/constraint_set.hpp"

namespace ellopt::problems {

struct SaddlePoint {
  Vector x;
  Vector y;
};

class MinimaxProblem {
 public:
  virtual ~MinimaxProblem() = default;

  virtual std::string name() const = 0;
  virtual Index dim_x() const = 0;
  virtual Index dim_y() const = 0;

  virtual double value(const Vector& x, const Vector& y) const = 0;
  // Gradients into caller-owned buffers of the right size (no allocation per call).
  virtual void grad_x(const Vector& x, const Vector& y, Vector& gx) const = 0;
  virtual void grad_y(const Vector& x, const Vector& y, Vector& gy) const = 0;
  // Both partial gradients at one point: one oracle call.
  virtual void gradient(const Vector& x, const Vector& y, Vector& gx, Vector& gy) const {
    grad_x(x, y, gx);
    grad_y(x, y, gy);
  }

  // Y; nullptr means Y = R^{dim_y}.
  const ConstraintSet* y_set() const { return y_set_ ? &*y_set_ : nullptr; }

  // mu such that f(x, .) is mu-strongly concave for every x; nullopt when f is only concave in y (NC-C).
  virtual std::optional<double> strong_concavity() const = 0;
  // ell: a bound on the Lipschitz constant of grad f (jointly in (x, y)). Problems that are not globally
  // smooth (toy GAN, quartic perturbations) report the local constant at their solution and say so.
  virtual double smoothness() const = 0;
  // kappa = ell / mu, or nullopt when not strongly concave.
  std::optional<double> condition_number() const;

  // Phi(x) = max_y f(x, y) and its gradient in closed form (or by an exact cheap inner solve).
  virtual bool has_phi() const { return false; }
  // False when Phi is only weakly convex and may be nonsmooth (NC-C): grad_phi is then a subgradient.
  virtual bool phi_is_smooth() const { return strong_concavity().has_value(); }
  virtual double phi(const Vector& x) const;
  virtual void grad_phi(const Vector& x, Vector& g) const;
  virtual bool has_best_response() const { return has_phi(); }
  virtual void best_response(const Vector& x, Vector& y) const;

  // A known (local) minimax point, when one exists.
  virtual std::optional<SaddlePoint> solution() const { return std::nullopt; }

  // A problem-specific progress measure recorded as a series column (`progress_name()`), e.g. how many chain
  // coordinates a method has revealed on the lower-bound instance; none by default.
  virtual std::string progress_name() const { return {}; }
  virtual double progress(const Vector& /*x*/) const { return 0.0; }

  // Stochastic oracle. The default adds N(0, sigma^2 I) noise to each partial gradient; the noise is
  // regenerated from the sample key, so the same held sample gives the same gradient noise at any point
  // (and the x- and y-parts of one sample are consistent when evaluated separately).
  double noise_sigma() const { return noise_sigma_; }
  void set_noise_sigma(double sigma);
  bool is_stochastic() const { return noise_sigma_ > 0.0; }
  virtual Sample draw_sample(RngStream& rng) const { return Sample{rng()}; }
  virtual void sample_grad_x(const Vector& x, const Vector& y, Sample sample, Vector& gx) const;
  virtual void sample_grad_y(const Vector& x, const Vector& y, Sample sample, Vector& gy) const;

  // Start point (params `x0`, `y0`).
  const Vector& initial_x() const { return x0_; }
  const Vector& initial_y() const { return y0_; }
  void set_initial_point(Vector x0, Vector y0);

  // Problem-specific extra facts for reports (local constants, chain length, ...).
  virtual Json describe() const;

 protected:
  void set_y_set(ConstraintSet set) { y_set_ = std::move(set); }

 private:
  std::optional<ConstraintSet> y_set_;
  double noise_sigma_ = 0.0;
  Vector x0_;
  Vector y0_;
};

using MinimaxProblemFactory = std::function<std::unique_ptr<MinimaxProblem>(const Params&)>;
using MinimaxProblemRegistry = NamedRegistry<MinimaxProblemFactory>;

// Every registered minimax problem: quadratic-game, stackelberg-scalar, local-rate-game, robust-regression,
// dro-simplex, toy-gan, hard-ncsc. Each schema includes the common `x0`, `y0` and `noise` parameters.
const MinimaxProblemRegistry& minimax_problems();

// Binds `params` (JSON object or null) against the named problem's schema, builds it and sets its start
// point (default: zeros, or the problem's own default). Unknown name -> UnknownNameError listing names.
std::unique_ptr<MinimaxProblem> make_minimax_problem(const std::string& name, const Json& params);

// The common parameters appended to every minimax problem schema.
ParamSchema with_common_minimax_params(ParamSchema schema);

}  // namespace ellopt::problems
