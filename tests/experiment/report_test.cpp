// The report generator on hand-made outcomes: one section per claim with its verdict, checks and notes (HTML
// escaped), an SVG per plot drawn by gnuplot, a failed experiment reported with its message, and the summary
// table counting what reproduced.
#include "ellopt/experiment/report.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ellopt::experiment {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Report, SectionsVerdictsPlotsAndEscaping) {
  const fs::path dir = fs::temp_directory_path() / ("ellopt_report_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  Claim passing{{"T1.1", "slope <in> range & more", "Paper A", "Thm 1", "a slope", "in [0, 1]"}, nullptr};
  Claim failing{{"T1.2", "a claim that fails", "Paper B", "Lemma 2", "a count", "== 0"}, nullptr};
  Claim broken{{"T1.3", "an experiment that throws", "Paper C", "Thm 3", "-", "-"}, nullptr};

  ClaimOutcome ok{&passing, {}, 0.5, 11, ""};
  ok.result.checks.push_back(check_in_range("fitted slope", 0.5, 0.0, 1.0));
  ok.result.notes = "x < y";
  Plot plot{"curve", "a curve", "t", "f", true, true, {{"measured", {1, 10, 100}, {1, 0.1, 0.01}, "lines"}}};
  ok.result.plots.push_back(plot);
  ClaimOutcome bad{&failing, {}, 0.1, 12, ""};
  bad.result.checks.push_back(check_no_violations("violations", 3));
  ClaimOutcome thrown{&broken, {}, 0.0, 13, "division by <zero>"};

  const std::string index = write_report(dir.string(), {ok, bad, thrown}, false);
  const std::string html = read(index);
  EXPECT_NE(html.find("id=\"T1_1\""), std::string::npos);
  EXPECT_NE(html.find("slope &lt;in&gt; range &amp; more"), std::string::npos);  // titles are escaped
  EXPECT_EQ(html.find("slope <in> range"), std::string::npos);
  EXPECT_NE(html.find("x &lt; y"), std::string::npos);                  // notes too
  EXPECT_NE(html.find("division by &lt;zero&gt;"), std::string::npos);  // the error message is shown
  EXPECT_NE(html.find("not reproduced"), std::string::npos);
  EXPECT_NE(html.find("plots/T1_1_curve.svg"), std::string::npos);
  ASSERT_TRUE(fs::exists(dir / "plots" / "T1_1_curve.svg"));
  EXPECT_NE(read(dir / "plots" / "T1_1_curve.svg").find("<svg"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "index.html.tmp"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ellopt::experiment
