// SPIDER / SARAH (Fang et al. 2018; Reisizadeh et al. 2023): q = 1 is minibatch SGD with the same clip; the
// recursion evaluates the same samples at x_k and x_{k-1}; clip orders against the closed form; the two
// authors'-code quirks; finite-sum checkpoints; loopless epochs; bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/sampling.hpp"
#include "ellopt/optim/state_io.hpp"
#include "ellopt/optim/variance_reduced.hpp"
#include "ellopt/problems/registry.hpp"
#include "optim_b_test_support.hpp"

namespace ellopt::optim {
namespace {

using testing::RecordingObjective;
using testing::TestQuadratic;

problems::ObjectivePtr online() {
  return problems::make_problem("multiplicative-noise", {{"dim", 5}, {"x0", 1.6}, {"zeta", "gaussian"}});
}

double clip_closed_form(int order, double c1, double c2, double norm) {
  if (order == 0) return 1.0;
  if (order == 1) return std::min(1.0, c1 / norm);
  return std::min({1.0, c1 / norm, c2 / (norm * norm)});
}

TEST(SpiderClip, OrdersMatchTheClosedForm) {
  for (int order : {0, 1, 2})
    for (double norm : {1e-3, 0.5, 1.0, 2.0, 3.9, 8.0, 100.0}) {
      ClipByOrder clip(order, 2.0, 16.0, false);
      EXPECT_DOUBLE_EQ(clip.factor(norm), clip_closed_form(order, 2.0, 16.0, norm)) << order << " " << norm;
      // norm_is_squared (authors' code, quirk 1): the formula sees |v|^2 where it says |v|.
      ClipByOrder quirk(order, 2.0, 16.0, true);
      EXPECT_DOUBLE_EQ(quirk.factor(norm), clip_closed_form(order, 2.0, 16.0, norm * norm))
          << order << " " << norm;
    }
  // Regimes of order 2 with (c1, c2) = (2, 16): no clip below 2, c1/|v| on [2, 8], c2/|v|^2 above 8.
  ClipByOrder clip(2, 2.0, 16.0, false);
  EXPECT_DOUBLE_EQ(clip.factor(1.5), 1.0);
  EXPECT_DOUBLE_EQ(clip.factor(4.0), 0.5);
  EXPECT_DOUBLE_EQ(clip.factor(16.0), 16.0 / 256.0);
  Vector v = Vector::Constant(4, 2.0);  // |v| = 4
  clip.apply(v, v, 0);
  EXPECT_NEAR(v.norm(), 2.0, 1e-15);  // step length lr * c1
  // Finite entries whose squared norm overflows: clipped to length c1, not to zero (which would stall the
  // run).
  ClipByOrder first_order(1, 2.0, 16.0, false);
  Vector huge = Vector::Constant(4, 1e200);
  first_order.apply(huge, huge, 0);
  EXPECT_NEAR(huge.norm(), 2.0, 1e-12);
}

// SPIDER with q = 1 recomputes the S1 batch at every step: minibatch SGD with the same clip, written by hand
// with the estimator's sampling convention (samples of step k from the per-step stream).
TEST(Spider, QEqualsOneIsMinibatchSgdWithTheSameClip) {
  auto f = online();
  const double lr = 0.05;
  const std::int64_t batch = 8;
  auto method = make_method(
      "spider", {{"S1", batch}, {"S2", 2}, {"q", 1}, {"lr", lr}, {"clip_order", 2}, {"c1", 0.5}, {"c2", 2.0}},
      *f);
  RngStream rng(21), replay(21);
  Vector x = f->default_start(), y = x, g(5), scratch(5);
  method->reset(*f, x, rng);
  StepSampler sampler;
  sampler.reset(replay);
  ClipByOrder clip(2, 0.5, 2.0, false);
  std::vector<Sample> samples;
  for (int k = 0; k < 50; ++k) {
    const StepReport report = method->step(*f, x, rng);
    EXPECT_EQ(report.gradient_evaluations, batch);
    RngStream stream = sampler.stream();
    draw_samples(*f, stream, batch, samples);
    mean_sample_gradient(*f, y, samples, g, scratch);
    y -= lr * (clip.factor(g.norm()) * g);  // same association as the composed step: lr * (alpha g)
    sampler.advance();
    ASSERT_LT((x - y).cwiseAbs().maxCoeff(), 1e-15) << "step " << k;
  }
}

// On a finite sum with S1 = n, q = 1 is clipped full-batch GD, exactly, at a cost of n per step.
TEST(Spider, FiniteSumFullCheckpointWithQOneIsClippedGd) {
  auto f = problems::make_problem("multiplicative-finite-sum", {{"dim", 4}, {"n", 50}, {"x0", 2.0}});
  auto method = make_method(
      "spider", {{"S1", 50}, {"S2", 5}, {"q", 1}, {"lr", 0.1}, {"clip_order", 1}, {"c1", 1.0}}, *f);
  RngStream rng(2);
  Vector x = f->default_start(), y = x, g(4);
  method->reset(*f, x, rng);
  for (int k = 0; k < 40; ++k) {
    EXPECT_EQ(method->step(*f, x, rng).gradient_evaluations, 50);
    f->gradient(y, g);
    y -= 0.1 * std::min(1.0, 1.0 / g.norm()) * g;
    ASSERT_LT((x - y).cwiseAbs().maxCoeff(), 1e-13);
  }
}

TEST(Spider, RecursionUsesTheSameInnerSamplesAtBothPointsAndCountsEvaluations) {
  auto base = online();
  RecordingObjective f(base);
  const std::int64_t S1 = 12, S2 = 3, q = 4;
  auto method = make_method("sarah", {{"S1", S1}, {"S2", S2}, {"q", q}, {"lr", 0.01}}, f);
  RngStream rng(9);
  Vector x = f.default_start(), x_prev = x;
  method->reset(f, x, rng);
  Vector v(5), g(5);
  for (int k = 0; k < 12; ++k) {
    f.calls.clear();
    const Vector x_before = x;
    const StepReport report = method->step(f, x, rng);
    if (k % q == 0) {
      EXPECT_EQ(report.gradient_evaluations, S1);
      v.setZero();
      for (const auto& [key, point] : f.calls) {
        base->sample_gradient(point, Sample{key}, g);
        v += g / static_cast<double>(S1);
      }
    } else {
      EXPECT_EQ(report.gradient_evaluations, 2 * S2);
      ASSERT_EQ(f.calls.size(), static_cast<std::size_t>(2 * S2));
      for (std::int64_t j = 0; j < S2; ++j) {
        const auto& at_x = f.calls[static_cast<std::size_t>(j)];
        const auto& at_prev = f.calls[static_cast<std::size_t>(S2 + j)];
        EXPECT_EQ(at_x.first, at_prev.first);
        EXPECT_EQ(at_x.second, x_before);
        EXPECT_EQ(at_prev.second, x_prev);
        base->sample_gradient(x_before, Sample{at_x.first}, g);
        v += g / static_cast<double>(S2);
        base->sample_gradient(x_prev, Sample{at_x.first}, g);
        v -= g / static_cast<double>(S2);
      }
    }
    // sarah: no clip, x_{k+1} = x_k - lr v_k.
    EXPECT_LT((x - (x_before - 0.01 * v)).cwiseAbs().maxCoeff(), 1e-12) << k;
    x_prev = x_before;
  }
}

// store_clipped_estimator (authors' code, quirk 2): the recursion continues from alpha v instead of v.
TEST(Spider, StoreClippedEstimatorContinuesFromTheClippedVector) {
  auto f = online();
  const Json common = {{"S1", 16},        {"S2", 4},   {"q", 8},   {"lr", 0.02},
                       {"clip_order", 2}, {"c1", 0.5}, {"c2", 1.0}};
  Json quirk = common;
  quirk["store_clipped_estimator"] = true;
  auto textbook = make_method("spider", common, *f);
  auto authors = make_method("spider", quirk, *f);
  RngStream r1(4), r2(4);
  Vector x1 = f->default_start(), x2 = x1;
  textbook->reset(*f, x1, r1);
  authors->reset(*f, x2, r2);
  // Step 0 (a checkpoint) is identical; the gradient at x0 = 1.6 is large, so the clip is active.
  textbook->step(*f, x1, r1);
  authors->step(*f, x2, r2);
  ASSERT_EQ(x1, x2);
  const auto& spider = dynamic_cast<const ComposedMethod&>(*authors);
  const Json state_t = dynamic_cast<const ComposedMethod&>(*textbook).state();
  const Json state_a = spider.state();
  const Vector v_text = vector_from_json(state_t["estimator"]["state"], "v", 5, "test");
  const Vector v_auth = vector_from_json(state_a["estimator"]["state"], "v", 5, "test");
  const double alpha = ClipByOrder(2, 0.5, 1.0, false).factor(v_text.norm());
  ASSERT_LT(alpha, 1.0);
  EXPECT_LT((v_auth - alpha * v_text).cwiseAbs().maxCoeff(), 1e-15);
  // Step 1 differs: the recursion adds the same difference to different bases.
  textbook->step(*f, x1, r1);
  authors->step(*f, x2, r2);
  EXPECT_GT((x1 - x2).norm(), 0.0);
}

TEST(Spider, LooplessCheckpointFrequencyIsP) {
  auto f = online();
  auto method =
      make_method("spider", {{"S1", 8}, {"S2", 2}, {"epoch", "loopless"}, {"p", 0.2}, {"lr", 1e-3}}, *f);
  RngStream rng(6);
  Vector x = f->default_start();
  method->reset(*f, x, rng);
  int checkpoints = 0;
  const int steps = 5000;
  for (int k = 0; k < steps; ++k) checkpoints += method->step(*f, x, rng).gradient_evaluations == 8;
  EXPECT_NEAR(static_cast<double>(checkpoints) / steps, 0.2, 0.02);
}

TEST(SpiderBadInput, NamesTheKey) {
  auto f = online();
  auto expect_key = [&](const char* method, const Json& params, const std::string& key) {
    try {
      make_method(method, params, *f);
      ADD_FAILURE() << "no error for " << params.dump();
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  };
  expect_key("spider", {{"S1", 4}, {"S2", 8}}, "S2");
  expect_key("spider", {{"q", 0}}, "q");
  expect_key("spider", {{"lr", -0.1}}, "lr");
  expect_key("spider", {{"clip_order", 3}}, "clip_order");
  expect_key("spider", {{"c1", 0.0}}, "c1");
  expect_key("spider", {{"epoch", "sometimes"}}, "epoch");
  expect_key("spider", {{"epoch", "loopless"}, {"p", 0.0}}, "p");
  expect_key("sarah", {{"S1", 0}}, "S1");
  auto deterministic = std::make_shared<TestQuadratic>(3);
  EXPECT_THROW(make_method("spider", {}, *deterministic), ConfigError);
  EXPECT_THROW(make_method("sarah", {}, *deterministic), ConfigError);
}

}  // namespace
}  // namespace ellopt::optim
