#include "ellopt/problems/registry.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

const ProblemRegistry& problems() {
  static const ProblemRegistry registry = [] {
    ProblemRegistry r("problem");
    register_separable_problems(r);
    register_multiplicative_problems(r);  // E2.2/E3.1/E3.2 objectives (optim-b)
    register_classic_problems(r);  // rosenbrock, E1.3 instances (optim-a)
    return r;
  }();
  return registry;
}

ObjectivePtr make_problem(const std::string& name, const Json& params) {
  const auto& entry = problems().get(name);
  return entry.factory(entry.schema.bind(params, fmt::format("problem '{}'", name)));
}

Vector start_point(const Objective& f, const Params& params) {
  Vector x0 = params.has("x0") ? params.vector("x0", f.dim()) : f.default_start();
  if (!f.in_domain(x0))
    throw ConfigError(fmt::format("{}: the start point x0 lies outside the domain {}; choose x0 inside it",
                                  params.where(), f.domain_description()));
  return x0;
}

}  // namespace ellopt::problems
