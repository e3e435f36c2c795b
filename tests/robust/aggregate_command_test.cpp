// The `ellopt aggregate` logic: CSV in, one line or a JSON object out, malformed input named by line.
#include <gtest/gtest.h>

#include <sstream>

#include "ellopt/core/error.hpp"
#include "ellopt/robust/aggregate_command.hpp"

namespace ellopt::robust {
namespace {

std::string run(const std::string& input, const std::string& method, const Json& params, const std::string& format) {
  std::istringstream in(input);
  std::ostringstream out;
  run_aggregate_command(in, out, method, params, format);
  return out.str();
}

std::string error_of(const std::string& input) {
  try {
    run(input, "mean", Json(), "csv");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(AggregateCommand, CsvPrintsTheAggregateOnOneLine) {
  EXPECT_EQ(run("1,10\n2,20\n 3 , 30 \n\n# comment\n100,1000\n5,50\n", "coordinate-median", Json(), "csv"), "3,30\n");
  EXPECT_EQ(run("0,0\n2,4\n", "mean", Json(), "csv"), "1,2\n");
}

TEST(AggregateCommand, JsonHasVectorIterationsAndStoppingRule) {
  const std::string text = run("0,0\n1,0\n0,1\n5,5\n-1,-2\n", "geometric-median",
                               Json{{"ftol", 1e-12}, {"max_iter", 500}}, "json");
  const Json out = Json::parse(text);
  EXPECT_EQ(out["method"], "geometric-median");
  EXPECT_EQ(out["value"].size(), 2u);
  EXPECT_GE(out["iterations"].get<int>(), 1);
  EXPECT_TRUE(out["stop_reason"] == "ftol" || out["stop_reason"] == "xtol" || out["stop_reason"] == "exact");
  EXPECT_EQ(out["params"]["max_iter"], 500);
  EXPECT_EQ(out["points"], 5);
}

TEST(AggregateCommand, NonFiniteRowsAreExcludedByRobustMethodsAndReported) {
  const Json out = Json::parse(run("1,1\nnan,0\n1,1\ninf,2\n1,1\n", "geometric-median", Json(), "json"));
  EXPECT_EQ(out["excluded"], (Json{1, 3}));
  EXPECT_EQ(out["value"], (Json{1.0, 1.0}));
  const Json mean = Json::parse(run("1,1\nnan,0\n", "mean", Json(), "json"));
  EXPECT_TRUE(mean["poisoned"].get<bool>());
  EXPECT_TRUE(mean["value"][0].is_null());  // NaN printed as null
}

TEST(AggregateCommand, MalformedCsvNamesTheLine) {
  EXPECT_NE(error_of("1,2\n3,4\n5,abc\n").find("line 3"), std::string::npos);
  EXPECT_NE(error_of("1,2\n\n3,4,5\n").find("line 3: 3 values, but line 1 has 2"), std::string::npos);
  EXPECT_NE(error_of("x,y\n1,2\n").find("line 1"), std::string::npos);
  EXPECT_NE(error_of("1,,2\n").find("line 1: field 2"), std::string::npos);
  EXPECT_NE(error_of("").find("no points"), std::string::npos);
}

TEST(AggregateCommand, BadMethodParamsOrFormatAreConfigErrors) {
  EXPECT_THROW(run("1\n", "median", Json(), "csv"), UnknownNameError);
  EXPECT_THROW(run("1\n", "geometric-median", Json{{"nu", -1.0}}, "csv"), ConfigError);
  EXPECT_THROW(run("1\n", "geometric-median", Json{{"bogus", 1}}, "csv"), ConfigError);
  EXPECT_THROW(run("1\n", "mean", Json(), "xml"), ConfigError);
  EXPECT_THROW(run("1\n", "mean", Json{{"seed", -3}}, "csv"), ConfigError);
}

TEST(AggregateCommand, SeedMakesGmomReproducible) {
  std::string input;
  for (int i = 0; i < 30; ++i) input += std::to_string(i * 0.37) + "," + std::to_string(i % 7) + "\n";
  const Json params = {{"groups", 5}, {"seed", 4}};
  EXPECT_EQ(run(input, "gmom", params, "csv"), run(input, "gmom", params, "csv"));
}

}  // namespace
}  // namespace ellopt::robust
