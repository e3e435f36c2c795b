// Checkpoint and resume: for every method of this family, N steps + save (through a JSON string) + resume + N
// steps equals 2N uninterrupted steps bit for bit; mismatched method, dimension or options are ConfigErrors.
#include <gtest/gtest.h>

#include <memory>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/state_io.hpp"
#include "ellopt/problems/registry.hpp"
#include "optim_b_test_support.hpp"

namespace ellopt::optim {
namespace {

struct Case {
  const char* method;
  Json params;
};

std::vector<Case> cases() {
  return {
      {"adam", {{"lr", 0.01}}},
      {"adam", {{"lr", 0.01}, {"amsgrad", true}, {"weight_decay", 0.01}, {"batch", 3}}},
      {"adamw", {{"lr", 0.01}, {"schedule", "cosine"}, {"total_steps", 50}, {"warmup_steps", 5}}},
      {"vradam", {{"lr", 0.02}, {"beta", 0.1}, {"S1", 16}}},
      {"spider", {{"S1", 16}, {"S2", 4}, {"q", 7}, {"lr", 0.05}}},
      {"spider", {{"S1", 16}, {"S2", 4}, {"epoch", "loopless"}, {"lr", 0.05}, {"store_clipped_estimator", true},
                  {"norm_is_squared", true}, {"clip_order", 1}}},
      {"sarah", {{"S1", 16}, {"S2", 4}, {"q", 5}, {"lr", 0.02}}},
      {"svrg", {{"S1", 16}, {"S2", 4}, {"epoch", "loopless"}, {"p", 0.3}, {"lr", 0.02}}},
  };
}

class CheckpointResume : public ::testing::TestWithParam<std::size_t> {};

TEST_P(CheckpointResume, IsBitIdentical) {
  const Case c = cases()[GetParam()];
  auto f = problems::make_problem("multiplicative-noise", {{"dim", 6}, {"x0", 1.7}});
  const Vector x0 = f->default_start();
  const int half = 37;
  // Uninterrupted run.
  auto straight = make_method(c.method, c.params, *f);
  RngStream rng(42);
  Vector x = x0;
  straight->reset(*f, x0, rng);
  for (int t = 0; t < 2 * half; ++t) straight->step(*f, x, rng);
  // Interrupted run: save after `half` steps, through text, into a fresh method object.
  auto first = make_method(c.method, c.params, *f);
  RngStream rng1(42);
  Vector y = x0;
  first->reset(*f, x0, rng1);
  for (int t = 0; t < half; ++t) first->step(*f, y, rng1);
  const std::string saved = Json{{"x", vector_to_json(y)}, {"state", first->state()}}.dump();
  const Json loaded = Json::parse(saved);
  auto second = make_method(c.method, c.params, *f);
  RngStream unrelated(999);  // the run stream after reset must not matter
  second->reset(*f, x0, unrelated);
  second->load_state(loaded["state"]);
  Vector z = vector_from_json(loaded, "x", f->dim(), "test");
  for (int t = 0; t < half; ++t) second->step(*f, z, unrelated);
  for (Index i = 0; i < x.size(); ++i) ASSERT_EQ(x[i], z[i]) << c.method << " coordinate " << i;
  EXPECT_EQ(straight->state().dump(), second->state().dump());
}

INSTANTIATE_TEST_SUITE_P(AllMethods, CheckpointResume, ::testing::Range<std::size_t>(0, 8));

TEST(CheckpointMismatch, MethodDimensionAndOptionsAreConfigErrors) {
  auto f6 = problems::make_problem("multiplicative-noise", {{"dim", 6}});
  auto f4 = problems::make_problem("multiplicative-noise", {{"dim", 4}});
  RngStream rng(1);
  auto adam6 = make_method("adam", {}, *f6);
  adam6->reset(*f6, f6->default_start(), rng);
  const Json state = adam6->state();

  auto adamw6 = make_method("adamw", {}, *f6);
  adamw6->reset(*f6, f6->default_start(), rng);
  try {
    adamw6->load_state(state);
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("adam"), std::string::npos) << e.what();
  }
  auto adam4 = make_method("adam", {}, *f4);
  adam4->reset(*f4, f4->default_start(), rng);
  try {
    adam4->load_state(state);
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("dimension"), std::string::npos) << e.what();
  }
  // Same name, different transform chain (coupled weight decay adds a transform).
  auto adam_decay = make_method("adam", {{"weight_decay", 0.1}}, *f6);
  adam_decay->reset(*f6, f6->default_start(), rng);
  EXPECT_THROW(adam_decay->load_state(state), ConfigError);
  // Garbage and truncated states.
  EXPECT_THROW(adam6->load_state(Json::object()), ConfigError);
  Json truncated = state;
  truncated["transforms"][0]["state"]["m"] = Json::array({1.0, 2.0});
  EXPECT_THROW(adam6->load_state(truncated), ConfigError);
  // gd is composed too, so it checkpoints as well; its own state loads back.
  auto gd = make_method("gd", {{"step", "constant"}, {"lr", 0.1}}, *f6);
  gd->reset(*f6, f6->default_start(), rng);
  EXPECT_NO_THROW(gd->load_state(gd->state()));
  EXPECT_THROW(gd->load_state(state), ConfigError);
}

}  // namespace
}  // namespace ellopt::optim
