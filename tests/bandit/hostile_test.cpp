// Bad input (issue 5): hostile Byzantine messages never crash the server; wrong dimensions are rejected at
// the server boundary with a logged reason; non-finite values are excluded by the robust aggregators; the
// mean may break, by design, and the run says so; alpha >= 1/2 warns with the breakdown point; bad privacy
// parameters are rejected.
#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/bandit/federated.hpp"
#include "ellopt/core/error.hpp"

namespace ellopt::bandit {
namespace {

Json hostile(const std::string& attack, const std::string& aggregator, double fraction = 0.3) {
  return Json{{"agents", 10},     {"byzantine_fraction", fraction},
              {"attack", attack}, {"aggregator", aggregator},
              {"horizon", 2500},  {"dim", 3},
              {"seed", 9},        {"transport", "in-process"}};
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& line : lines)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

// A benign reference run: robust aggregators under attack should end close to it.
double reference_error() {
  return run_bandit(hostile("none", "geometric-median", 0.0)).estimation.column("aggregate_error").back();
}

TEST(Hostile, NonFiniteMessagesAreExcludedByRobustAggregators) {
  for (const char* aggregator : {"geometric-median", "gmom", "coordinate-median", "trimmed-mean", "krum"}) {
    const auto result = run_bandit(hostile("non-finite", aggregator));
    EXPECT_EQ(result.excluded_messages, 3 * result.rounds) << aggregator;
    EXPECT_EQ(result.aggregate_failures, 0) << aggregator;
    EXPECT_TRUE(result.final_estimate.allFinite()) << aggregator;
    EXPECT_LT(result.estimation.column("aggregate_error").back(), 0.5) << aggregator;
    EXPECT_TRUE(mentions(result.warnings, "excluded")) << aggregator;
  }
}

// alpha = 0.4 of 10 agents: q = 4 and GMoM's k = 2q + 1 = 9 groups, more than the 6 points left once the
// Byzantine messages are excluded or rejected. The run must go on (it used to stop with "9 groups but only 6
// usable points").
TEST(Hostile, GmomAboveOneThirdSurvivesNonFiniteMessages) {
  const auto result = run_bandit(hostile("non-finite", "gmom", 0.4));
  EXPECT_EQ(result.byzantine_agents, 4);
  EXPECT_EQ(result.excluded_messages, 4 * result.rounds);
  EXPECT_EQ(result.aggregate_failures, 0);
  // Each excluded message uses up one of the q Byzantine agents, so k = 2 * 0 + 1 fits: nothing to adjust.
  EXPECT_EQ(result.adjusted_rounds, 0);
  EXPECT_TRUE(result.final_estimate.allFinite());
  EXPECT_LT(result.estimation.column("aggregate_error").back(), 0.5);
}

TEST(Hostile, GmomAboveOneThirdSurvivesWrongDimensionMessages) {
  const auto result = run_bandit(hostile("wrong-dimension", "gmom", 0.4));
  EXPECT_EQ(result.rejected_messages, 4 * result.rounds);
  EXPECT_EQ(result.aggregate_failures, 0);
  // Rejected at the boundary, the messages never reach GMoM: it caps k at the 6 usable points and says so.
  EXPECT_EQ(result.adjusted_rounds, result.rounds);
  EXPECT_TRUE(mentions(result.warnings, "9 groups asked for but only 6 usable points"))
      << (result.warnings.empty() ? "" : result.warnings.back());
  EXPECT_TRUE(result.final_estimate.allFinite());
  EXPECT_LT(result.estimation.column("aggregate_error").back(), 0.5);
}

TEST(Hostile, MeanBreaksOnNonFiniteMessagesAndSaysSo) {
  const auto result = run_bandit(hostile("non-finite", "mean"));
  EXPECT_TRUE(std::isfinite(result.final_regret_per_agent));  // the server kept a finite estimate
  EXPECT_TRUE(result.final_estimate.allFinite());
  EXPECT_GT(result.aggregate_failures + result.poisoned_rounds, 0);
  EXPECT_TRUE(mentions(result.warnings, "breakdown point 0"));
  EXPECT_TRUE(mentions(result.warnings, "not finite") || mentions(result.warnings, "poisoned"));
}

TEST(Hostile, WrongDimensionIsRejectedWithAReason) {
  for (const char* aggregator : {"mean", "geometric-median"}) {
    const auto result = run_bandit(hostile("wrong-dimension", aggregator));
    EXPECT_EQ(result.rejected_messages, 3 * result.rounds) << aggregator;
    ASSERT_FALSE(result.log.empty());
    EXPECT_NE(result.log.front().find("has 4 entries, the model dimension is 3"), std::string::npos)
        << result.log.front();
    // With the malformed messages dropped, even the mean only sees honest vectors.
    EXPECT_LT(result.estimation.column("aggregate_error").back(), 0.5) << aggregator;
  }
}

TEST(Hostile, HugeNormDoesNotMoveTheGeometricMedian) {
  const double reference = reference_error();
  const auto result = run_bandit(hostile("huge-norm", "geometric-median"));
  EXPECT_TRUE(result.final_estimate.allFinite());
  EXPECT_LT(result.estimation.column("aggregate_error").back(), 5.0 * reference + 0.1);
  // The mean is dragged to norm ~1e299 along -theta*: a linear-regret run that still completes.
  const auto mean = run_bandit(hostile("huge-norm", "mean"));
  EXPECT_TRUE(std::isfinite(mean.final_regret_per_agent));
  EXPECT_GT(mean.final_regret_per_agent, 0.5 * 2500);  // close to the worst case 2 ||theta*|| T
}

bool has_null(const Json& json) {
  if (json.is_null()) return true;
  if (json.is_number_float() && !std::isfinite(json.get<double>())) return true;  // dumps as null
  if (json.is_structured())
    for (const auto& item : json)
      if (has_null(item)) return true;
  return false;
}

TEST(Hostile, HugeNormBreaksTheMeanAndTheRunSaysSoWithoutNulls) {
  // The mean at norm ~3e299: its error used to overflow .norm() to inf, printed as JSON null, and no round
  // counted as poisoned. Now the error is finite and every round is flagged.
  const auto mean = run_bandit(hostile("huge-norm", "mean"));
  EXPECT_EQ(mean.poisoned_rounds, mean.rounds);
  EXPECT_TRUE(mentions(mean.warnings, "the aggregate of 'mean' broke")) << mean.warnings.back();
  const Json json = mean.to_json();
  EXPECT_FALSE(has_null(json.at("estimation")));
  EXPECT_FALSE(has_null(json.at("final_estimate_error")));
  EXPECT_GT(json.at("final_estimate_error").get<double>(), 1e298);
  for (const char* aggregator : {"geometric-median", "gmom", "coordinate-median"}) {
    const auto robust = run_bandit(hostile("huge-norm", aggregator));
    EXPECT_EQ(robust.poisoned_rounds, 0) << aggregator;
    EXPECT_FALSE(mentions(robust.warnings, "broke")) << aggregator;
    EXPECT_FALSE(has_null(robust.to_json())) << aggregator;
  }
}

TEST(Hostile, HalfByzantineWarnsWithTheBreakdownPoint) {
  const auto result = run_bandit(hostile("target", "geometric-median", 0.5));
  EXPECT_TRUE(mentions(result.warnings, "breakdown point 0.5"))
      << (result.warnings.empty() ? "" : result.warnings[0]);
  const auto below = run_bandit(hostile("target", "geometric-median", 0.4));
  EXPECT_FALSE(mentions(below.warnings, "breakdown point"));
  // GMoM with k = 2q + 1 groups tolerates exactly its q attackers: no warning.
  const auto gmom = run_bandit(hostile("target", "gmom", 0.3));
  EXPECT_FALSE(mentions(gmom.warnings, "breakdown point"));
  const auto mean = run_bandit(hostile("target", "mean", 0.1));
  EXPECT_TRUE(mentions(mean.warnings, "breakdown point 0"));
}

TEST(Hostile, HalfByzantineWithGmomRunsAndWarnsWithTheBreakdownPoint) {
  // q = 5 of 10: k = 2q + 1 = 11 groups for 10 points used to stop the run ("11 groups but only 10 usable
  // points"); now it is capped with a note, and the run warns that alpha is at the breakdown point.
  for (const char* attack : {"target", "non-finite"}) {
    BanditResult result;
    ASSERT_NO_THROW(result = run_bandit(hostile(attack, "gmom", 0.5))) << attack;
    EXPECT_EQ(result.byzantine_agents, 5);
    EXPECT_TRUE(mentions(result.warnings, "breakdown point 0.5 of 'gmom'")) << attack;
    EXPECT_TRUE(result.final_estimate.allFinite()) << attack;
  }
  const auto target = run_bandit(hostile("target", "gmom", 0.5));
  EXPECT_TRUE(mentions(target.warnings, "11 groups asked for but only 10 usable points"));
}

TEST(Hostile, RequestedHalfWarnsEvenWhenRoundingLeavesFewerThanHalf) {
  // alpha = 0.5 with M = 11: floor(5.5) = 5 Byzantine agents (kept), 5/11 < 1/2, but the user asked for half.
  for (const char* aggregator : {"geometric-median", "gmom", "coordinate-median"}) {
    Json config = hostile("target", aggregator, 0.5);
    config["agents"] = 11;
    const auto result = run_bandit(config);
    EXPECT_EQ(result.byzantine_agents, 5) << aggregator;
    EXPECT_TRUE(mentions(result.warnings, "byzantine_fraction = 0.5 (5 of 11 agents)")) << aggregator;
    EXPECT_TRUE(mentions(result.warnings, "breakdown point")) << aggregator;
  }
  // Just below one half with odd M: no warning for the medians (5 of 11 honest-majority, alpha < 1/2).
  Json below = hostile("target", "geometric-median", 0.49);
  below["agents"] = 11;
  EXPECT_FALSE(mentions(run_bandit(below).warnings, "breakdown point"));
}

TEST(BadConfig, PrivacyAndFractionsAreRejected) {
  const std::vector<Json> bad = {
      {{"privacy", "gaussian"}, {"epsilon", 0.0}},
      {{"privacy", "gaussian"}, {"epsilon", -1.0}},
      {{"privacy", "gaussian"}, {"delta", 0.0}},
      {{"privacy", "gaussian"}, {"delta", 1.0}},
      {{"byzantine_fraction", 1.0}},
      {{"byzantine_fraction", -0.1}},
      {{"agents", 0}},
      {{"horizon", 0}},
      {{"horizont", 100}},
      {{"noise", "cauchy"}},
      {{"attack_params", 3}},
      {{"dim", 1}},  // perturbation needs an orthogonal direction
  };
  for (const auto& config : bad) EXPECT_THROW(BanditConfig::from_json(config), ConfigError) << config.dump();
  EXPECT_THROW(run_bandit(Json{{"attack", "flood"}, {"byzantine_fraction", 0.1}}), UnknownNameError);
  EXPECT_THROW(run_bandit(Json{{"aggregator", "average"}}), UnknownNameError);
  try {
    BanditConfig::from_json(Json{{"epsilon", 0.0}});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("epsilon"), std::string::npos);
  }
}

}  // namespace
}  // namespace ellopt::bandit
