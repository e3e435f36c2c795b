// Resuming through optim::run: N iterations, checkpoint (through JSON text), resume to 2N equals 2N
// uninterrupted iterations bit for bit, for methods that draw from the run's stream (SGD family), keep
// moments (Adam), keep recursions (SPIDER), keep sequences (NAG) or derive constants from x0 (theory steps).
// Bad checkpoints are ConfigErrors that name what is wrong.
#include <gtest/gtest.h>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/runner.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::optim {
namespace {

struct Case {
  const char* method;
  Json params;
};

class RunResume : public ::testing::TestWithParam<Case> {};

void PrintTo(const Case& c, std::ostream* out) {
  *out << c.method << " " << c.params.dump();
}

TEST_P(RunResume, HalfPlusResumeEqualsWhole) {
  const Case c = GetParam();
  auto f = problems::make_problem("multiplicative-noise", {{"dim", 5}, {"x0", 1.3}});
  const Vector x0 = f->default_start();
  RunOptions whole_options;
  whole_options.steps = 60;
  whole_options.seed = 11;
  auto whole_method = make_method(c.method, c.params, *f);
  const RunResult whole = run(*f, *whole_method, x0, whole_options);
  ASSERT_TRUE(whole.ok()) << whole.message;

  RunOptions first_options = whole_options;
  first_options.steps = 25;
  auto first_method = make_method(c.method, c.params, *f);
  const RunResult first = run(*f, *first_method, x0, first_options);
  ASSERT_TRUE(first.ok()) << first.message;
  ASSERT_EQ(first.checkpoint.step, 25);
  const Json text = Json::parse(checkpoint_to_json(first.checkpoint).dump());

  RunOptions second_options = whole_options;
  second_options.seed = 999;  // the stream comes from the checkpoint, not from the seed
  second_options.resume = checkpoint_from_json(text, f->dim(), "test checkpoint");
  auto second_method = make_method(c.method, c.params, *f);
  const RunResult second = run(*f, *second_method, x0, second_options);
  ASSERT_TRUE(second.ok()) << second.message;

  ASSERT_EQ(whole.x_final.size(), second.x_final.size());
  for (Index i = 0; i < whole.x_final.size(); ++i)
    ASSERT_EQ(whole.x_final[i], second.x_final[i]) << "coordinate " << i;
  EXPECT_EQ(whole.gradient_evaluations, second.gradient_evaluations);
  EXPECT_EQ(whole.steps_done, second.steps_done);
  // The resumed trajectory is the tail of the whole one, row for row.
  const auto& steps = second.trajectory.column("step");
  const auto& whole_f = whole.trajectory.column("f");
  const auto& second_f = second.trajectory.column("f");
  ASSERT_EQ(steps.front(), 25.0);
  for (std::size_t r = 0; r < steps.size(); ++r)
    ASSERT_EQ(second_f[r], whole_f[static_cast<std::size_t>(steps[r])]) << "step " << steps[r];
  EXPECT_EQ(whole_method->state().dump(), second_method->state().dump());
}

INSTANTIATE_TEST_SUITE_P(
    Methods, RunResume,
    ::testing::Values(Case{"gd", {{"step", "theory"}}}, Case{"sgd", {{"lr", 0.01}, {"batch", 2}}},
                      Case{"clipped-sgd", {{"lr", 0.02}}}, Case{"normalized-sgd", {{"lr", 0.01}}},
                      Case{"momentum", {{"lr", 0.01}}}, Case{"adam", {{"lr", 0.01}}},
                      Case{"vradam", {{"lr", 0.02}, {"S1", 8}}},
                      Case{"spider", {{"S1", 8}, {"S2", 2}, {"lr", 0.02}}},
                      Case{"nag", {{"step", "constant"}, {"lr", 0.01}}}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      std::string name = std::to_string(param_info.index) + "_" + param_info.param.method;
      for (auto& ch : name)
        if (ch == '-') ch = '_';
      return name;
    });

// The registered methods draw their samples from keyed per-step streams, so none of them reads the run's
// stream after reset; a user-written method may. This one does, so the resume is bit-identical only if the
// checkpoint carries the stream's position (RngSnapshot), spare normal included.
class RandomWalkMethod final : public Method {
 public:
  std::string name() const override { return "random-walk"; }
  void reset(const Objective&, const Vector&, RngStream&) override {}
  StepReport step(const Objective&, Vector& x, RngStream& rng) override {
    for (Index i = 0; i < x.size(); ++i) x[i] += 1e-3 * rng.normal();  // odd counts leave a spare normal
    return {0, 1e-3};
  }
  Json describe() const override { return {{"method", name()}}; }
};

TEST(RunResume, TheRunStreamIsRestored) {
  auto f = problems::make_problem("double-well", {{"dim", 3}});
  const Vector x0 = f->default_start();
  RunOptions whole_options;
  whole_options.steps = 40;
  whole_options.seed = 5;
  RandomWalkMethod walker;
  const RunResult whole = run(*f, walker, x0, whole_options);
  RunOptions first_options = whole_options;
  first_options.steps = 15;
  const RunResult first = run(*f, walker, x0, first_options);
  RunOptions second_options = whole_options;
  second_options.seed = 999;  // ignored: the stream comes from the checkpoint
  second_options.resume =
      checkpoint_from_json(Json::parse(checkpoint_to_json(first.checkpoint).dump()), f->dim(), "test");
  const RunResult second = run(*f, walker, x0, second_options);
  for (Index i = 0; i < x0.size(); ++i) ASSERT_EQ(whole.x_final[i], second.x_final[i]) << "coordinate " << i;
}

TEST(RunResume, PeriodicCheckpointsResumeLikeTheFinalOne) {
  auto f = problems::make_problem("multiplicative-noise", {{"dim", 3}, {"x0", 1.1}});
  const Vector x0 = f->default_start();
  RunOptions options;
  options.steps = 40;
  options.checkpoint_every = 10;
  std::vector<RunCheckpoint> saved;
  options.on_checkpoint = [&saved](const RunCheckpoint& c) { saved.push_back(c); };
  auto method = make_method("adam", {{"lr", 0.01}}, *f);
  const RunResult whole = run(*f, *method, x0, options);
  ASSERT_EQ(saved.size(), 3u);  // steps 10, 20, 30 (40 is the final checkpoint)
  EXPECT_EQ(saved[1].step, 20);
  RunOptions resumed = options;
  resumed.on_checkpoint = nullptr;
  resumed.resume = saved[1];
  auto again = make_method("adam", {{"lr", 0.01}}, *f);
  const RunResult tail = run(*f, *again, x0, resumed);
  for (Index i = 0; i < x0.size(); ++i) ASSERT_EQ(whole.x_final[i], tail.x_final[i]);
}

TEST(RunResume, BadCheckpointsAreNamedConfigErrors) {
  auto f = problems::make_problem("quartic", Json::object());
  const Vector x0 = f->default_start();
  auto method = make_method("gd", {{"step", "theory"}}, *f);
  RunOptions options;
  options.steps = 5;
  const RunResult done = run(*f, *method, x0, options);
  const Json good = checkpoint_to_json(done.checkpoint);

  const auto message_of = [&](const Json& json, Index dim) {
    try {
      checkpoint_from_json(json, dim, "ckpt.json");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message_of(Json{{"hello", 1}}, f->dim()).find("not a run checkpoint"), std::string::npos);
  Json wrong_version = good;
  wrong_version["version"] = 99;
  EXPECT_NE(message_of(wrong_version, f->dim()).find("version 99"), std::string::npos);
  EXPECT_NE(message_of(good, f->dim() + 2).find("ckpt.json"), std::string::npos);
  Json nan_x = good;
  nan_x["x"][0] = "nan";
  EXPECT_NE(message_of(nan_x, f->dim()).find("ckpt.json"), std::string::npos);
  Json missing = good;
  missing.erase("rng");
  EXPECT_NE(message_of(missing, f->dim()).find("malformed"), std::string::npos);

  // A checkpoint further along than the requested stop, and another method's state.
  RunOptions behind = options;
  behind.steps = 2;
  behind.resume = done.checkpoint;
  auto gd = make_method("gd", {{"step", "theory"}}, *f);
  EXPECT_THROW(run(*f, *gd, x0, behind), ConfigError);
  RunOptions other = options;
  other.steps = 10;
  other.resume = done.checkpoint;
  auto adam = make_method("adam", {{"lr", 0.01}}, *f);
  EXPECT_THROW(run(*f, *adam, x0, other), ConfigError);
}

}  // namespace
}  // namespace ellopt::optim
