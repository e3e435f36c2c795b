#include "output.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <ostream>

#include "ellopt/core/config.hpp"
#include "ellopt/core/error.hpp"

namespace ellopt::cli {

Format CommonOptions::output_format() const {
  if (format == "table") return Format::kTable;
  if (format == "json") return Format::kJson;
  if (format == "csv") return Format::kCsv;
  throw ConfigError(fmt::format("--format '{}' is not one of: table, json, csv", format));
}

Json CommonOptions::config() const {
  return build_config(config_file, overrides);
}

void reject_config(const CommonOptions& options, const std::string& command) {
  const Json config = options.config();
  if (config.is_object() && !config.empty())
    throw ConfigError(
        fmt::format("`ellopt {}` takes no configuration keys, but got '{}'; drop --config/--set here",
                    command, config.begin().key()));
}

void require_existing_store(const CommonOptions& options, const std::string& command) {
  if (!std::filesystem::exists(options.db_path))
    throw StoreError(
        fmt::format("`ellopt {}`: run store '{}' does not exist; pass --db PATH of an "
                    "existing store (runs are written by optimize, minimax, bandit, "
                    "reproduce)",
                    command, options.db_path));
}

void add_common_options(CLI::App* command, CommonOptions& options) {
  command->add_option("--config", options.config_file, "TOML file with [problem], [method], [run] tables");
  command->add_option("--set", options.overrides,
                      "override a config key, e.g. --set problem.dim=50 (repeatable)");
  command->add_option("--format", options.format, "output: table, json or csv")->capture_default_str();
  command->add_option("--db", options.db_path, "run store (SQLite)")->capture_default_str();
  command->add_flag("--quiet", options.quiet, "no progress output");
}

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{:.6g}", value);
}

namespace {
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
}  // namespace

void print_table(std::ostream& out, const Table& table, Format format) {
  if (format == Format::kJson) {
    Json rows = Json::array();
    for (const auto& row : table.rows) {
      Json object = Json::object();
      for (std::size_t i = 0; i < table.header.size() && i < row.size(); ++i)
        object[table.header[i]] = row[i];
      rows.push_back(object);
    }
    out << rows.dump(2) << "\n";
    return;
  }
  if (format == Format::kCsv) {
    for (std::size_t i = 0; i < table.header.size(); ++i) out << (i ? "," : "") << csv_field(table.header[i]);
    out << "\n";
    for (const auto& row : table.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << csv_field(row[i]);
      out << "\n";
    }
    return;
  }
  std::vector<std::size_t> width(table.header.size(), 0);
  for (std::size_t i = 0; i < table.header.size(); ++i) width[i] = table.header[i].size();
  for (const auto& row : table.rows)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i) {
      out << cells[i];
      if (i + 1 < cells.size()) out << std::string(width[i] - cells[i].size() + 2, ' ');
    }
    out << "\n";
  };
  line(table.header);
  std::vector<std::string> rule;
  for (auto w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : table.rows) line(row);
}

}  // namespace ellopt::cli
