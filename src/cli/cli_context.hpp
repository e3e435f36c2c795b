// What every subcommand shares: the config file, repeated --set overrides, the output format, the run store.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "ellopt/core/params.hpp"

namespace ellopt::cli {

// Thrown by a command that has printed its output but must exit non-zero (e.g. a claim not reproduced).
struct ExitCode {
  int code;
};

enum class Format { kTable, kJson, kCsv };

struct CommonOptions {
  std::string config_file;
  std::vector<std::string> overrides;
  std::string format = "table";
  std::string db_path = "ellopt.db";
  bool quiet = false;

  Format output_format() const;
  // The TOML file merged with the overrides.
  Json config() const;
};

// For subcommands that read no configuration keys (list, runs): parses --config/--set (so a malformed file is
// still reported) and refuses any key, instead of silently ignoring it.
void reject_config(const CommonOptions& options, const std::string& command);
// For subcommands that only read the run store: a missing file is an error (exit 5), not a new empty store.
void require_existing_store(const CommonOptions& options, const std::string& command);

// Adds --config, --set, --format, --db and --quiet to a subcommand.
void add_common_options(CLI::App* command, CommonOptions& options);

// Each family of subcommands registers itself on the app (src/cli/commands/<family>_command.cpp).
void add_list_command(CLI::App& app);
void add_optimize_command(CLI::App& app);
void add_reproduce_command(CLI::App& app);
void add_runs_command(CLI::App& app);
void add_aggregate_command(CLI::App& app);
void add_bandit_command(CLI::App& app);
void add_minimax_command(CLI::App& app);  // minimax, minimax-phase
void add_bench_command(CLI::App& app);    // bench optim

}  // namespace ellopt::cli
