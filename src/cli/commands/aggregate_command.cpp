// `ellopt aggregate --method NAME [--set nu=... --set ftol=... --set xtol=... --set max_iter=...]
//  [--format csv|json] < points.csv`: robust aggregation of the points on stdin (one per line). The logic
// lives in the library (ellopt/robust/aggregate_command.hpp); this file only wires the options.
#include "ellopt/robust/aggregate_command.hpp"

#include <iostream>

#include "cli_context.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/robust/aggregator.hpp"

namespace ellopt::cli {

void add_aggregate_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "aggregate", "aggregate the points on stdin (one per line, comma-separated) with a robust aggregator");
  static std::string method;
  static CommonOptions options;
  command
      ->add_option("--method", method, "mean, coordinate-median, trimmed-mean, krum, geometric-median, gmom")
      ->required();
  add_common_options(command, options);
  command->callback([] {
    Json params = options.config();  // --set nu=1e-8 --set max_iter=200 (and a TOML file, if given)
    if (params.contains("method")) params.erase("method");
    robust::run_aggregate_command(std::cin, std::cout, method, params,
                                  options.format == "table" ? "csv" : options.format,
                                  options.quiet ? nullptr : &std::cerr);
  });
}

}  // namespace ellopt::cli
