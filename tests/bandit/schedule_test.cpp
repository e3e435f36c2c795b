// Epoch schedule and communication-round count (spec §1.5: L = ceil(sqrt T), K = ceil(T/L) rounds).
#include "ellopt/bandit/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/bandit/federated.hpp"
#include "ellopt/core/error.hpp"

namespace ellopt::bandit {
namespace {

TEST(CeilSqrt, ExactAroundPerfectSquares) {
  EXPECT_EQ(ceil_sqrt(1), 1);
  EXPECT_EQ(ceil_sqrt(2), 2);
  EXPECT_EQ(ceil_sqrt(4), 2);
  EXPECT_EQ(ceil_sqrt(5), 3);
  EXPECT_EQ(ceil_sqrt(65536), 256);
  EXPECT_EQ(ceil_sqrt(65537), 257);
  const std::int64_t big = 3037000499LL;  // big^2 fits in int64
  EXPECT_EQ(ceil_sqrt(big * big), big);
  EXPECT_EQ(ceil_sqrt(big * big - 1), big);
  EXPECT_EQ(ceil_sqrt(big * big + 1), big + 1);
}

TEST(EpochSchedule, LengthsCoverTheHorizonExactly) {
  for (const std::int64_t horizon : {1, 2, 3, 10, 99, 100, 101, 1000, 4097, 65536}) {
    const EpochSchedule schedule(horizon);
    const std::int64_t length = ceil_sqrt(horizon);
    EXPECT_EQ(schedule.epoch_length(), length);
    EXPECT_EQ(schedule.epochs(), (horizon + length - 1) / length);
    std::int64_t covered = 0;
    for (std::int64_t k = 0; k < schedule.epochs(); ++k) {
      const Epoch e = schedule.epoch(k);
      EXPECT_EQ(e.start, covered);
      EXPECT_GE(e.length, 1);
      EXPECT_LE(e.length, length);
      if (!e.last()) {
        EXPECT_EQ(e.length, length);
      }
      covered += e.length;
    }
    EXPECT_EQ(covered, horizon) << "horizon " << horizon;
  }
}

TEST(EpochSchedule, HandComputedCases) {
  const EpochSchedule t101(101);  // L = 11, K = 10, last epoch 101 - 99 = 2 steps
  EXPECT_EQ(t101.epoch_length(), 11);
  EXPECT_EQ(t101.epochs(), 10);
  EXPECT_EQ(t101.epoch(9).length, 2);
  const EpochSchedule custom(100, 30);  // 30, 30, 30, 10
  EXPECT_EQ(custom.epochs(), 4);
  EXPECT_EQ(custom.epoch(3).length, 10);
}

TEST(EpochSchedule, RejectsBadInput) {
  EXPECT_THROW(EpochSchedule(0), ConfigError);
  EXPECT_THROW(EpochSchedule(10, -1), ConfigError);
  EXPECT_THROW(EpochSchedule(10).epoch(10), ConfigError);
}

// The server completes exactly one communication round per epoch: rounds = ceil(T / ceil(sqrt T)).
TEST(FederatedRounds, EqualCeilTOverCeilSqrtT) {
  for (const std::int64_t horizon : {1, 2, 7, 50, 101, 1024, 3000}) {
    const auto result = run_bandit(Json{{"agents", 4},
                                        {"byzantine_fraction", 0.25},
                                        {"attack", "sign-flip"},
                                        {"horizon", horizon},
                                        {"dim", 2},
                                        {"transport", "in-process"}});
    const std::int64_t length = ceil_sqrt(horizon);
    EXPECT_EQ(result.rounds, (horizon + length - 1) / length) << "T = " << horizon;
    EXPECT_EQ(static_cast<std::int64_t>(result.estimation.rows()), result.rounds);
    EXPECT_EQ(result.regret.column("t").back(), static_cast<double>(horizon));
  }
}

}  // namespace
}  // namespace ellopt::bandit
