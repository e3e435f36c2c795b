// `ellopt bandit [--config FILE] [--set agents=50 --set byzantine_fraction=0.2 --set attack=target
//  --set aggregator=geometric-median --set horizon=65536 --set dim=10 --set seed=1 ...] [--format
//  table|json|csv]`:
// one federated linear-bandit run (spec bandits_adversarial.md §1.5). Under `mpirun -np P ellopt bandit ...`
// the server runs on rank 0 and the agents on the other ranks, with the same numbers as the in-process run;
// only rank 0 prints and stores. json: config, regret series (t, cumulative regret per honest agent),
// estimate error per epoch, communication rounds; csv: the per-epoch series; table: a summary.
#include <fmt/format.h>

#include <iostream>

#include "cli_context.hpp"
#include "ellopt/bandit/config.hpp"
#include "ellopt/bandit/federated.hpp"
#include "ellopt/experiment/run_store.hpp"
#include "output.hpp"

namespace ellopt::cli {
namespace {

void run_bandit_command(const CommonOptions& options) {
  const Format format = options.output_format();
  const std::string started = experiment::now_utc();
  const bandit::BanditResult result = bandit::run_bandit(options.config());
  if (!result.is_server) return;  // MPI agent ranks: the server reports
  if (!options.quiet)
    for (const auto& warning : result.warnings) std::cerr << "ellopt: warning: " << warning << "\n";

  const Json json = result.to_json();
  experiment::RunRecord record;
  record.kind = "bandit";
  record.name = fmt::format("{}/{}", result.config.aggregator, result.config.attack);
  record.config = json.at("config");
  record.seed = result.config.seed;
  record.started_at = started;
  record.status = result.aggregate_failures > 0 ? "aggregate-failures" : "completed";
  record.summary = json;
  record.summary.erase("regret");
  record.summary.erase("estimation");
  record.summary.erase("regret_per_honest_agent");
  record.metrics = {{"final_regret_per_agent", result.final_regret_per_agent},
                    {"final_regret_total", result.final_regret_total},
                    {"communication_rounds", static_cast<double>(result.rounds)},
                    {"final_estimate_error", json.at("final_estimate_error").get<double>()}};
  record.series["regret"] = result.regret;
  record.series["estimation"] = result.estimation;
  experiment::RunStore store(options.db_path);
  const auto run_id = store.save(record);

  if (format == Format::kJson) {
    Json out = json;
    out["run_id"] = run_id;
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (format == Format::kCsv) {
    Table table{{"epoch", "t", "regret_per_agent", "regret_total", "aggregate_error", "median_honest_error"},
                {}};
    const auto& t = result.regret.column("t");
    for (std::size_t k = 0; k < t.size(); ++k)
      table.rows.push_back({std::to_string(k), format_number(t[k]),
                            format_number(result.regret.column("regret_per_agent")[k]),
                            format_number(result.regret.column("regret_total")[k]),
                            format_number(result.estimation.column("aggregate_error")[k]),
                            format_number(result.estimation.column("median_honest_error")[k])});
    print_table(std::cout, table, format);
    return;
  }
  const auto& c = result.config;
  Table table{
      {"quantity", "value"},
      {{"run id", std::to_string(run_id)},
       {"transport", fmt::format("{} ({} process{})", result.transport, result.processes,
                                 result.processes == 1 ? "" : "es")},
       {"agents (honest + Byzantine)", fmt::format("{} + {}", result.honest_agents, result.byzantine_agents)},
       {"attack / aggregator", fmt::format("{} / {}", c.attack, c.aggregator)},
       {"horizon T / epoch length L", fmt::format("{} / {}", c.horizon, result.epoch_length)},
       {"communication rounds", std::to_string(result.rounds)},
       {"regret per honest agent", format_number(result.final_regret_per_agent)},
       {"regret, all honest agents", format_number(result.final_regret_total)},
       {"final ||theta - theta*||", format_number(json.at("final_estimate_error").get<double>())},
       {"rejected / excluded messages",
        fmt::format("{} / {}", result.rejected_messages, result.excluded_messages)},
       {"rounds with a non-finite aggregate", std::to_string(result.aggregate_failures)},
       {"rounds with a poisoned aggregate", std::to_string(result.poisoned_rounds)}}};
  print_table(std::cout, table, format);
}

}  // namespace

void add_bandit_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "bandit", "a Byzantine-robust federated linear bandit run (in-process, or over MPI under mpirun)");
  static CommonOptions options;
  add_common_options(command, options);
  // The run's keys are flat (--set horizon=65536, not run.horizon): list them under --help from the schema.
  std::string keys = "\nConfiguration keys (--set KEY=VALUE, or top-level keys of --config FILE.toml):\n";
  for (const Json& spec : bandit::BanditConfig::schema().describe())
    keys += fmt::format("  {:<22} {} (default {})\n", spec["name"].get<std::string>(),
                        spec["doc"].get<std::string>(), spec["default"].dump());
  command->footer(keys);
  command->callback([] { run_bandit_command(options); });
}

}  // namespace ellopt::cli
