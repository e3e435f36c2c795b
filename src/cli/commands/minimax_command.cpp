// `ellopt minimax --problem NAME --method gda|alt-gda|eg|ogda|past-eg [--set method.eta_y=.. --set
// method.ratio=..]
//  --steps N --seed S --format json`: one minimax run, stored in the run store; JSON has the config, x/y
//  initial
// and final, the summary (with `diverged`) and the series as column arrays.
// `ellopt minimax-phase --problem NAME --method M [--set phase.sweep_param=mu --set
// phase.sweep_values=[..]]`: a stability phase diagram over the ratio with spectral and simulated verdicts.
#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cli_context.hpp"
#include "ellopt/core/config.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/experiment/run_store.hpp"
#include "ellopt/minimax/command_api.hpp"
#include "output.hpp"

namespace ellopt::cli {
namespace {

struct MinimaxOptions {
  CommonOptions common;
  std::string problem;
  std::string method;
  std::optional<std::int64_t> steps;  // unset: the config or the default; set: checked by the run schema
  std::optional<std::int64_t> seed;
};

std::pair<std::string, Json> section_with_name(const Json& config, const std::string& key,
                                               const std::string& flag, const std::string& fallback) {
  Json params = section(config, key);
  if (params.is_null()) params = Json::object();
  if (!params.is_object()) throw ConfigError(fmt::format("config key '{}' must be a table", key));
  std::string name = flag;
  if (params.contains("name")) {
    if (!params["name"].is_string())
      throw ConfigError(fmt::format("config key '{}.name' must be a string", key));
    if (name.empty()) name = params["name"].get<std::string>();
    params.erase("name");
  }
  if (name.empty()) name = fallback;
  if (name.empty())
    throw ConfigError(fmt::format("no {0} given: pass --{0} NAME (see `ellopt list {0}s`)", key));
  return {name, params};
}

minimax::MinimaxRequest build_request(const MinimaxOptions& o, const std::string& run_section) {
  const Json config = o.common.config();
  for (const auto& [key, value] : config.items())
    if (key != "problem" && key != "method" && key != run_section)
      throw ConfigError(fmt::format("unknown config section '{}'; valid sections are: problem, method, {}",
                                    key, run_section));
  minimax::MinimaxRequest request;
  std::tie(request.problem, request.problem_params) = section_with_name(config, "problem", o.problem, "");
  std::tie(request.method, request.method_params) = section_with_name(config, "method", o.method, "gda");
  request.run_params = section(config, run_section);
  if (request.run_params.is_null()) request.run_params = Json::object();
  if (o.steps) request.run_params[run_section == "run" ? "steps" : "max_steps"] = *o.steps;
  if (o.seed) request.run_params["seed"] = *o.seed;
  return request;
}

void print_json_or_table(const Json& out, const std::vector<std::pair<std::string, std::string>>& rows,
                         Format format) {
  if (format == Format::kJson) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  Table table{{"key", "value"}, {}};
  for (const auto& [key, value] : rows) table.rows.push_back({key, value});
  print_table(std::cout, table, format);
}

std::string number_or_dash(const Json& value) {
  return value.is_number() ? format_number(value.get<double>()) : "-";
}

void run_minimax_command(const MinimaxOptions& o) {
  const Format format = o.common.output_format();
  const auto request = build_request(o, "run");
  // Opened first: a locked or corrupt store fails before the run, not after it.
  experiment::RunStore store(o.common.db_path);
  const std::string started = experiment::now_utc();
  Json out = minimax::run_minimax_request(request);
  const Json& summary = out["summary"];
  const bool diverged = summary["diverged"].get<bool>();

  experiment::RunRecord record;
  record.kind = "minimax";
  record.name = request.problem + "/" + request.method;
  record.config = out["config"];
  record.seed = out["config"]["run"]["seed"].get<std::uint64_t>();
  record.started_at = started;
  record.status = diverged ? "diverged" : "completed";
  record.summary = summary;
  record.summary["x_initial"] = out["x_initial"];
  record.summary["y_initial"] = out["y_initial"];
  record.summary["x_final"] = out["x_final"];
  record.summary["y_final"] = out["y_final"];
  record.metrics = {{"calls", summary["calls"].get<double>()}};
  if (summary["grad_phi_norm"].is_number())
    record.metrics["grad_phi_norm"] = summary["grad_phi_norm"].get<double>();
  record.series["trajectory"] = ColumnSeries::from_json(out["series"]);
  const auto run_id = store.save(record);
  out["run_id"] = run_id;

  if (format == Format::kCsv) {
    const ColumnSeries series = ColumnSeries::from_json(out["series"]);
    Table table;
    table.header = series.names();
    for (std::size_t r = 0; r < series.rows(); ++r) {
      std::vector<std::string> row;
      for (const auto& name : table.header) row.push_back(format_number(series.column(name)[r]));
      table.rows.push_back(row);
    }
    print_table(std::cout, table, format);
  } else {
    print_json_or_table(out,
                        {{"run_id", std::to_string(run_id)},
                         {"problem", request.problem},
                         {"method", request.method},
                         {"eta_x", number_or_dash(out["method"]["eta_x"])},
                         {"eta_y", number_or_dash(out["method"]["eta_y"])},
                         {"ratio", number_or_dash(out["method"]["ratio"])},
                         {"steps", std::to_string(summary["steps_done"].get<std::int64_t>())},
                         {"calls", number_or_dash(summary["calls"])},
                         {"diverged", diverged ? "true" : "false"},
                         {"grad_phi_norm", number_or_dash(summary["grad_phi_norm"])},
                         {"dist_to_solution", number_or_dash(summary["dist_to_solution"])},
                         {"grad_x_norm", number_or_dash(summary["grad_x_norm"])},
                         {"grad_y_norm", number_or_dash(summary["grad_y_norm"])}},
                        format);
  }
  if (diverged) {
    std::fprintf(stderr, "ellopt: error: %s (run %lld stored)\n",
                 summary["divergence"]["message"].get<std::string>().c_str(), static_cast<long long>(run_id));
    throw ExitCode{4};
  }
}

void run_phase_command(const MinimaxOptions& o) {
  const Format format = o.common.output_format();
  const auto request = build_request(o, "phase");
  const Json out = minimax::minimax_phase_request(request);
  if (format == Format::kJson) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  Table table{{"parameter", "spectral_boundary", "simulated_boundary"}, {}};
  if (format == Format::kCsv)
    table.header = {"parameter", "ratio", "spectral_radius", "spectral_stable", "simulated"};
  if (format == Format::kCsv) {
    const ColumnSeries rows = ColumnSeries::from_json(out["rows"]);
    for (std::size_t r = 0; r < rows.rows(); ++r) {
      std::vector<std::string> row;
      for (const auto& name : table.header) row.push_back(format_number(rows.column(name)[r]));
      table.rows.push_back(row);
    }
  } else {
    for (const auto& b : out["boundaries"])
      table.rows.push_back(
          {number_or_dash(b["parameter"]), number_or_dash(b["spectral"]), number_or_dash(b["simulated"])});
  }
  print_table(std::cout, table, format);
}

}  // namespace

void add_minimax_command(CLI::App& app) {
  static MinimaxOptions run_options;
  auto* run =
      app.add_subcommand("minimax", "run one minimax method (gda, alt-gda, eg, ogda, past-eg) on a problem");
  run->add_option("--problem", run_options.problem, "minimax problem name (ellopt list problems)");
  run->add_option("--method", run_options.method, "gda | alt-gda | eg | ogda | past-eg (default gda)");
  run->add_option("--steps", run_options.steps, "iterations (default 1000)");
  run->add_option("--seed", run_options.seed, "random seed (default 1)");
  add_common_options(run, run_options.common);
  run->callback([] { run_minimax_command(run_options); });

  static MinimaxOptions phase_options;
  auto* phase = app.add_subcommand(
      "minimax-phase", "stability phase diagram over the ratio eta_y/eta_x: spectral and simulated verdicts");
  phase->add_option("--problem", phase_options.problem, "minimax problem with a known solution");
  phase->add_option("--method", phase_options.method, "gda | alt-gda | eg | ogda | past-eg (default gda)");
  phase->add_option("--steps", phase_options.steps, "simulation steps per ratio (default 100000)");
  phase->add_option("--seed", phase_options.seed, "seed of the start direction (default 1)");
  add_common_options(phase, phase_options.common);
  phase->callback([] { run_phase_command(phase_options); });
}

}  // namespace ellopt::cli
