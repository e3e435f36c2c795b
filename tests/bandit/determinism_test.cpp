// Same seed, same numbers; different seeds, different numbers; every variant of spec §1.5 runs.
#include <gtest/gtest.h>

#include "ellopt/bandit/federated.hpp"

namespace ellopt::bandit {
namespace {

Json small(std::uint64_t seed) {
  return Json{{"agents", 9},
              {"byzantine_fraction", 0.2},
              {"attack", "large-norm"},
              {"aggregator", "gmom"},
              {"horizon", 600},
              {"dim", 4},
              {"seed", seed},
              {"transport", "in-process"}};
}

TEST(Determinism, SameSeedSameResult) {
  const Json a = run_bandit(small(5)).to_json();
  const Json b = run_bandit(small(5)).to_json();
  EXPECT_EQ(a, b);
  const Json c = run_bandit(small(6)).to_json();
  EXPECT_NE(a.at("regret"), c.at("regret"));
}

// Table-driven: every combination of the spec's variants runs, produces finite regret and reports K rounds.
TEST(Variants, EveryOptionRuns) {
  const std::vector<Json> variants = {
      {{"estimator", "cumulative"}},
      {{"message", "gradient"}},
      {{"message", "gradient"}, {"estimator", "cumulative"}},
      {{"exploration", "forced"}},
      {{"exploration", "epsilon-greedy"}},
      {{"action_set", "finite"}, {"arms", 12}},
      {{"action_set", "finite"}, {"arms", 12}, {"exploration", "epsilon-greedy"}},
      {{"privacy", "gaussian"}, {"epsilon", 1.0}},
      {{"privacy", "laplace"}, {"epsilon", 4.0}},
      {{"privacy", "gaussian"}, {"estimator", "cumulative"}},
      {{"noise", "rademacher"}},
      {{"noise", "uniform"}, {"aggregator", "coordinate-median"}},
      {{"aggregator", "trimmed-mean"}},
      {{"aggregator", "krum"}},
  };
  for (const auto& variant : variants) {
    Json config = small(3);
    for (const auto& [key, value] : variant.items()) config[key] = value;
    const auto result = run_bandit(config);
    EXPECT_TRUE(std::isfinite(result.final_regret_per_agent)) << variant.dump();
    EXPECT_GE(result.final_regret_per_agent, 0.0) << variant.dump();
    EXPECT_EQ(result.rounds, 24) << variant.dump();  // ceil(600 / ceil(sqrt 600)) = 600 / 25
  }
}

TEST(Variants, FiniteActionSetDefaultsToForcedExploration) {
  const auto config = BanditConfig::from_json(Json{{"action_set", "finite"}});
  EXPECT_EQ(config.exploration.kind, ExplorationKind::kForced);
  EXPECT_THROW(
      BanditConfig::from_json(Json{{"action_set", "finite"}, {"exploration", "perturbation"}}).agents,
      ConfigError);
}

TEST(Variants, GmomGetsTheByzantineCount) {
  const auto config =
      BanditConfig::from_json(Json{{"agents", 20}, {"byzantine_fraction", 0.2}, {"aggregator", "gmom"}});
  EXPECT_EQ(aggregator_params(config).at("byzantine"), 4);
}

}  // namespace
}  // namespace ellopt::bandit

namespace ellopt::bandit {
namespace {

// The config printed with a run can be fed back to reproduce it.
TEST(BanditConfig, JsonRoundTrip) {
  const auto config = BanditConfig::from_json(Json{{"agents", 12},
                                                   {"byzantine_fraction", 0.25},
                                                   {"attack", "alie"},
                                                   {"attack_params", {{"z", 2.0}}},
                                                   {"privacy", "laplace"},
                                                   {"epsilon", 3.0},
                                                   {"exploration", "epsilon-greedy"},
                                                   {"seed", 44}});
  const Json once = config.to_json();
  EXPECT_EQ(BanditConfig::from_json(once).to_json(), once);
  EXPECT_EQ(config.byzantine_count(), 3);
  EXPECT_TRUE(config.is_byzantine(11));
  EXPECT_FALSE(config.is_byzantine(8));
}

}  // namespace
}  // namespace ellopt::bandit
