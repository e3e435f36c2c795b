// Problems chosen by name (`ellopt list problems`). A factory binds validated parameters (dim, x0, ...).
#pragma once

#include <functional>

#include "ellopt/core/registry.hpp"
#include "ellopt/problems/objective.hpp"

namespace ellopt::problems {

using ProblemFactory = std::function<ObjectivePtr(const Params&)>;
using ProblemRegistry = NamedRegistry<ProblemFactory>;

const ProblemRegistry& problems();

// Binds `params` (JSON object or null) to the named problem's schema and builds it.
ObjectivePtr make_problem(const std::string& name, const Json& params = Json());

// The start point: params "x0" (a number broadcast to every coordinate, or an array) or the problem's
// default; rejected with a clear message when it lies outside the domain.
Vector start_point(const Objective& f, const Params& params);

// Each area registers its problems here (src/problems/<area>_problems.cpp).
void register_separable_problems(ProblemRegistry& registry);
void register_multiplicative_problems(ProblemRegistry& registry);  // multiplicative-noise, -finite-sum (optim-b)
void register_classic_problems(ProblemRegistry& registry);  // rosenbrock, nesterov-chain, log-spaced-quadratic

}  // namespace ellopt::problems
