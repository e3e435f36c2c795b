// The logic of `ellopt aggregate --method NAME [--set key=value ...] [--format csv|json] < points.csv`, as a
// library function so the CLI is one line and the behaviour is unit-tested.
//
// Input: one point per line, comma-separated numbers (whitespace around fields allowed; blank lines and
// lines starting with '#' skipped; "nan" and "inf" are read as such so robust methods can exclude them).
// Every point must have as many values as the first; a field that is not a number or a line of the wrong
// length is a ConfigError naming the line (and field).
// Output: csv -> the aggregate as one line of comma-separated values (17 significant digits);
//         json -> {"method", "params", "points", "dim", "value", "iterations", "stop_reason",
//                  "objective_trace", "excluded", "poisoned", "warning"}.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "ellopt/core/params.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::robust {

// Reads the points as the columns of a d x n matrix; `origin` names the source in error messages.
Matrix read_points_csv(std::istream& in, const std::string& origin = "points");

// `params` are the aggregator's parameters (JSON object or null); a "seed" key, if present, is taken out
// and seeds the aggregator's random stream (GMoM's partition), default 1. `format` is "csv" or "json"
// ("table" prints like csv). Warnings (excluded columns, a poisoned mean) go to `warnings` when given.
void run_aggregate_command(std::istream& in, std::ostream& out, const std::string& method, const Json& params,
                           const std::string& format, std::ostream* warnings = nullptr);

}  // namespace ellopt::robust
