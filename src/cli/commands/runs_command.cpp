// `ellopt runs list|show ID|export ID`: browse the run store.
#include <fmt/format.h>

#include <iostream>

#include "cli_context.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/experiment/run_store.hpp"
#include "output.hpp"

namespace ellopt::cli {
namespace {

struct RunsOptions {
  CommonOptions common;
  std::int64_t limit = 50;
  std::int64_t id = 0;
};

Json record_json(const experiment::RunRecord& r, bool with_series) {
  Json out = {{"run_id", r.id},
              {"kind", r.kind},
              {"name", r.name},
              {"config", r.config},
              {"seed", r.seed},
              {"git_revision", r.git_revision},
              {"started_at", r.started_at},
              {"finished_at", r.finished_at},
              {"status", r.status},
              {"summary", r.summary},
              {"metrics", r.metrics}};
  if (with_series) {
    Json series = Json::object();
    for (const auto& [name, data] : r.series) series[name] = data.to_json();
    out["series"] = series;
  }
  return out;
}

}  // namespace

void add_runs_command(CLI::App& app) {
  static RunsOptions options;
  auto* command = app.add_subcommand("runs", "list, show or export stored runs");
  command->require_subcommand(1);
  auto* list = command->add_subcommand("list", "the most recent runs");
  list->add_option("--limit", options.limit, "how many")->capture_default_str();
  add_common_options(list, options.common);
  list->callback([] {
    reject_config(options.common, "runs list");
    require_existing_store(options.common, "runs list");
    experiment::RunStore store(options.common.db_path);
    Table table{{"id", "kind", "name", "status", "seed", "finished_at"}, {}};
    for (const auto& r : store.list(options.limit))
      table.rows.push_back(
          {std::to_string(r.id), r.kind, r.name, r.status, std::to_string(r.seed), r.finished_at});
    print_table(std::cout, table, options.common.output_format());
  });
  auto* show = command->add_subcommand("show", "one run's config, summary and metrics");
  show->add_option("id", options.id, "run id")->required();
  add_common_options(show, options.common);
  show->callback([] {
    reject_config(options.common, "runs show");
    require_existing_store(options.common, "runs show");
    experiment::RunStore store(options.common.db_path);
    const auto record = store.load(options.id);
    const Format format = options.common.output_format();
    if (format == Format::kJson) {
      std::cout << record_json(record, false).dump(2) << "\n";
      return;
    }
    Table table{{"key", "value"}, {}};
    table.rows.push_back({"run_id", std::to_string(record.id)});
    table.rows.push_back({"kind", record.kind});
    table.rows.push_back({"name", record.name});
    table.rows.push_back({"status", record.status});
    table.rows.push_back({"seed", std::to_string(record.seed)});
    table.rows.push_back({"git_revision", record.git_revision});
    table.rows.push_back({"finished_at", record.finished_at});
    table.rows.push_back({"config", record.config.dump()});
    for (const auto& [name, value] : record.metrics)
      table.rows.push_back({"metric." + name, format_number(value)});
    for (const auto& [name, data] : record.series)
      table.rows.push_back(
          {"series." + name, fmt::format("{} rows x {} columns", data.rows(), data.names().size())});
    print_table(std::cout, table, format);
  });
  auto* exporter =
      command->add_subcommand("export", "one run with all its series: JSON (default), or --format csv for each series");
  exporter->add_option("id", options.id, "run id")->required();
  add_common_options(exporter, options.common);
  exporter->callback([] {
    reject_config(options.common, "runs export");
    require_existing_store(options.common, "runs export");
    experiment::RunStore store(options.common.db_path);
    const auto record = store.load(options.id);
    const Format format = options.common.output_format();
    // An export is data: JSON (the whole run) unless CSV is asked for; the table format is `runs show`.
    if (format == Format::kCsv) {
      for (const auto& [name, data] : record.series) {
        std::cout << "# series " << name << "\n";
        Table table{data.names(), {}};
        for (std::size_t r = 0; r < data.rows(); ++r) {
          std::vector<std::string> row;
          for (const auto& column : data.names()) row.push_back(format_number(data.column(column)[r]));
          table.rows.push_back(row);
        }
        print_table(std::cout, table, format);
      }
      return;
    }
    std::cout << record_json(record, true).dump(2) << "\n";
  });
}

}  // namespace ellopt::cli
