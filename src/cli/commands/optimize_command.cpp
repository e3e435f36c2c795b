// `ellopt optimize --problem NAME --method NAME --steps N --seed S [--set problem.dim=50 --set
// method.lr=0.1]`: one run, stored in the run store, summary printed (table) or the whole run as JSON / the
// trajectory as CSV.
// `--checkpoint FILE [--checkpoint-every K]` writes where the run stands (atomically: a kill mid-write keeps
// the previous file); `--resume FILE --steps N` continues it for N more iterations, bit-identical to a run
// that was never interrupted (tests/optim/run_checkpoint_test.cpp, tests/cli).
#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cli_context.hpp"
#include "ellopt/core/atomic_file.hpp"
#include "ellopt/core/config.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/experiment/run_store.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/runner.hpp"
#include "ellopt/optim/state_io.hpp"
#include "ellopt/problems/registry.hpp"
#include "output.hpp"

namespace ellopt::cli {
namespace {

struct OptimizeOptions {
  CommonOptions common;
  std::string problem;
  std::string method;
  std::optional<std::int64_t> steps;  // unset: the config or the default; set: checked by the run schema
  std::optional<std::int64_t> seed;
  std::optional<std::int64_t> record_every;
  std::string checkpoint;
  std::int64_t checkpoint_every = 0;
  std::string resume;
};

constexpr const char* kCheckpointFileFormat = "ellopt-optimize-checkpoint";

// The checkpoint file: what to rebuild (problem, method, seed, the original start) and where the run stands.
void write_checkpoint(const std::string& path, const Json& config, std::uint64_t seed, const Vector& x0,
                      const optim::RunCheckpoint& position) {
  const Json file = {{"format", kCheckpointFileFormat},
                     {"config", config},
                     {"seed", seed},
                     {"x0", optim::vector_to_json(x0)},
                     {"checkpoint", optim::checkpoint_to_json(position)}};
  write_file_atomically(path, file.dump(1));
}

Json read_checkpoint_file(const std::string& path) {
  std::string text;
  try {
    text = read_whole_file(path);
  } catch (const Error& e) {
    throw ConfigError(fmt::format("--resume: {}", e.what()));
  }
  const Json file = Json::parse(text, nullptr, false);
  if (file.is_discarded() || !file.is_object() ||
      file.value("format", std::string()) != kCheckpointFileFormat || !file.contains("config") ||
      !file.contains("checkpoint") || !file.contains("x0") || !file.contains("seed"))
    throw ConfigError(
        fmt::format("--resume '{}': not a checkpoint written by `ellopt optimize --checkpoint` "
                    "(unreadable JSON or missing format/config/checkpoint/x0/seed)",
                    path));
  return file;
}

// A resumed run rebuilds its problem and method from the checkpoint; anything given that would change them is
// an error rather than silently ignored (the saved state only makes sense for the same method on the same
// problem).
void merge_resumed_config(const Json& saved, const std::string& path, Json& config,
                          const OptimizeOptions& o) {
  for (const char* key : {"problem", "method"}) {
    const std::string flag = std::string(key) == "problem" ? o.problem : o.method;
    const std::string saved_name = saved.at(key).value("name", std::string());
    if (!flag.empty() && flag != saved_name)
      throw ConfigError(fmt::format("--resume '{}' continues {} '{}', not '{}'; drop --{} or start a new run",
                                    path, key, saved_name, flag, key));
    Json given = section(config, key);
    Json saved_params = saved.at(key);
    if (given.is_object()) given.erase("name");
    saved_params.erase("name");
    if (!given.is_null() && !given.empty() && given != saved_params)
      throw ConfigError(
          fmt::format("--resume '{}': {} parameters cannot change when a run is resumed (saved: {}); "
                      "drop the {}.* settings or start a new run",
                      path, key, saved.at(key).dump(), key));
    config[key] = saved.at(key);
  }
}

// Splits a [problem] / [method] table into its name and its parameters.
std::pair<std::string, Json> name_and_params(const Json& config, const std::string& key,
                                             const std::string& flag) {
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
  if (name.empty())
    throw ConfigError(fmt::format("no {0} given: pass --{0} NAME (see `ellopt list {0}s`)", key));
  return {name, params};
}

void run_optimize(const OptimizeOptions& o) {
  const Format format = o.common.output_format();
  Json config = o.common.config();
  Json resumed;
  if (!o.resume.empty()) {
    resumed = read_checkpoint_file(o.resume);
    merge_resumed_config(resumed["config"], o.resume, config, o);
  }
  if (o.checkpoint_every < 0)
    throw ConfigError(
        fmt::format("--checkpoint-every = {} must be >= 0 (0: only at the end)", o.checkpoint_every));
  if (o.checkpoint_every > 0 && o.checkpoint.empty())
    throw ConfigError("--checkpoint-every needs --checkpoint FILE (where to write)");
  auto [problem_name, problem_params] = name_and_params(config, "problem", o.problem);
  auto [method_name, method_params] = name_and_params(config, "method", o.method);
  const ParamSchema run_schema{
      {"steps", ParamType::kInteger, 1000, "iterations", 0.0, 1e12},
      {"seed", ParamType::kInteger, 1, "random seed", 0.0, 9e18},
      {"record_every", ParamType::kInteger, 1, "record one trajectory row every k steps", 1.0, 1e12},
  };
  Json run_given = section(config, "run");
  if (run_given.is_null()) run_given = Json::object();
  if (o.steps) run_given["steps"] = *o.steps;
  if (o.seed) run_given["seed"] = *o.seed;
  if (o.record_every) run_given["record_every"] = *o.record_every;
  for (const auto& [key, value] : config.items())
    if (key != "problem" && key != "method" && key != "run")
      throw ConfigError(
          fmt::format("unknown config section '{}'; valid sections are: problem, method, run", key));
  const Params run_params = run_schema.bind(run_given, "run");

  auto problem = problems::make_problem(problem_name, problem_params);
  auto method = optim::make_method(method_name, method_params, *problem);
  optim::RunOptions options;
  options.steps = run_params.integer("steps");
  options.seed = static_cast<std::uint64_t>(run_params.integer("seed"));
  options.record_every = run_params.integer("record_every");
  Vector x0 = problem->default_start();
  Json full_config = {{"problem", problem_params}, {"method", method_params}, {"run", run_params.json()}};
  full_config["problem"]["name"] = problem_name;
  full_config["method"]["name"] = method_name;
  if (!resumed.is_null()) {
    // --steps counts the further iterations; the seed and the original start come from the checkpoint.
    const auto saved_seed = resumed["seed"].get<std::uint64_t>();
    if (o.seed && static_cast<std::uint64_t>(*o.seed) != saved_seed)
      throw ConfigError(fmt::format("--resume '{}' continues a run with seed {}; drop --seed {}", o.resume,
                                    saved_seed, *o.seed));
    options.seed = saved_seed;
    x0 = optim::vector_from_json(resumed, "x0", problem->dim(), "--resume '" + o.resume + "'");
    options.resume =
        optim::checkpoint_from_json(resumed["checkpoint"], problem->dim(), "--resume '" + o.resume + "'");
    options.steps += options.resume->step;
    full_config["run"]["resumed_from"] = o.resume;
    full_config["run"]["resumed_at_step"] = options.resume->step;
    full_config["run"]["seed"] = saved_seed;
  }
  if (!o.checkpoint.empty()) {
    options.checkpoint_every = o.checkpoint_every;
    options.on_checkpoint = [&](const optim::RunCheckpoint& position) {
      write_checkpoint(o.checkpoint, full_config, options.seed, x0, position);
    };
  }
  // Opened first: a locked or corrupt store fails before the run, not after it.
  experiment::RunStore store(o.common.db_path);
  const std::string started = experiment::now_utc();
  const auto result = optim::run(*problem, *method, x0, options);
  if (!o.checkpoint.empty() && result.ok())
    write_checkpoint(o.checkpoint, full_config, options.seed, x0, result.checkpoint);

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

  experiment::RunRecord record;
  record.kind = "optimize";
  record.name = problem_name + "/" + method_name;
  record.config = full_config;
  record.seed = options.seed;
  record.started_at = started;
  record.status = optim::to_string(result.status);
  record.summary = summary;
  record.summary["x_initial"] = optim::vector_to_json(result.x_initial);
  record.summary["x_final"] = optim::vector_to_json(result.x_final);
  record.metrics = {{"f_final", f.back()},
                    {"grad_norm_final", g.back()},
                    {"grad_evals", static_cast<double>(result.gradient_evaluations)}};
  record.series["trajectory"] = result.trajectory;
  const auto run_id = store.save(record);

  if (format == Format::kJson) {
    Json out = {{"run_id", run_id},
                {"problem", problem_name},
                {"method", method_name},
                {"config", full_config},
                {"seed", options.seed},
                {"x_initial", optim::vector_to_json(result.x_initial)},
                {"x_final", optim::vector_to_json(result.x_final)},
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
    if (summary.contains("gap_final"))
      table.rows.push_back({"gap_final", format_number(summary["gap_final"])});
    table.rows.push_back({"grad_norm_final", format_number(g.back())});
    const auto& rule = result.method_info["step_rule"];
    for (const char* key : {"eta", "G", "L"})
      if (rule.contains(key))
        table.rows.push_back({std::string("step_rule.") + key, format_number(rule[key])});
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
  command->add_option("--checkpoint", options.checkpoint,
                      "write the run's position to FILE at the end (atomic)");
  command->add_option("--checkpoint-every", options.checkpoint_every,
                      "also write the checkpoint every K iterations (with --checkpoint)");
  command->add_option(
      "--resume", options.resume,
      "continue the run saved in FILE for --steps more iterations (same problem, method, seed)");
  add_common_options(command, options.common);
  command->callback([] { run_optimize(options); });
}

}  // namespace ellopt::cli
