#include "ellopt/core/series.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"

namespace ellopt {

ColumnSeries::ColumnSeries(std::vector<std::string> names)
    : names_(std::move(names)), columns_(names_.size()) {}

void ColumnSeries::add_row(std::initializer_list<double> row) {
  add_row(std::vector<double>(row));
}

void ColumnSeries::add_row(const std::vector<double>& row) {
  if (row.size() != names_.size())
    throw Error(fmt::format("ColumnSeries::add_row: {} values for {} columns", row.size(), names_.size()));
  for (std::size_t i = 0; i < row.size(); ++i) columns_[i].push_back(row[i]);
}

void ColumnSeries::reserve(std::size_t rows) {
  for (auto& column : columns_) column.reserve(rows);
}

bool ColumnSeries::has(const std::string& name) const {
  for (const auto& n : names_)
    if (n == name) return true;
  return false;
}

const std::vector<double>& ColumnSeries::column(const std::string& name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return columns_[i];
  throw Error(fmt::format("series has no column '{}'", name));
}

std::vector<double>& ColumnSeries::column(const std::string& name) {
  return const_cast<std::vector<double>&>(static_cast<const ColumnSeries&>(*this).column(name));
}

Json ColumnSeries::to_json() const {
  Json out = Json::object();
  for (std::size_t i = 0; i < names_.size(); ++i) {
    Json values = Json::array();
    for (double v : columns_[i]) values.push_back(std::isfinite(v) ? Json(v) : Json(nullptr));
    out[names_[i]] = std::move(values);
  }
  return out;
}

Json ColumnSeries::to_ordered_json() const {
  return {{"columns", names_}, {"values", to_json()}};
}

ColumnSeries ColumnSeries::from_json(const Json& object) {
  const bool ordered = object.is_object() && object.size() == 2 && object.contains("columns") &&
                       object["columns"].is_array() && object.contains("values") &&
                       object["values"].is_object();
  const Json& values = ordered ? object["values"] : object;
  std::vector<std::string> names;
  if (ordered) {
    for (const auto& name : object["columns"]) names.push_back(name.get<std::string>());
  } else {
    if (values.contains("step")) names.push_back("step");
    for (const auto& [key, value] : values.items())
      if (key != "step") names.push_back(key);
  }
  ColumnSeries out(names);
  for (std::size_t i = 0; i < names.size(); ++i)
    for (const auto& v : values.at(names[i]))
      out.columns_[i].push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
  return out;
}

}  // namespace ellopt
