// Each attack's message (spec §1.10): its shape and, where deterministic, its exact value.
#include "ellopt/bandit/attack.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "ellopt/core/error.hpp"

namespace ellopt::bandit {
namespace {

struct Fixture {
  Matrix honest;
  Vector theta;
  Vector bad;
  Vector own;
  Vector broadcast;
  Epoch epoch;
  Fixture() : honest(3, 4), theta(3), own(3), broadcast(3) {
    honest << 1.0, 2.0, 3.0, 2.0,  //
        0.0, 0.5, -0.5, 0.0,       //
        4.0, 4.0, 4.0, 4.0;
    theta << 0.6, 0.0, 0.8;
    bad = -theta;
    own << 0.5, 0.1, 0.9;
    broadcast = theta;
    epoch.index = 3;
    epoch.count = 10;
  }
  AttackView view(std::int64_t index = 3) {
    epoch.index = index;
    return AttackView{honest, theta, bad, own, broadcast, epoch, 0, 2};
  }
};

TEST(AttackRegistry, ListsTheSpecAttacks) {
  for (const char* name : {"sign-flip", "target", "large-norm", "gaussian", "alie", "ipm", "sleeper", "none",
                           "non-finite", "wrong-dimension", "huge-norm"})
    EXPECT_TRUE(attacks().contains(name)) << name;
  try {
    make_attack("flood");
    FAIL() << "expected UnknownNameError";
  } catch (const UnknownNameError& e) {
    EXPECT_NE(std::string(e.what()).find("sign-flip"), std::string::npos);
  }
  EXPECT_THROW(make_attack("target", Json{{"scal", 2.0}}), ConfigError);
  // Magnitudes have ranges: a negative standard deviation or scale is a ConfigError naming the key.
  for (const auto& [name, key] : std::vector<std::pair<std::string, std::string>>{{"gaussian", "std"},
                                                                                  {"sign-flip", "scale"},
                                                                                  {"target", "scale"},
                                                                                  {"large-norm", "scale"},
                                                                                  {"alie", "z"},
                                                                                  {"ipm", "epsilon"},
                                                                                  {"sleeper", "scale"}}) {
    try {
      make_attack(name, Json{{key, -1.0}});
      ADD_FAILURE() << name << "." << key << " = -1 was accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("'" + key + "'"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(make_attack("sleeper", Json{{"sleep_fraction", 1.5}}), ConfigError);
  EXPECT_NO_THROW(make_attack("gaussian", Json{{"std", 0.0}}));
}

TEST(Attacks, HonestStatistics) {
  Fixture f;
  Vector mean(3);
  mean << 2.0, 0.0, 4.0;
  EXPECT_TRUE(honest_mean(f.honest).isApprox(mean));
  // Sample std (n - 1): row 1 values 1,2,3,2 -> var = (1+0+1+0)/3.
  EXPECT_NEAR(honest_std(f.honest)[0], std::sqrt(2.0 / 3.0), 1e-15);
  EXPECT_NEAR(honest_std(f.honest)[2], 0.0, 1e-15);
}

TEST(Attacks, DeterministicMessages) {
  Fixture f;
  RngStream rng(1);
  const Vector mean = honest_mean(f.honest);
  const Vector std = honest_std(f.honest);
  EXPECT_TRUE(make_attack("sign-flip")->craft(f.view(), rng).isApprox(-mean));
  EXPECT_TRUE(make_attack("sign-flip", Json{{"source", "own"}, {"scale", 3.0}})
                  ->craft(f.view(), rng)
                  .isApprox(-3.0 * f.own));
  EXPECT_TRUE(make_attack("target")->craft(f.view(), rng).isApprox(-5.0 * f.theta));
  EXPECT_TRUE(make_attack("alie")->craft(f.view(), rng).isApprox(mean - std));
  EXPECT_TRUE(make_attack("alie", Json{{"z", 2.5}})->craft(f.view(), rng).isApprox(mean - 2.5 * std));
  EXPECT_TRUE(make_attack("ipm")->craft(f.view(), rng).isApprox(-0.1 * mean));
  EXPECT_EQ(make_attack("none")->craft(f.view(), rng), f.own);
}

TEST(Attacks, SleeperIsHonestThenTargets) {
  Fixture f;
  RngStream rng(1);
  const auto sleeper = make_attack("sleeper");  // sleeps for ceil(0.5 * 10) = 5 epochs
  EXPECT_EQ(sleeper->craft(f.view(0), rng), f.own);
  EXPECT_EQ(sleeper->craft(f.view(4), rng), f.own);
  EXPECT_TRUE(sleeper->craft(f.view(5), rng).isApprox(-5.0 * f.theta));
  EXPECT_TRUE(sleeper->craft(f.view(9), rng).isApprox(-5.0 * f.theta));
}

TEST(Attacks, RandomMessagesHaveTheirScale) {
  Fixture f;
  RngStream rng(7);
  const auto large = make_attack("large-norm");
  const auto gaussian = make_attack("gaussian");
  double large_sq = 0.0, gaussian_sq = 0.0;
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    large_sq += large->craft(f.view(), rng).squaredNorm();
    gaussian_sq += (gaussian->craft(f.view(), rng) - f.own).squaredNorm();
  }
  EXPECT_NEAR(large_sq / n / 3.0, 1e6, 0.1e6);      // entries N(0, 1e3^2)
  EXPECT_NEAR(gaussian_sq / n / 3.0, 100.0, 10.0);  // own + N(0, 10^2 I)
}

TEST(Attacks, HostileMessagesHaveTheirShape) {
  Fixture f;
  RngStream rng(1);
  const Vector non_finite = make_attack("non-finite")->craft(f.view(), rng);
  EXPECT_EQ(non_finite.size(), 3);
  EXPECT_TRUE(std::isnan(non_finite[0]));
  EXPECT_TRUE(std::isinf(non_finite[1]));
  EXPECT_EQ(make_attack("wrong-dimension")->craft(f.view(), rng).size(), 4);
  const Vector huge = make_attack("huge-norm")->craft(f.view(), rng);
  EXPECT_TRUE(huge.allFinite());
  EXPECT_NEAR(huge.cwiseAbs().maxCoeff(), 0.8e300, 1e285);
  EXPECT_LT(huge.dot(f.theta), 0.0);
}

// Every registered attack returns a vector for a well-formed view (table-driven over the registry).
TEST(Attacks, EveryAttackProducesAMessage) {
  for (const auto& entry : attacks().entries()) {
    Fixture f;
    RngStream rng(3);
    const Vector message = make_attack(entry.name)->craft(f.view(), rng);
    const Index expected = entry.name == "wrong-dimension" ? 4 : 3;
    EXPECT_EQ(message.size(), expected) << entry.name;
  }
}

}  // namespace
}  // namespace ellopt::bandit
