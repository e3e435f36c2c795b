// Registration of `rosenbrock` and the two E1.3 instances (`nesterov-chain`, `log-spaced-quadratic`); each
// accepts the additive-noise oracle parameters `noise` and `sigma` (deterministic by default).
#include <fmt/format.h>

#include "ellopt/problems/ball_penalized_quadratic.hpp"
#include "ellopt/problems/noisy_objective.hpp"
#include "ellopt/problems/registry.hpp"
#include "ellopt/problems/rosenbrock.hpp"

namespace ellopt::problems {
namespace {

ParamSpec start_spec(const char* doc) {
  return {"x0", ParamType::kRealOrVector, nullptr, doc, {}, {}, false, false, {}, true};
}

void add_rosenbrock(ProblemRegistry& registry) {
  ParamSchema schema{
      {"dim", ParamType::kInteger, 2, "dimension d >= 2", 2.0, 1e8},
      start_spec("start point (a number or dim numbers); default (-1.2, 1, -1.2, 1, ...)"),
  };
  add_noise_params(schema);
  registry.add({"rosenbrock", "sum 100(x_{i+1} - x_i^2)^2 + (1 - x_i)^2: non-convex curved valley, f* = 0 at 1",
                schema, [](const Params& p) -> ObjectivePtr {
                  const Index d = p.integer("dim");
                  Vector x0 = p.has("x0") ? p.vector("x0", d) : Rosenbrock::classic_start(d);
                  return with_noise(std::make_shared<Rosenbrock>(d, std::move(x0)), p);
                }});
}

void add_ball_penalized(ProblemRegistry& registry, const char* name, const char* description,
                        BallPenalizedQuadratic::Spectrum spectrum, const char* radius_doc) {
  ParamSchema schema{
      {"dim", ParamType::kInteger, 201, "dimension d", 1.0, 1e7},
      {"gamma", ParamType::kReal, 1.0, "weight of the penalty gamma max(0, |x|^2 - R^2)^2", 0.0, {}, true},
      {"radius", ParamType::kReal, nullptr, radius_doc, 0.0, {}, true, false, {}, true},
      start_spec("start point (a number or dim numbers); default 3R along the all-ones direction"),
  };
  add_noise_params(schema);
  registry.add({name, description, schema, [spectrum](const Params& p) -> ObjectivePtr {
                  const Index d = p.integer("dim");
                  const double radius = p.has("radius")
                                            ? p.real("radius")
                                            : (spectrum == BallPenalizedQuadratic::Spectrum::kNesterovChain
                                                   ? 1.2 * BallPenalizedQuadratic::minimizer_norm(spectrum, d)
                                                   : 1.2);
                  Vector x0 = p.has("x0") ? p.vector("x0", d) : Vector();
                  return with_noise(
                      std::make_shared<BallPenalizedQuadratic>(spectrum, d, p.real("gamma"), radius, std::move(x0)),
                      p);
                }});
}

}  // namespace

void register_classic_problems(ProblemRegistry& r) {
  add_rosenbrock(r);
  add_ball_penalized(r, "nesterov-chain",
                     "E1.3: 1/2 x^T A x - x_1/4 + gamma max(0, |x|^2 - R^2)^2, A = tridiag(-1,2,-1)/4; convex, "
                     "l(u) = L0 + c u^(2/3), x*_i = 1 - i/(d+1)",
                     BallPenalizedQuadratic::Spectrum::kNesterovChain, "ball radius R > |x*|; default 1.2 |x*|");
  add_ball_penalized(r, "log-spaced-quadratic",
                     "E1.3 variant: 1/2 sum lambda_k x_k^2 + gamma max(0, |x|^2 - R^2)^2, lambda_k = 10^(-6k/(d-1)); "
                     "convex, x* = 0",
                     BallPenalizedQuadratic::Spectrum::kLogSpaced, "ball radius R > 0; default 1.2 (spec §7)");
}

}  // namespace ellopt::problems
