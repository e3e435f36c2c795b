// Registration of the multiplicative-component objectives (spec optimization.md E2.2, E3.1, E3.2).
#include "ellopt/problems/multiplicative.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::problems {
namespace {

void add_common(ParamSchema& schema, const char* zeta_default) {
  schema.add({"dim", ParamType::kInteger, 10, "dimension d", 1.0, 1e8});
  // x0 = 1.3764 gives f(x0) - f* = 2 in d = 10 (spec §7, E2.2: Delta_1 = 2).
  schema.add({"x0", ParamType::kRealOrVector, 1.3764, "start point: a number (broadcast) or an array of dim numbers"});
  schema.add({"xi_halfwidth", ParamType::kReal, 0.5, "xi_i ~ U[-h, h]: the multiplicative noise on x_i^4/4", 0.0,
              1.0, false, true});
  schema.add({"zeta", ParamType::kString, zeta_default,
              "shift noise zeta: ball (uniform in the radius-sigma ball, bounded) or gaussian (N(0, sigma^2 I))", {},
              {}, false, false, {"ball", "gaussian"}});
  schema.add({"sigma", ParamType::kReal, 1.0, "radius of the ball, or the per-coordinate standard deviation", 0.0,
              {}});
}

MultiplicativeNoiseOptions options_from(const Params& p) {
  MultiplicativeNoiseOptions o;
  o.dim = p.integer("dim");
  o.xi_halfwidth = p.real("xi_halfwidth");
  o.zeta = parse_shift_noise(p.text("zeta"));
  o.sigma = p.real("sigma");
  return o;
}

}  // namespace

void register_multiplicative_problems(ProblemRegistry& registry) {
  ParamSchema online;
  add_common(online, "ball");
  registry.add({"multiplicative-noise",
                "E[F(x, xi)], F = sum (1 + xi_i) x_i^4/4 - x_i^2/2 + zeta^T x, xi_i ~ U[-1/2, 1/2], zeta in a ball "
                "or Gaussian: the double well with SPIDER/STORM-visible noise (spec E2.2, E3.1)",
                online, [](const Params& p) -> ObjectivePtr {
                  const auto o = options_from(p);
                  return std::make_shared<MultiplicativeNoiseObjective>(o, p.vector("x0", o.dim));
                }});
  ParamSchema finite;
  add_common(finite, "gaussian");
  finite.add({"n", ParamType::kInteger, 1000, "number of fixed samples (components)", 1.0, 1e9});
  finite.add({"data_seed", ParamType::kInteger, 1, "seed of the n fixed samples", 0.0, {}});
  registry.add({"multiplicative-finite-sum",
                "(1/n) sum_j F(x, xi_j) over n fixed samples of the multiplicative objective (spec E3.2); f* exact",
                finite, [](const Params& p) -> ObjectivePtr {
                  const auto o = options_from(p);
                  return std::make_shared<MultiplicativeFiniteSum>(
                      o, p.integer("n"), static_cast<std::uint64_t>(p.integer("data_seed")), p.vector("x0", o.dim));
                }});
}

}  // namespace ellopt::problems
