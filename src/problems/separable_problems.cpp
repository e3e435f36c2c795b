// Registration of the separable test functions of spec optimization.md §0.2.
#include <fmt/format.h>

#include "ellopt/problems/noisy_objective.hpp"
#include "ellopt/problems/registry.hpp"
#include "ellopt/problems/separable.hpp"

namespace ellopt::problems {
namespace {

ParamSchema separable_schema(std::int64_t default_dim, double default_start, std::optional<double> domain_min) {
  ParamSpec x0{"x0", ParamType::kRealOrVector, default_start,
               "start point: a number (broadcast to every coordinate) or an array of dim numbers"};
  if (domain_min) {
    x0.min = *domain_min;
    x0.min_exclusive = true;
  }
  ParamSchema schema{
      {"dim", ParamType::kInteger, default_dim, "dimension d of the separable sum", 1.0, 1e8},
      x0,
  };
  add_noise_params(schema);  // every separable function gets the additive-noise oracles (noisy_objective.hpp)
  return schema;
}

void add(ProblemRegistry& registry, std::string name, std::string description, ScalarFunction (*make)(),
         std::int64_t default_dim, double default_start) {
  const ScalarFunction phi = make();
  std::optional<double> domain_min;
  if (phi.lower_bound > -1e308) domain_min = phi.lower_bound;
  registry.add({name, std::move(description), separable_schema(default_dim, default_start, domain_min),
                [make](const Params& p) -> ObjectivePtr {
                  const Index d = p.integer("dim");
                  Vector x0 = p.vector("x0", d);
                  return with_noise(std::make_shared<SeparableObjective>(make(), d, x0), p);
                }});
}

}  // namespace

void register_separable_problems(ProblemRegistry& r) {
  add(r, "double-well", "sum x_i^4/4 - x_i^2/2: non-convex, l(u) = 2 + 3u^(2/3), f* = -d/4", double_well, 10,
      2.0);
  add(r, "quartic", "sum x_i^4: convex, l(u) = 1e-3 + 4.762u^(2/3); constant steps diverge from far starts",
      quartic, 1, 2.0);
  add(r, "cosh", "sum 2cosh(x_i): 2-strongly convex, l(u) = 2 + u, f* = 2d", two_cosh, 1, 2.0);
  add(r, "exp", "sum e^(x_i): convex, l(u) = 1e-3 + u, inf 0 not attained", exponential, 1, 1.0);
  add(r, "exp-loss", "sum (e^x_i + e^(-2x_i))/2: convex exponential loss, l(u) = 1.89 + 2u", exponential_loss, 1,
      1.0);
  add(r, "x-plus-inv-x", "sum x_i + 1/x_i on x > 0: convex, open domain, l(u) = 2.7 + 3u^1.5, x* = 1",
      x_plus_inverse, 1, 0.05);
  add(r, "x-minus-log-x", "sum x_i - log x_i on x > 0: self-concordant, l(u) = 2 + 2u^2 (rho = 2)", x_minus_log,
      1, 1e-3);
}

}  // namespace ellopt::problems
