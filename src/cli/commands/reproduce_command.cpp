// `ellopt reproduce [--claims GLOB] [--full] [--report DIR] [--db PATH]`: runs the claims, stores each as a
// run, prints a table (claim, check, measured, threshold, verdict), writes the report, and exits 1 when any
// claim is not reproduced.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "cli_context.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/experiment/report.hpp"
#include "ellopt/experiment/run_store.hpp"
#include "output.hpp"

namespace ellopt::cli {
namespace {

struct ReproduceOptions {
  CommonOptions common;
  std::string claims = "*";
  bool full = false;
  std::string report_dir = "report";
  std::int64_t seed = 1;
};

std::map<std::string, double> flat_metrics(const Json& metrics, const std::string& prefix = "") {
  std::map<std::string, double> out;
  if (!metrics.is_object()) return out;
  for (const auto& [key, value] : metrics.items()) {
    if (value.is_number()) out[prefix + key] = value.get<double>();
    if (value.is_boolean()) out[prefix + key] = value.get<bool>() ? 1.0 : 0.0;
  }
  return out;
}

void run_reproduce(const ReproduceOptions& o) {
  const Format format = o.common.output_format();
  const auto selected = experiment::claims().match(o.claims);
  // --set E1.1.steps=5000 (or a [E1.1] table in --config): the selected claims' parameters, checked up front.
  const std::vector<Params> params = experiment::bind_claim_params(selected, o.common.config());
  experiment::RunStore store(o.common.db_path);
  ConsoleProgress console;
  NullProgress silent;
  std::vector<experiment::ClaimOutcome> outcomes;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const auto& claim = *selected[i];
    if (!o.common.quiet)
      std::fprintf(stderr, "[%zu/%zu] %s: %s\n", i + 1, selected.size(), claim.info.id.c_str(),
                   claim.info.title.c_str());
    experiment::ClaimContext ctx;
    ctx.full = o.full;
    ctx.seed = static_cast<std::uint64_t>(o.seed);
    ctx.params = params[i];
    ctx.progress = o.common.quiet ? static_cast<Progress*>(&silent) : static_cast<Progress*>(&console);
    experiment::ClaimOutcome outcome;
    outcome.claim = &claim;
    const std::string started = experiment::now_utc();
    const auto t0 = std::chrono::steady_clock::now();
    try {
      outcome.result = claim.run(ctx);
    } catch (const std::exception& e) {
      outcome.error = e.what();
    }
    if (!o.common.quiet) console.finish(claim.info.id);
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    experiment::RunRecord record;
    record.kind = "claim";
    record.name = claim.info.id;
    record.config = {
        {"profile", o.full ? "full" : "default"}, {"claim", claim.info.id}, {"params", ctx.params.json()}};
    if (!ctx.params.json().empty()) outcome.result.metrics["params"] = ctx.params.json();
    record.seed = ctx.seed;
    record.started_at = started;
    record.status = outcome.passed() ? "reproduced" : "not_reproduced";
    Json checks = Json::array();
    for (const auto& c : outcome.result.checks)
      checks.push_back(
          {{"name", c.name}, {"measured", c.measured}, {"threshold", c.threshold}, {"passed", c.passed}});
    record.summary = {{"checks", checks},
                      {"metrics", outcome.result.metrics},
                      {"notes", outcome.result.notes},
                      {"error", outcome.error},
                      {"seconds", outcome.seconds}};
    record.metrics = flat_metrics(outcome.result.metrics);
    for (std::size_t c = 0; c < outcome.result.checks.size(); ++c)
      record.metrics[fmt::format("check{}", c)] = outcome.result.checks[c].measured;
    record.series = outcome.result.series;
    outcome.run_id = store.save(record);
    outcomes.push_back(std::move(outcome));
  }

  // The table blanks a claim's id and theorem after its first check (easier to read); CSV repeats them on
  // every row, and JSON gives one object per check with the measured value as a number.
  const bool repeat = format != Format::kTable;
  Table table{{"claim", "theorem", "check", "measured", "threshold", "verdict"}, {}};
  Json rows = Json::array();
  int failed = 0;
  for (const auto& outcome : outcomes) {
    failed += !outcome.passed();
    const auto& info = outcome.claim->info;
    if (!outcome.error.empty()) {
      table.rows.push_back({info.id, info.theorem, "experiment error: " + outcome.error, "-", "-", "FAIL"});
      rows.push_back({{"claim", info.id},
                      {"paper", info.paper},
                      {"theorem", info.theorem},
                      {"error", outcome.error},
                      {"passed", false},
                      {"run_id", outcome.run_id}});
      continue;
    }
    bool first = true;
    for (const auto& check : outcome.result.checks) {
      const bool label = first || repeat;
      table.rows.push_back({label ? info.id : "", label ? info.theorem : "", check.name,
                            format_number(check.measured), check.threshold, check.passed ? "pass" : "FAIL"});
      rows.push_back({{"claim", info.id},
                      {"paper", info.paper},
                      {"theorem", info.theorem},
                      {"check", check.name},
                      {"measured", std::isfinite(check.measured) ? Json(check.measured) : Json(nullptr)},
                      {"threshold", check.threshold},
                      {"passed", check.passed},
                      {"run_id", outcome.run_id}});
      first = false;
    }
  }
  if (format == Format::kJson)
    std::cout << rows.dump(2) << "\n";
  else
    print_table(std::cout, table, format);
  const auto index = experiment::write_report(o.report_dir, outcomes, o.full);
  if (format == Format::kTable)
    std::cout << fmt::format("\n{} of {} claims reproduced; report: {}\n", outcomes.size() - failed,
                             outcomes.size(), index);
  if (failed > 0) throw ExitCode{1};
}

}  // namespace

void add_reproduce_command(CLI::App& app) {
  static ReproduceOptions options;
  auto* command = app.add_subcommand("reproduce", "check every paper's headline claim and write a report");
  command->add_option("--claims", options.claims, "comma-separated globs of claim ids, e.g. 'E1.*'")
      ->capture_default_str();
  command->add_flag("--full", options.full, "the larger profile: more seeds, wider ranges");
  command->add_option("--report", options.report_dir, "report directory")->capture_default_str();
  command->add_option("--seed", options.seed, "base seed")->capture_default_str();
  add_common_options(command, options.common);
  command->callback([] { run_reproduce(options); });
}

}  // namespace ellopt::cli
