// The in-process speed measurement behind `ellopt bench robust` runs and reports sane quantities.
#include <gtest/gtest.h>

#include "ellopt/robust/throughput.hpp"

namespace ellopt::robust {
namespace {

TEST(Throughput, MeasuresSmallSizesAndTriad) {
  const auto rows = measure_geometric_median({{20, 30}, {8, 2000}}, 1, 2);
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_GT(row.iterations, 0);
    EXPECT_EQ(row.stop_reason, "ftol");
    EXPECT_GE(row.total_ms, row.setup_ms);
    EXPECT_GE(row.gbps_per_iteration, 0.0);
  }
  EXPECT_GT(stream_triad_gbps(1 << 16, 1, 3), 0.0);
}

}  // namespace
}  // namespace ellopt::robust
