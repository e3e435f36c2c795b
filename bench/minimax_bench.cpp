// Throughput of the minimax update schemes: one step (oracle call(s) + update + projection) per iteration, on
// robust regression (n = 50, d = 10; the gradient dominates) and on a 1000 x 1000 quadratic game projected
// onto the simplex (the update and the O(n log n) projection matter). No allocation happens inside step().
#include <benchmark/benchmark.h>

#include "ellopt/minimax/update_scheme.hpp"
#include "ellopt/problems/minimax/minimax_problem.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"

namespace {

using ellopt::minimax::SchemeKind;

void run_scheme(benchmark::State& state, const ellopt::problems::MinimaxProblem& problem, SchemeKind kind,
                const ellopt::problems::ConstraintSet* projection) {
  const ellopt::minimax::UpdateScheme scheme(kind, ellopt::minimax::TwoTimescaleSteps::from_ratio(1e-3, 10.0),
                                             projection);
  auto s = scheme.init(problem.initial_x(), problem.initial_y());
  ellopt::minimax::MinimaxOracle oracle(problem, 1, ellopt::RngStream(1));
  for (auto _ : state) {
    scheme.step(oracle, s);
    benchmark::DoNotOptimize(s.x.data());
  }
  state.counters["calls_per_step"] = oracle.calls() / static_cast<double>(state.iterations());
}

void BM_RobustRegression(benchmark::State& state) {
  const auto problem = ellopt::problems::make_minimax_problem("robust-regression", ellopt::Json::object());
  run_scheme(state, *problem, static_cast<SchemeKind>(state.range(0)), nullptr);
}

void BM_QuadraticGameOnSimplex(benchmark::State& state) {
  static const auto game = ellopt::problems::make_random_quadratic_game(1000, 1000, 1.0, 0.1, 1.0, 2.0, 1);
  const auto simplex = ellopt::problems::ConstraintSet::simplex(1000);
  run_scheme(state, *game, static_cast<SchemeKind>(state.range(0)), &simplex);
}

BENCHMARK(BM_RobustRegression)->DenseRange(0, 4)->ArgName("scheme");
BENCHMARK(BM_QuadraticGameOnSimplex)->DenseRange(0, 4)->ArgName("scheme");

}  // namespace

BENCHMARK_MAIN();
