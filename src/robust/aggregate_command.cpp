#include "ellopt/robust/aggregate_command.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <istream>
#include <ostream>
#include <vector>

#include "ellopt/core/error.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/robust/aggregator.hpp"

namespace ellopt::robust {

namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

}  // namespace

Matrix read_points_csv(std::istream& in, const std::string& origin) {
  std::vector<double> values;
  Index dim = -1;
  Index count = 0;
  std::string line;
  std::size_t first_line = 0;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    Index fields = 0;
    std::size_t start = 0;
    while (true) {
      const auto comma = content.find(',', start);
      const std::string field = trim(content.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      ++fields;
      char* end = nullptr;
      errno = 0;
      const double value = std::strtod(field.c_str(), &end);
      if (field.empty() || end != field.c_str() + field.size())
        throw ConfigError(fmt::format("{} line {}: field {} ('{}') is not a number; give one point per line as "
                                      "comma-separated numbers (no header line)",
                                      origin, number, fields, field));
      values.push_back(value);  // overflow gives +-inf (strtod's HUGE_VAL), which robust methods exclude
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (dim < 0) {
      dim = fields;
      first_line = number;
    } else if (fields != dim) {
      throw ConfigError(fmt::format("{} line {}: {} values, but line {} has {}; every point needs the same "
                                    "dimension",
                                    origin, number, fields, first_line, dim));
    }
    ++count;
  }
  if (count == 0) throw ConfigError(fmt::format("{}: no points read; give one point per line", origin));
  return Eigen::Map<const Matrix>(values.data(), dim, count);
}

void run_aggregate_command(std::istream& in, std::ostream& out, const std::string& method, const Json& params,
                           const std::string& format, std::ostream* warnings) {
  if (format != "csv" && format != "json" && format != "table")
    throw ConfigError(fmt::format("aggregate: unknown format '{}'; valid formats are: csv, json", format));
  Json aggregator_params = params.is_null() ? Json::object() : params;
  if (!aggregator_params.is_object())
    throw ConfigError(fmt::format("aggregate: parameters must be key = value pairs, got {}", params.dump()));
  std::uint64_t seed = 1;
  if (aggregator_params.contains("seed")) {
    const Json& value = aggregator_params["seed"];
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
      throw ConfigError(fmt::format("aggregate: seed must be a non-negative integer, got {}", value.dump()));
    seed = value.get<std::uint64_t>();
    aggregator_params.erase("seed");
  }
  const auto aggregator = make_aggregator(method, aggregator_params);
  const Matrix points = read_points_csv(in, "aggregate input");
  RngStream rng(seed, {0x61677267});  // "aggr"
  const AggregateResult result = aggregator->aggregate(points, rng);
  if (warnings && !result.warning.empty()) *warnings << "ellopt: warning: " << result.warning << "\n";
  if (format == "json") {
    Json bound = aggregators().get(method).schema.bind(aggregator_params, fmt::format("aggregator '{}'", method)).json();
    Json value = Json::array();
    for (Index r = 0; r < result.value.size(); ++r)
      value.push_back(std::isfinite(result.value[r]) ? Json(result.value[r]) : Json());  // JSON has no NaN
    Json trace = Json::array();
    for (double f : result.objective_trace) trace.push_back(std::isfinite(f) ? Json(f) : Json());
    const Json document = {{"method", method},
                           {"params", bound},
                           {"seed", seed},
                           {"points", points.cols()},
                           {"dim", points.rows()},
                           {"value", value},
                           {"iterations", result.iterations},
                           {"stop_reason", result.stop_reason},
                           {"objective_trace", trace},
                           {"excluded", result.excluded},
                           {"poisoned", result.poisoned},
                           {"warning", result.warning}};
    out << document.dump(2) << "\n";
    return;
  }
  std::string line;
  for (Index r = 0; r < result.value.size(); ++r) line += fmt::format("{}{:.17g}", r ? "," : "", result.value[r]);
  out << line << "\n";
}

}  // namespace ellopt::robust
