// Learning-rate schedules as functions of the step: closed forms, warm-up, the rate readable from the method,
// bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/schedules.hpp"
#include "optim_b_test_support.hpp"

namespace ellopt::optim {
namespace {

TEST(Schedule, ClosedForms) {
  Schedule constant;
  constant.lr = 0.3;
  for (std::int64_t t : {0, 1, 100, 100000}) EXPECT_DOUBLE_EQ(constant(t), 0.3);

  Schedule step;
  step.kind = Schedule::Kind::kStep;
  step.lr = 1.0;
  step.decay_every = 10;
  step.decay_factor = 0.5;
  EXPECT_DOUBLE_EQ(step(0), 1.0);
  EXPECT_DOUBLE_EQ(step(9), 1.0);
  EXPECT_DOUBLE_EQ(step(10), 0.5);
  EXPECT_DOUBLE_EQ(step(35), 0.125);

  Schedule cosine;
  cosine.kind = Schedule::Kind::kCosine;
  cosine.lr = 1.0;
  cosine.lr_min = 0.1;
  cosine.total_steps = 100;
  EXPECT_DOUBLE_EQ(cosine(0), 1.0);
  EXPECT_NEAR(cosine(50), 0.55, 1e-15);
  EXPECT_NEAR(cosine(25), 0.1 + 0.9 * 0.5 * (1 + std::cos(std::numbers::pi / 4)), 1e-15);
  EXPECT_DOUBLE_EQ(cosine(100), 0.1);
  EXPECT_DOUBLE_EQ(cosine(1000), 0.1);

  Schedule warm = cosine;
  warm.warmup_steps = 4;
  EXPECT_DOUBLE_EQ(warm(0), 0.25);
  EXPECT_DOUBLE_EQ(warm(3), 1.0);
  EXPECT_DOUBLE_EQ(warm(4), 1.0);  // the cosine starts after the warm-up
  EXPECT_NEAR(warm(54), 0.55, 1e-15);
}

TEST(Schedule, CurrentLearningRateIsReadableFromTheMethod) {
  testing::TestQuadratic f(3);
  auto method =
      make_method("adam", {{"lr", 0.1}, {"schedule", "step"}, {"decay_every", 3}, {"decay_factor", 0.5}}, f);
  auto& composed = dynamic_cast<ComposedMethod&>(*method);
  RngStream rng(1);
  Vector x = f.default_start();
  method->reset(f, x, rng);
  const double expected[] = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
  for (double lr : expected) {
    EXPECT_DOUBLE_EQ(method->step(f, x, rng).step_size, lr);
    EXPECT_DOUBLE_EQ(composed.current_step_size(), lr);
    EXPECT_DOUBLE_EQ(composed.state()["step_size"].get<double>(), lr);
  }
}

// The SGD family takes the same schedules; clipped-sgd schedules eta inside min(eta_t, gamma/|g|).
TEST(Schedule, SgdFamilyFollowsTheSchedule) {
  testing::TestQuadratic f(3);
  const Json step_decay = {{"lr", 0.1}, {"schedule", "step"}, {"decay_every", 2}, {"decay_factor", 0.5}};
  const double expected[] = {0.1, 0.1, 0.05, 0.05, 0.025};
  for (const char* name : {"sgd", "momentum", "normalized-sgd"}) {
    auto method = make_method(name, step_decay, f);
    RngStream rng(1);
    Vector x = f.default_start();
    method->reset(f, x, rng);
    for (double lr : expected) EXPECT_DOUBLE_EQ(method->step(f, x, rng).step_size, lr) << name;
  }
  Json clipped = step_decay;
  clipped["clip"] = 1e9;  // never binding: the step is the scheduled eta
  auto method = make_method("clipped-sgd", clipped, f);
  RngStream rng(1);
  Vector x = f.default_start();
  method->reset(f, x, rng);
  for (double lr : expected) EXPECT_DOUBLE_EQ(method->step(f, x, rng).step_size, lr);
  // Without a schedule nothing changes: the constant step.
  auto plain = make_method("sgd", {{"lr", 0.1}}, f);
  plain->reset(f, x, rng);
  EXPECT_EQ(plain->describe()["step_rule"]["rule"], "constant");
  // The Thm 5.3 step is fixed by the theorem: a schedule there is an error naming the key.
  EXPECT_THROW(make_method("sgd", {{"step", "thm5.3"}, {"horizon", 100}, {"schedule", "cosine"}}, f),
               ConfigError);
  EXPECT_THROW(make_method("momentum", {{"schedule", "cosine"}}, f), ConfigError);  // lr still required
}

TEST(ScheduleBadInput, NamesTheKey) {
  testing::TestQuadratic f(3);
  auto expect_key = [&](const Json& params, const std::string& key) {
    try {
      make_method("adam", params, f);
      ADD_FAILURE() << params.dump();
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  };
  expect_key({{"schedule", "exponential"}}, "schedule");
  expect_key({{"schedule", "warmup"}}, "warmup_steps");
  expect_key({{"schedule", "step"}, {"decay_every", 0}}, "decay_every");
  expect_key({{"schedule", "step"}, {"decay_factor", 1.5}}, "decay_factor");
  expect_key({{"schedule", "cosine"}, {"lr", 0.1}, {"lr_min", 0.2}}, "lr_min");
  expect_key({{"warmup_steps", -1}}, "warmup_steps");
}

}  // namespace
}  // namespace ellopt::optim
