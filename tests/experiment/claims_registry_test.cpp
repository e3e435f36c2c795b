#include <gtest/gtest.h>

#include "ellopt/core/error.hpp"
#include "ellopt/experiment/claim.hpp"

namespace ellopt::experiment {
namespace {

TEST(Checks, ThresholdsDecideTheVerdict) {
  EXPECT_TRUE(check_in_range("s", -1.0, -1.15, -0.85).passed);
  EXPECT_FALSE(check_in_range("s", -1.2, -1.15, -0.85).passed);
  EXPECT_FALSE(check_in_range("s", std::nan(""), -1.15, -0.85).passed);
  EXPECT_TRUE(check_at_most("r", 1.0, 1.0).passed);
  EXPECT_FALSE(check_at_least("r", 0.9, 1.0).passed);
  EXPECT_TRUE(check_no_violations("v", 0).passed);
  EXPECT_FALSE(check_no_violations("v", 1).passed);
  ClaimResult empty;
  EXPECT_FALSE(empty.passed()) << "a claim with no checks must not pass";
}

TEST(ClaimRegistry, GlobsSelectClaimsAndUnknownGlobsFail) {
  const auto& all = claims();
  ASSERT_GE(all.all().size(), 2u);
  const auto e1 = all.match("E1.*");
  EXPECT_GE(e1.size(), 2u);
  for (const auto* c : e1) EXPECT_EQ(c->info.id.rfind("E1.", 0), 0u);
  EXPECT_EQ(all.match("E1.1,E1.4").size(), 2u);
  EXPECT_THROW(all.match("Z9.*"), UnknownNameError);
  EXPECT_THROW(all.get("Z9.9"), UnknownNameError);
}

TEST(ClaimRegistry, EveryClaimStatesItsSourceAndThreshold) {
  for (const auto& claim : claims().all()) {
    EXPECT_FALSE(claim.info.paper.empty()) << claim.info.id;
    EXPECT_FALSE(claim.info.theorem.empty()) << claim.info.id;
    EXPECT_FALSE(claim.info.threshold.empty()) << claim.info.id;
    EXPECT_TRUE(static_cast<bool>(claim.run)) << claim.info.id;
  }
}

}  // namespace
}  // namespace ellopt::experiment
