// The `ellopt` command. Thin: parses, calls the library, prints. Every ellopt::Error becomes one line on
// stderr and a non-zero exit code (2 config, 3 domain, 4 divergence, 5 store).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli_context.hpp"
#include "ellopt/bandit/transport.hpp"
#include "ellopt/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"ellopt: learning algorithms with guarantees under realistic assumptions"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ellopt 0.1.0");
  ellopt::cli::add_list_command(app);
  ellopt::cli::add_optimize_command(app);
  ellopt::cli::add_reproduce_command(app);
  ellopt::cli::add_runs_command(app);
  ellopt::cli::add_aggregate_command(app);
  ellopt::cli::add_bandit_command(app);
  ellopt::cli::add_minimax_command(app);
  ellopt::cli::add_bench_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0 in CLI11; real parse errors (unknown flag, a value
    // that is not a number) get the same one-line form and exit code 2 as every other configuration error.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "ellopt: error: %s; see `ellopt --help` or `ellopt SUBCOMMAND --help`\n", e.what());
    return 2;
  } catch (const ellopt::cli::ExitCode& e) {
    if (e.code != 0) ellopt::bandit::abort_all_ranks_if_mpi(e.code);
    return e.code;
  } catch (const ellopt::Error& e) {
    std::fprintf(stderr, "ellopt: error: %s\n", e.what());
    // Under mpirun the other ranks wait in a collective for this one: take them down with it, or the job
    // hangs.
    ellopt::bandit::abort_all_ranks_if_mpi(e.exit_code());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ellopt: internal error: %s\n", e.what());
    ellopt::bandit::abort_all_ranks_if_mpi(70);
    return 70;
  }
  return 0;
}
