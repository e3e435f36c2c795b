// `ellopt optimize --problem NAME --method NAME --steps N --seed S [--set problem.dim=50 --set method.lr=0.1]`:
// one run, stored in the run store, summary printed (table) or the whole run as JSON / the trajectory as CSV.
#include <fmt/format.h>

#include <iostream>

#include "cli_context.hpp"
#include "ellopt/core/config.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/experiment/run_store.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/runner.hpp"
#include "ellopt/problems/registry.hpp"
#include "output.hpp"

namespace ellopt::cli {
namespace {

struct OptimizeOptions {
  CommonOptions common;
  std::string problem;
  std::string method;
  std::int64_t steps = -1;
  std::int64_t seed = -1;
  std::int64_t record_every = -1;
};

Json vector_json(const Vector& v) { return Json(std::vector<double>(v.data(), v.data() + v.size())); }

// Splits a [problem] / [method] table into its name and its parameters.
std::pair<std::string, Json> name_and_params(const Json& config, const std::string& key, const std::string& flag) {
  Json params = section(config, key);
  if (params.is_null()) params = Json::object();
  if (!params.is_object()) throw ConfigError(fmt::format("config key '{}' must be a table", key));
  std::string name = flag;
  if (params.contains("name")) {
    if (!params["name"].is_string()) throw ConfigError(fmt::format("config key '{}.name' must be a string", key));
    if (name.empty()) name = params["name"].get<std::string>();
    params.erase("name");
  }
  if (name.empty())
    throw ConfigError(fmt::format("no {0} given: pass --{0} NAME (see `ellopt list {0}s`)", key));
  return {name, params};
}

void run_optimize(const OptimizeOptions& o) {
  const Format format = o.common.output_format();
  Json config = o.common.config();
  auto [problem_name, problem_params] = name_and_params(config, "problem", o.problem);
  auto [method_name, method_params] = name_and_params(config, "method", o.method);
  const ParamSchema run_schema{
      {"steps", ParamType::kInteger, 1000, "iterations", 0.0, 1e12},
      {"seed", ParamType::kInteger, 1, "random seed", 0.0, 9e18},
      {"record_every", ParamType::kInteger, 1, "record one trajectory row every k steps", 1.0, 1e12},
  };
  Json run_given = section(config, "run");
  if (run_given.is_null()) run_given = Json::object();
  if (o.steps >= 0) run_given["steps"] = o.steps;
  if (o.seed >= 0) run_given["seed"] = o.seed;
  if (o.record_every >= 0) run_given["record_every"] = o.record_every;
  for (const auto& [key, value] : config.items())
    if (key != "problem" && key != "method" && key != "run")
      throw ConfigError(fmt::format("unknown config section '{}'; valid sections are: problem, method, run", key));
  const Params run_params = run_schema.bind(run_given, "run");

  auto problem = problems::make_problem(problem_name, problem_params);
  auto method = optim::make_method(method_name, method_params, *problem);
  optim::RunOptions options;
  options.steps = run_params.integer("steps");
  options.seed = static_cast<std::uint64_t>(run_params.integer("seed"));
  options.record_every = run_params.integer("record_every");
  const Vector x0 = problem->default_start();
  const std::string started = experiment::now_utc();
  const auto result = optim::run(*problem, *method, x0, options);

  const auto& f = result.trajectory.column("f");
  const auto& g = result.trajectory.column("grad_norm");
  Json summary = {{"status", optim::to_string(result.status)},
                  {"diverged", result.status == optim::RunStatus::kDiverged},
                  {"message", result.message},
                  {"steps", result.steps_done},
                  {"grad_evals", result.gradient_evaluations},
                  {"f_initial", f.front()},
                  {"f_final", f.back()},
                  {"grad_norm_initial", g.front()},
                  {"grad_norm_final", g.back()},
                  {"method", result.method_info}};
  if (auto f_star = problem->optimal_value()) summary["gap_final"] = f.back() - *f_star;
  Json full_config = {{"problem", problem_params}, {"method", method_params}, {"run", run_params.json()}};
  full_config["problem"]["name"] = problem_name;
  full_config["method"]["name"] = method_name;

  experiment::RunRecord record;
  record.kind = "optimize";
  record.name = problem_name + "/" + method_name;
  record.config = full_config;
  record.seed = options.seed;
  record.started_at = started;
  record.status = optim::to_string(result.status);
  record.summary = summary;
  record.summary["x_initial"] = vector_json(result.x_initial);
  record.summary["x_final"] = vector_json(result.x_final);
  record.metrics = {{"f_final", f.back()}, {"grad_norm_final", g.back()},
                    {"grad_evals", static_cast<double>(result.gradient_evaluations)}};
  record.series["trajectory"] = result.trajectory;
  experiment::RunStore store(o.common.db_path);
  const auto run_id = store.save(record);

  if (format == Format::kJson) {
    Json out = {{"run_id", run_id},
                {"problem", problem_name},
                {"method", method_name},
                {"config", full_config},
                {"seed", options.seed},
                {"x_initial", vector_json(result.x_initial)},
                {"x_final", vector_json(result.x_final)},
                {"summary", summary},
                {"series", result.trajectory.to_json()}};
    std::cout << out.dump(2) << "\n";
  } else if (format == Format::kCsv) {
    Table table;
    table.header = result.trajectory.names();
    for (std::size_t r = 0; r < result.trajectory.rows(); ++r) {
      std::vector<std::string> row;
      for (const auto& name : table.header) row.push_back(format_number(result.trajectory.column(name)[r]));
      table.rows.push_back(row);
    }
    print_table(std::cout, table, format);
  } else {
    Table table{{"key", "value"}, {}};
    table.rows.push_back({"run_id", std::to_string(run_id)});
    table.rows.push_back({"problem", problem_name});
    table.rows.push_back({"method", method_name});
    table.rows.push_back({"status", optim::to_string(result.status)});
    table.rows.push_back({"steps", std::to_string(result.steps_done)});
    table.rows.push_back({"grad_evals", std::to_string(result.gradient_evaluations)});
    table.rows.push_back({"f_initial", format_number(f.front())});
    table.rows.push_back({"f_final", format_number(f.back())});
    if (summary.contains("gap_final")) table.rows.push_back({"gap_final", format_number(summary["gap_final"])});
    table.rows.push_back({"grad_norm_final", format_number(g.back())});
    const auto& rule = result.method_info["step_rule"];
    for (const char* key : {"eta", "G", "L"})
      if (rule.contains(key)) table.rows.push_back({std::string("step_rule.") + key, format_number(rule[key])});
    print_table(std::cout, table, format);
  }
  if (!result.ok()) {
    std::fprintf(stderr, "ellopt: error: %s (run %lld stored)\n", result.message.c_str(),
                 static_cast<long long>(run_id));
    throw ExitCode{result.status == optim::RunStatus::kLeftDomain ? 3 : 4};
  }
}

}  // namespace

void add_optimize_command(CLI::App& app) {
  static OptimizeOptions options;
  auto* command = app.add_subcommand("optimize", "run one method on one problem and store the run");
  command->add_option("--problem", options.problem, "problem name (ellopt list problems)");
  command->add_option("--method", options.method, "method name (ellopt list methods)");
  command->add_option("--steps", options.steps, "iterations (default 1000)");
  command->add_option("--seed", options.seed, "random seed (default 1)");
  command->add_option("--record-every", options.record_every, "record one row every k steps (default 1)");
  add_common_options(command, options.common);
  command->callback([] { run_optimize(options); });
}

}  // namespace ellopt::cli
