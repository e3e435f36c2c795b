// The runner's series, output policies and divergence reporting; method binding and its bad input.
#include "ellopt/minimax/runner.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/minimax/command_api.hpp"
#include "ellopt/minimax/method.hpp"
#include "ellopt/problems/minimax/hard_ncsc.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"

namespace ellopt::minimax {
namespace {

bool json_has_non_finite(const Json& j) {
  if (j.is_number_float()) return !std::isfinite(j.get<double>());
  if (j.is_array() || j.is_object())
    for (const auto& item : j)
      if (json_has_non_finite(item)) return true;
  return false;
}

TEST(Runner, RecordsTheIssueColumns) {
  const auto game = problems::make_minimax_problem("stackelberg-scalar", Json::object());
  const MethodConfig m = make_method_config("gda", Json::object(), *game);
  MinimaxRunOptions options;
  options.steps = 100;
  options.record_every = 10;
  const auto result = run_minimax(*game, m, options);
  for (const char* column :
       {"step", "calls", "grad_phi_norm", "dist_to_solution", "grad_x_norm", "grad_y_norm"})
    EXPECT_TRUE(result.series.has(column)) << column;
  EXPECT_EQ(result.series.rows(), 11u);
  EXPECT_EQ(result.series.column("calls").back(), 100.0);
  // No known solution (robust regression): no dist_to_solution column.
  const auto regression = problems::make_minimax_problem("robust-regression", {{"n", 10}, {"d", 3}});
  const auto r2 = run_minimax(*regression, make_method_config("ogda", Json::object(), *regression), options);
  EXPECT_FALSE(r2.series.has("dist_to_solution"));
  EXPECT_TRUE(r2.series.has("grad_phi_norm"));
}

TEST(Runner, NonsmoothPhiGetsTheMoreauMeasureInstead) {
  // DRO on the simplex with lambda = 0: Phi(x) = max_i loss_i(x) is nonsmooth and y is not strongly concave,
  // so |grad Phi| is undefined; the summary reports the Moreau-envelope gradient at the output point instead.
  const auto dro = problems::make_minimax_problem("dro-simplex", {{"lambda", 0.0}});
  const MethodConfig m = make_method_config("eg", {{"eta_y", 0.05}, {"ratio", 10.0}}, *dro);
  MinimaxRunOptions options;
  options.steps = 50;
  const auto result = run_minimax(*dro, m, options);
  EXPECT_FALSE(result.grad_phi_norm.has_value());
  ASSERT_TRUE(result.moreau_grad_norm.has_value());
  EXPECT_TRUE(std::isfinite(*result.moreau_grad_norm));
  EXPECT_GT(*result.moreau_grad_norm, 0.0);
  EXPECT_TRUE(result.summary()["moreau_grad_norm"].is_number());
  // A strongly concave problem keeps |grad Phi| and has no Moreau entry.
  const auto game = problems::make_minimax_problem("stackelberg-scalar", Json::object());
  const auto smooth = run_minimax(*game, make_method_config("gda", Json::object(), *game), options);
  EXPECT_TRUE(smooth.grad_phi_norm.has_value());
  EXPECT_FALSE(smooth.moreau_grad_norm.has_value());
}

TEST(Runner, HardInstanceRecordsRevealedCoordinatesAtMostOnePerCall) {
  // Zero chain (spec §4.2): from x = 0 each oracle call can reveal at most one more coordinate of the chain.
  const auto hard = problems::make_minimax_problem("hard-ncsc", {{"kappa", 10.0}, {"chain_length", 30}});
  MinimaxRunOptions options;
  options.steps = 200;
  options.record_every = 1;
  const auto result = run_minimax(*hard, make_method_config("gda", Json::object(), *hard), options);
  const auto& revealed = result.series.column("revealed");
  const auto& calls = result.series.column("calls");
  EXPECT_EQ(revealed.front(), 0.0);
  EXPECT_GT(revealed.back(), 0.0);
  for (std::size_t r = 0; r < revealed.size(); ++r) EXPECT_LE(revealed[r], calls[r]) << "row " << r;
  // Problems without a progress measure have no such column.
  const auto game = problems::make_minimax_problem("stackelberg-scalar", Json::object());
  const auto plain = run_minimax(*game, make_method_config("gda", Json::object(), *game), options);
  EXPECT_THROW(static_cast<void>(plain.series.column("revealed")), Error);
}

TEST(Runner, DivergenceIsReportedWithStepAndNormsAndNeverNaN) {
  auto game = problems::make_stackelberg_scalar(1.0, 1.0, 0.1);
  // tau = 1 < a/mu = 10: unstable.
  const MethodConfig m = make_method_config("gda", {{"eta_y", 0.5}, {"ratio", 1.0}}, *game);
  MinimaxRunOptions options;
  options.steps = 100000;
  const auto result = run_minimax(*game, m, options);
  ASSERT_TRUE(result.diverged());
  EXPECT_GT(result.divergence->step, 0);
  EXPECT_TRUE(std::isfinite(result.divergence->norm_x));
  EXPECT_NE(result.divergence->message.find("step"), std::string::npos);
  EXPECT_TRUE(result.x_final.allFinite());
  Json summary = result.summary();
  EXPECT_TRUE(summary["diverged"].get<bool>());
  EXPECT_FALSE(json_has_non_finite(summary));
  EXPECT_FALSE(json_has_non_finite(result.series.to_json()));
  // The series reaches the reported iterate (recording is every steps/500 = 200 steps here, so without the
  // final row a divergence near step 100 would leave only step 0).
  const auto& steps = result.series.column("step");
  ASSERT_GE(steps.size(), 2u);
  EXPECT_EQ(steps.back(), static_cast<double>(result.output_step));
  EXPECT_LE(result.output_step, result.divergence->step);
  EXPECT_GT(result.output_step, 0);
  options.throw_on_divergence = true;
  EXPECT_THROW(run_minimax(*game, m, options), DivergenceError);
}

TEST(Runner, DivergenceThroughNonFiniteValuesStillGivesFiniteOutput) {
  auto game = problems::make_stackelberg_scalar(1.0, 1.0, 0.1);
  const MethodConfig m = make_method_config("eg", {{"eta_y", 1e150}, {"ratio", 1.0}}, *game);
  MinimaxRunOptions options;
  options.steps = 100;
  options.divergence_threshold = 1e300;
  const auto result = run_minimax(*game, m, options);
  ASSERT_TRUE(result.diverged());
  EXPECT_TRUE(result.x_final.allFinite());
  EXPECT_TRUE(result.y_final.allFinite());
  // The message carries the last finite gradient norm, not a placeholder 0.
  EXPECT_EQ(result.divergence->message.find("||g|| = 0 "), std::string::npos) << result.divergence->message;
}

TEST(Runner, OutputPolicies) {
  const auto game = problems::make_minimax_problem("stackelberg-scalar", Json::object());
  MinimaxRunOptions options;
  options.steps = 300;
  const auto last = run_minimax(*game, make_method_config("gda", {{"output", "last"}}, *game), options);
  EXPECT_EQ(last.output_step, 300);
  // Best by the distance is never worse than the last iterate (both among the checked iterates).
  const auto best = run_minimax(
      *game, make_method_config("gda", {{"output", "best"}, {"output_metric", "dist_to_solution"}}, *game),
      options);
  EXPECT_LE(*best.dist_to_solution, *last.dist_to_solution + 1e-15);
  // Uniform: an index in {0, ..., T-1}, spread over seeds (mean near (T-1)/2).
  double mean = 0.0;
  const int seeds = 400;
  for (int s = 0; s < seeds; ++s) {
    options.seed = static_cast<std::uint64_t>(s);
    const auto u = run_minimax(*game, make_method_config("gda", {{"output", "uniform"}}, *game), options);
    ASSERT_GE(u.output_step, 0);
    ASSERT_LT(u.output_step, 300);
    mean += static_cast<double>(u.output_step) / seeds;
  }
  // sd of the mean of U{0..299} over 400 draws: 86.6/20 = 4.3; allow 5 sd.
  EXPECT_NEAR(mean, 149.5, 22.0);
}

TEST(Runner, StopsAtTargetGradPhiAndReportsCalls) {
  const auto regression =
      problems::make_minimax_problem("robust-regression", {{"n", 20}, {"d", 4}, {"mu", 0.05}});
  MinimaxRunOptions options;
  options.steps = 200000;
  options.target_grad_phi = 1e-4;
  options.record_series = false;
  const auto result =
      run_minimax(*regression, make_method_config("gda", Json::object(), *regression), options);
  ASSERT_TRUE(result.reached_target);
  EXPECT_LE(*result.grad_phi_norm, 1e-4);
  EXPECT_EQ(*result.calls_at_target, result.calls);
}

TEST(MethodConfig, DefaultsFollowTheSpec) {
  const auto game = problems::make_minimax_problem("stackelberg-scalar", {{"mu", 0.1}});
  const double ell = game->smoothness();
  const double kappa = *game->condition_number();
  const auto gda = make_method_config("gda", Json::object(), *game);
  EXPECT_DOUBLE_EQ(gda.steps.eta_y, 1.0 / ell);
  EXPECT_NEAR(gda.steps.ratio(), 2.0 * kappa, 1e-12);
  EXPECT_NEAR(make_method_config("ogda", Json::object(), *game).steps.ratio(), kappa, 1e-12);
  const auto explicit_steps = make_method_config("eg", {{"eta_x", 0.01}, {"eta_y", 0.3}}, *game);
  EXPECT_DOUBLE_EQ(explicit_steps.steps.eta_x, 0.01);
  EXPECT_DOUBLE_EQ(explicit_steps.steps.ratio(), 30.0);
}

TEST(MethodConfig, BadInputIsAConfigErrorNamingTheFix) {
  const auto game = problems::make_minimax_problem("stackelberg-scalar", Json::object());
  EXPECT_THROW(make_method_config("gda", {{"ratio", 0.0}}, *game), ConfigError);
  EXPECT_THROW(make_method_config("gda", {{"ratio", -2.0}}, *game), ConfigError);
  EXPECT_THROW(make_method_config("gda", {{"eta_y", 0.0}}, *game), ConfigError);
  EXPECT_THROW(make_method_config("gda", {{"eta_x", 0.1}, {"ratio", 2.0}}, *game), ConfigError);
  EXPECT_THROW(make_method_config("gda", {{"step", 0.1}}, *game), ConfigError);
  EXPECT_THROW(make_method_config("gda", {{"batch", 4}}, *game), ConfigError);  // deterministic problem
  EXPECT_THROW(make_method_config("sgda", Json::object(), *game), UnknownNameError);
  // A projection set whose dimension does not match y.
  EXPECT_THROW(make_method_config("gda", {{"projection", "box"}, {"box_lower", {0.0, 0.0}}}, *game),
               ConfigError);
  // A problem with its own Y (the DRO simplex) refuses a different projection; the same set is accepted.
  const auto dro = problems::make_minimax_problem("dro-simplex", Json::object());
  try {
    make_method_config("gda", {{"projection", "ball"}}, *dro);
    ADD_FAILURE() << "a ball projection on the DRO simplex was accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("drop method.projection"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(make_method_config("gda", {{"projection", "simplex"}}, *dro));
  // Not strongly concave: the default ratio (a multiple of kappa) is undefined.
  const auto ncc = problems::make_minimax_problem("dro-simplex", {{"lambda", 0.0}});
  try {
    make_method_config("gda", Json::object(), *ncc);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("not strongly concave"), std::string::npos);
  }
  EXPECT_NO_THROW(make_method_config("gda", {{"ratio", 10.0}}, *ncc));
  EXPECT_THROW(make_method_config("gda", {{"ratio", 10.0}, {"output", "best"}}, *ncc), ConfigError);
}

TEST(HardInstanceRuns, EveryMethodNeedsTwoTMinusOneCallsAndStaysAboveTheFloor) {
  // Spec §4.4 item 2: started at 0, the first call with x_T != 0 is >= 2T - 1, and ||grad Phi|| > eps_T
  // before.
  for (double kappa : {10.0, 100.0}) {
    const Index t = 10;
    const problems::HardNcsc f(t, kappa, 1.0, 1.0);
    for (const SchemeKind kind : all_schemes()) {
      MethodConfig m;
      m.scheme = kind;
      m.steps = TwoTimescaleSteps::from_ratio(1.0, 2.0 * kappa);
      const UpdateScheme scheme = make_update_scheme(m, f);
      SchemeState state = scheme.init(f.initial_x(), f.initial_y());
      MinimaxOracle oracle(f, 1, RngStream(1));
      Vector g(t);
      double calls_before = 0.0;
      bool moved = false;
      for (int k = 0; k < 10000 && !moved; ++k) {
        calls_before = oracle.calls();
        f.grad_phi(state.x, g);
        EXPECT_GT(g.norm(), f.eps_floor());
        scheme.step(oracle, state);
        moved = state.x[t - 1] != 0.0;
      }
      ASSERT_TRUE(moved) << to_string(kind);
      EXPECT_GE(oracle.calls(), 2.0 * static_cast<double>(t) - 1.0) << to_string(kind);
      (void)calls_before;
    }
  }
}

TEST(CommandApi, RunJsonHasTheIssueFields) {
  MinimaxRequest request;
  request.problem = "stackelberg-scalar";
  request.problem_params = {{"x0", 0.5}, {"y0", -0.2}};
  request.method = "alt-gda";
  request.method_params = {{"eta_y", 0.2}, {"ratio", 20.0}};
  request.run_params = {{"steps", 50}, {"seed", 3}};
  const Json out = run_minimax_request(request);
  for (const char* key : {"config", "x_initial", "y_initial", "x_final", "y_final", "summary", "series"})
    EXPECT_TRUE(out.contains(key)) << key;
  EXPECT_DOUBLE_EQ(out["x_initial"][0].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(out["y_initial"][0].get<double>(), -0.2);
  EXPECT_FALSE(out["summary"]["diverged"].get<bool>());
  EXPECT_EQ(out["series"]["calls"].back().get<double>(), 100.0);
  request.run_params = {{"steps", -1}};
  EXPECT_THROW(run_minimax_request(request), ConfigError);
}

TEST(CommandApi, PhaseJsonHasSpectralAndSimulatedBoundaries) {
  MinimaxRequest request;
  request.problem = "stackelberg-scalar";
  request.method = "alt-gda";
  request.method_params = {{"eta_y", 0.25}};
  request.run_params = {{"ratio_min", 1.0},   {"ratio_max", 100.0},  {"ratios", 41},
                        {"max_steps", 20000}, {"sweep_param", "mu"}, {"sweep_values", {0.1, 0.05}}};
  const Json out = minimax_phase_request(request);
  ASSERT_EQ(out["boundaries"].size(), 2u);
  // Alt-GDA: tau* = a/mu - eta_y a = 9.75 and 19.75; the grid spacing is 12%.
  EXPECT_NEAR(out["boundaries"][0]["spectral"].get<double>() / 9.75, 1.0, 0.13);
  EXPECT_NEAR(out["boundaries"][1]["spectral"].get<double>() / 19.75, 1.0, 0.13);
  EXPECT_FALSE(out["boundaries"][0]["simulated"].is_null());
  // Not strongly concave: the phase analysis refuses.
  request.problem = "dro-simplex";
  request.problem_params = {{"lambda", 0.0}};
  request.method_params = {{"eta_y", 0.1}};
  request.run_params = Json::object();
  EXPECT_THROW(minimax_phase_request(request), ConfigError);
}

}  // namespace
}  // namespace ellopt::minimax
