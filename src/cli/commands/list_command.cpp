// `ellopt list problems|methods|claims|aggregators|attacks`: the registered names with a one-line description
// (and, for the parameterized registries, the keys `--set` accepts).
#include <iostream>

#include "cli_context.hpp"
#include "ellopt/bandit/attack.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/experiment/claim.hpp"
#include "ellopt/minimax/method.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/problems/minimax/minimax_problem.hpp"
#include "ellopt/problems/registry.hpp"
#include "ellopt/robust/aggregator.hpp"
#include "output.hpp"

namespace ellopt::cli {
namespace {

template <class Registry>
void add_rows(Table& table, const Registry& registry, bool with_params) {
  for (const auto& entry : registry.entries()) {
    std::vector<std::string> row{entry.name, entry.description};
    if (with_params) row.push_back(entry.schema.key_list());
    table.rows.push_back(row);
  }
}

}  // namespace

void add_list_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("list", "list registered problems, methods, claims, aggregators or attacks");
  static std::string what;
  static CommonOptions options;
  command->add_option("what", what, "problems, methods, claims, aggregators or attacks")->required();
  add_common_options(command, options);
  command->callback([] {
    reject_config(options, "list");
    Table table;
    if (what == "problems") {
      table.header = {"name", "description", "parameters"};
      add_rows(table, problems::problems(), true);
      add_rows(table, problems::minimax_problems(), true);
    } else if (what == "methods") {
      table.header = {"name", "description", "parameters"};
      add_rows(table, optim::methods(), true);
      add_rows(table, minimax::minimax_methods(), true);
    } else if (what == "claims") {
      table.header = {"name", "description", "paper", "parameters"};
      for (const auto& claim : experiment::claims().all())
        table.rows.push_back({claim.info.id, claim.info.title, claim.info.paper, claim.info.params.key_list()});
    } else if (what == "aggregators") {
      table.header = {"name", "description", "parameters"};
      add_rows(table, robust::aggregators(), true);
    } else if (what == "attacks") {
      table.header = {"name", "description", "parameters"};
      add_rows(table, bandit::attacks(), true);
    } else {
      throw ConfigError("ellopt list: '" + what +
                        "' is not one of: problems, methods, claims, aggregators, attacks");
    }
    print_table(std::cout, table, options.output_format());
  });
}

}  // namespace ellopt::cli
