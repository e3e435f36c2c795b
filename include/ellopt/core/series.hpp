// Column-oriented numeric tables: a trajectory, a sweep's results, a plot's data. Stored as named columns
// of doubles so they serialize to JSON column arrays and to the run store without reshaping.
#pragma once

#include <string>
#include <vector>

#include "ellopt/core/params.hpp"

namespace ellopt {

class ColumnSeries {
 public:
  ColumnSeries() = default;
  explicit ColumnSeries(std::vector<std::string> names);

  void add_row(std::initializer_list<double> row);
  void add_row(const std::vector<double>& row);
  void reserve(std::size_t rows);

  std::size_t rows() const { return columns_.empty() ? 0 : columns_.front().size(); }
  const std::vector<std::string>& names() const { return names_; }
  bool has(const std::string& name) const;
  const std::vector<double>& column(const std::string& name) const;
  std::vector<double>& column(const std::string& name);

  Json to_json() const;  // {"name": [values...], ...}; non-finite values become null
  // JSON objects do not keep key order (nlohmann sorts them), so the stored form carries the column order:
  // {"columns": [names...], "values": to_json()}. from_json reads both forms; from a plain object the columns
  // come back sorted, with "step" first when present.
  Json to_ordered_json() const;
  static ColumnSeries from_json(const Json& object);

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<double>> columns_;
};

}  // namespace ellopt
