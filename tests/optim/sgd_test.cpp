// SGD family: the minibatch estimator (unbiased, variance sigma^2/b, one evaluation on deterministic problems),
// the Thm 5.3 rule against the spec's worked numbers, torch.optim.SGD momentum against a transcription, bad input.
#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/direction_transforms.hpp"
#include "ellopt/optim/minibatch_gradient.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/runner.hpp"
#include "ellopt/optim/sgd_step_rules.hpp"
#include "ellopt/problems/registry.hpp"
#include "sgd_test_quadratic.hpp"

namespace ellopt::optim {
namespace {

TEST(SgdMinibatch, UnbiasedWithVarianceSigmaSquaredOverBatch) {
  auto f = problems::make_problem("double-well", {{"dim", 3}, {"noise", "gaussian"}, {"sigma", 2.0}});
  const Vector x = Vector::Constant(3, 1.5);
  Vector exact(3), estimate(3);
  f->gradient(x, exact);
  for (std::int64_t batch : {1, 4, 16}) {
    MinibatchGradient estimator(batch);
    RngStream rng(batch);
    estimator.reset(*f, x, rng);
    const int n = 20000;
    Vector sum = Vector::Zero(3), sum_sq = Vector::Zero(3);
    for (int k = 0; k < n; ++k) {
      EXPECT_EQ(estimator.estimate(*f, x, rng, estimate), batch);
      const Vector e = estimate - exact;
      sum += e;
      sum_sq += e.cwiseProduct(e);
    }
    const double variance = 4.0 / static_cast<double>(batch);
    for (Index i = 0; i < 3; ++i) {
      EXPECT_NEAR(sum[i] / n, 0.0, 5 * std::sqrt(variance / n));
      EXPECT_NEAR(sum_sq[i] / n / variance, 1.0, 0.05);
    }
  }
}

TEST(SgdMinibatch, DeterministicProblemCostsOneEvaluationAndEqualsGd) {
  auto f = problems::make_problem("double-well", {{"dim", 4}, {"x0", 1.7}});
  auto sgd = make_method("sgd", {{"lr", 0.05}, {"batch", 8}}, *f);
  auto gd = make_method("gd", {{"step", "constant"}, {"lr", 0.05}}, *f);
  RunOptions options;
  options.steps = 200;
  options.record_x = true;
  const auto a = run(*f, *sgd, f->default_start(), options);
  const auto b = run(*f, *gd, f->default_start(), options);
  EXPECT_EQ(a.gradient_evaluations, 200);
  for (std::size_t t = 0; t < a.iterates.size(); ++t) EXPECT_EQ(a.iterates[t], b.iterates[t]);
}

TEST(SgdMinibatch, SameSeedSameRunDifferentSeedDifferentRun) {
  auto f = problems::make_problem("double-well", {{"dim", 4}, {"noise", "student-t"}, {"sigma", 1.0}});
  auto method = make_method("sgd", {{"lr", 0.01}, {"batch", 2}}, *f);
  RunOptions options;
  options.steps = 300;
  options.seed = 5;
  const auto a = run(*f, *method, f->default_start(), options);
  const auto b = run(*f, *method, f->default_start(), options);
  EXPECT_EQ(a.x_final, b.x_final);
  EXPECT_EQ(a.gradient_evaluations, 600);
  options.seed = 6;
  const auto c = run(*f, *method, f->default_start(), options);
  EXPECT_NE(a.x_final, c.x_final);
}

TEST(SgdTheoryStep, SpecWorkedNumbersOnTheDoubleWell) {
  // Spec §1.4(c) [D]: 1-d double well, sigma = 1, delta = 0.1. x0 = 2: F = 260, G = 353, L = 240, 1/(2L) = 2.1e-3;
  // x0 = 3: F = 1360, G = 1218, L = 545, 1/(2L) = 9.2e-4.
  struct Row {
    double x0, F, G, L, half_inverse_L;
  };
  for (const Row& row : {Row{2, 260, 353, 240, 2.1e-3}, Row{3, 1360, 1218, 545, 9.2e-4}}) {
    auto f = problems::make_problem("double-well", {{"dim", 1}, {"x0", row.x0}, {"noise", "gaussian"}, {"sigma", 1.0}});
    SgdTheoryOptions options;
    options.horizon = 1;
    SgdTheoryStep rule(options);
    rule.reset(*f, f->default_start());
    EXPECT_NEAR(rule.F(), row.F, 0.5);
    EXPECT_NEAR(rule.G(), row.G, 0.005 * row.G);
    EXPECT_NEAR(rule.L(), row.L, 0.005 * row.L);
    EXPECT_NEAR(1 / (2 * rule.L()), row.half_inverse_L, 0.03 * row.half_inverse_L);
    EXPECT_DOUBLE_EQ(rule.eta(), std::min(1 / (2 * rule.L()), 0.25 / rule.G()));  // T = 1: the cap c/(G sqrt T)
    EXPECT_DOUBLE_EQ(rule.sigma(), 1.0);
  }
}

TEST(SgdTheoryStep, CapAndNoiseLevelFromTheProblem) {
  auto f = problems::make_problem("double-well", {{"dim", 10}, {"x0", 2.0}, {"noise", "student-t"}, {"sigma", 1.0}});
  SgdTheoryOptions options;
  options.horizon = 1000000;
  SgdTheoryStep rule(options);
  rule.reset(*f, f->default_start());
  EXPECT_NEAR(rule.sigma(), std::sqrt(10.0), 1e-12);  // sqrt(E|eps|^2) = sigma sqrt(d)
  EXPECT_NEAR(rule.F(), 8 * (22.5 + std::sqrt(10.0)) / 0.1, 1e-9);
  EXPECT_DOUBLE_EQ(rule.eta(), std::min(1 / (2 * rule.L()), 0.25 / (rule.G() * 1000.0)));
  // Explicit sigma overrides; a deterministic problem has sigma = 0.
  options.sigma = 0.5;
  SgdTheoryStep given(options);
  given.reset(*f, f->default_start());
  EXPECT_DOUBLE_EQ(given.sigma(), 0.5);
  auto plain = problems::make_problem("double-well", {{"dim", 2}});
  SgdTheoryOptions deterministic_options;
  deterministic_options.horizon = 10;
  SgdTheoryStep deterministic(deterministic_options);
  deterministic.reset(*plain, plain->default_start());
  EXPECT_DOUBLE_EQ(deterministic.sigma(), 0.0);
}

// torch.optim.SGD (documented algorithm) transcribed: g += wd p; b = g (t = 0) else mu b + (1 - tau) g;
// g = g + mu b (nesterov) or b; p -= lr g.
std::vector<Vector> torch_sgd(const problems::Objective& f, double lr, const MomentumOptions& o, int steps) {
  Vector p = f.default_start(), g(f.dim()), b;
  std::vector<Vector> ps{p};
  for (int t = 0; t < steps; ++t) {
    f.gradient(p, g);
    if (o.weight_decay != 0) g = g + o.weight_decay * p;
    if (o.momentum != 0) {
      b = t == 0 ? Vector(g) : Vector(o.momentum * b + (1 - o.dampening) * g);
      g = o.nesterov ? Vector(g + o.momentum * b) : b;
    }
    p = p - lr * g;
    ps.push_back(p);
  }
  return ps;
}

TEST(SgdMomentum, MatchesTorchSgdConvention) {
  auto f = problems::make_problem("double-well", {{"dim", 5}, {"x0", 1.8}});
  const std::vector<MomentumOptions> table{
      {0.9, 0.0, false, 0.0}, {0.9, 0.0, true, 0.0}, {0.5, 0.3, false, 0.0},
      {0.9, 0.0, false, 0.01}, {0.0, 0.0, false, 0.1}, {0.99, 0.0, true, 1e-3},
  };
  for (const auto& o : table) {
    auto method = make_method("momentum",
                              {{"lr", 0.01},
                               {"momentum", o.momentum},
                               {"dampening", o.dampening},
                               {"nesterov", o.nesterov},
                               {"weight_decay", o.weight_decay}},
                              *f);
    RunOptions options;
    options.steps = 400;
    options.record_x = true;
    const auto result = run(*f, *method, f->default_start(), options);
    const auto reference = torch_sgd(*f, 0.01, o, 400);
    ASSERT_EQ(result.iterates.size(), reference.size());
    for (std::size_t t = 0; t < reference.size(); ++t)
      ASSERT_LT((result.iterates[t] - reference[t]).norm(), 1e-12 * std::max(1.0, reference[t].norm()))
          << "momentum " << o.momentum << " nesterov " << o.nesterov << " step " << t;
  }
}

TEST(SgdFamily, BadInput) {
  auto f = problems::make_problem("double-well", {{"dim", 2}, {"noise", "gaussian"}});
  auto rosen = problems::make_problem("rosenbrock");
  EXPECT_THROW(make_method("sgd", {}, *f), ConfigError);  // constant step without lr
  EXPECT_THROW(make_method("sgd", {{"lr", -0.1}}, *f), ConfigError);
  EXPECT_THROW(make_method("sgd", {{"lr", 0.1}, {"batch", 0}}, *f), ConfigError);
  EXPECT_THROW(make_method("sgd", {{"step", "thm5.3"}}, *f), ConfigError);  // no horizon
  EXPECT_THROW(make_method("sgd", {{"step", "thm5.3"}, {"horizon", 100}, {"lr", 0.1}}, *f), ConfigError);
  EXPECT_THROW(make_method("sgd", {{"step", "thm5.3"}, {"horizon", 100}, {"delta", 1.0}}, *f), ConfigError);
  EXPECT_THROW(make_method("sgd", {{"lr", 0.1}, {"horizon", 100}}, *f), ConfigError);  // horizon unused
  auto no_ell = make_method("sgd", {{"step", "thm5.3"}, {"horizon", 100}}, *rosen);
  RngStream rng(1);
  EXPECT_THROW(no_ell->reset(*rosen, rosen->default_start(), rng), ConfigError);
  EXPECT_THROW(make_method("momentum", {{"lr", 0.1}, {"momentum", 1.0}}, *f), ConfigError);
  EXPECT_THROW(make_method("momentum", {{"lr", 0.1}, {"momentum", -0.1}}, *f), ConfigError);
  EXPECT_THROW(make_method("momentum", {{"lr", 0.1}, {"nesterov", true}, {"dampening", 0.1}}, *f), ConfigError);
  EXPECT_THROW(make_method("momentum", {{"lr", 0.1}, {"nesterov", true}, {"momentum", 0.0}}, *f), ConfigError);
  EXPECT_THROW(make_method("momentum", {{"lr", 0.1}, {"weight_decay", -1.0}}, *f), ConfigError);
  EXPECT_THROW(make_method("clipped-sgd", {{"lr", 0.1}, {"clip", 0.0}}, *f), ConfigError);
  EXPECT_THROW(make_method("clipped-sgd", {{"clip", 1.0}}, *f), ConfigError);
  EXPECT_THROW(make_method("normalized-sgd", {{"lr", 0.1}, {"beta1", 0.9}}, *f), ConfigError);
  // The message names the key and its range.
  try {
    make_method("momentum", {{"lr", 0.1}, {"momentum", 1.5}}, *f);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("momentum"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ellopt::optim

namespace ellopt::optim {
namespace {

// Checkpoint and resume: reset with the original x0, load_state, step from the saved iterate; bit-identical.
void expect_bit_identical_resume(const std::string& name, const Json& params, const problems::Objective& f) {
  const Vector x0 = f.default_start();
  auto whole = make_method(name, params, f);
  RngStream rng(42);
  whole->reset(f, x0, rng);
  Vector x = x0, saved_x;
  Json saved;
  for (int t = 0; t < 200; ++t) {
    if (t == 120) {
      saved = whole->state();
      saved_x = x;
    }
    whole->step(f, x, rng);
  }
  auto resumed = make_method(name, params, f);
  RngStream other(42);
  resumed->reset(f, x0, other);
  resumed->load_state(Json::parse(saved.dump()));  // through text, as a checkpoint file would
  Vector y = saved_x;
  for (int t = 120; t < 200; ++t) resumed->step(f, y, other);
  EXPECT_EQ(x, y) << name;
}

TEST(SgdCheckpoint, ResumesBitIdentically) {
  auto f = problems::make_problem("double-well", {{"dim", 6}, {"noise", "student-t"}, {"sigma", 0.5}});
  expect_bit_identical_resume("sgd", {{"lr", 0.01}, {"batch", 3}}, *f);
  expect_bit_identical_resume("momentum", {{"lr", 0.01}, {"nesterov", true}}, *f);
  expect_bit_identical_resume("clipped-sgd", {{"lr", 0.05}, {"clip", 0.1}}, *f);
  expect_bit_identical_resume("normalized-sgd", {{"lr", 0.01}}, *f);
  auto cosh = problems::make_problem("cosh", {{"dim", 4}});
  expect_bit_identical_resume("nag", {{"step", "sublinear"}}, *cosh);
  expect_bit_identical_resume("nag", {{"step", "constant"}, {"lr", 0.1}, {"classical", true}}, *cosh);
}

TEST(SgdCheckpoint, MismatchedCheckpointIsAConfigError) {
  auto f = problems::make_problem("double-well", {{"dim", 3}, {"noise", "gaussian"}});
  auto g = problems::make_problem("double-well", {{"dim", 4}, {"noise", "gaussian"}});
  RngStream rng(1);
  auto a = make_method("momentum", {{"lr", 0.01}}, *f);
  a->reset(*f, f->default_start(), rng);
  auto b = make_method("momentum", {{"lr", 0.01}}, *g);
  b->reset(*g, g->default_start(), rng);
  EXPECT_THROW(b->load_state(a->state()), ConfigError);  // dimension
  auto c = make_method("sgd", {{"lr", 0.01}, {"batch", 2}}, *f);
  c->reset(*f, f->default_start(), rng);
  auto d = make_method("sgd", {{"lr", 0.01}, {"batch", 3}}, *f);
  d->reset(*f, f->default_start(), rng);
  EXPECT_THROW(d->load_state(c->state()), ConfigError);  // batch
  auto cosh = problems::make_problem("cosh", {{"dim", 3}});
  auto modified = make_method("nag", {{"step", "constant"}, {"lr", 0.1}}, *cosh);
  auto classical = make_method("nag", {{"step", "constant"}, {"lr", 0.1}, {"classical", true}}, *cosh);
  modified->reset(*cosh, cosh->default_start(), rng);
  classical->reset(*cosh, cosh->default_start(), rng);
  EXPECT_THROW(classical->load_state(modified->state()), ConfigError);
  EXPECT_THROW(modified->load_state(a->state()), ConfigError);  // written by another method
}

}  // namespace
}  // namespace ellopt::optim
