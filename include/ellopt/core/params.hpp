// Typed, validated parameters. Every registered thing (problem, method, experiment) declares a ParamSchema;
// user input (TOML file + --set overrides, as JSON) is bound against it: unknown keys, wrong types and
// out-of-range values become ConfigErrors that name the key, list the valid keys, and give the range.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ellopt/core/types.hpp"

namespace ellopt {

using Json = nlohmann::json;

enum class ParamType { kReal, kInteger, kBool, kString, kRealOrVector };

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kReal;
  Json default_value;                 // null means "required" unless `optional` is set
  std::string doc;
  std::optional<double> min{};        // inclusive unless min_exclusive
  std::optional<double> max{};        // inclusive unless max_exclusive
  bool min_exclusive = false;
  bool max_exclusive = false;
  std::vector<std::string> choices{};  // for kString: the allowed values (empty: any)
  bool optional = false;               // may be absent with no default (e.g. a start point)
};

class Params;

class ParamSchema {
 public:
  ParamSchema() = default;
  ParamSchema(std::initializer_list<ParamSpec> specs) : specs_(specs) {}

  ParamSchema& add(ParamSpec spec);
  const std::vector<ParamSpec>& specs() const { return specs_; }
  const ParamSpec* find(const std::string& name) const;

  // Validates `given` (a JSON object or null) and fills defaults. `where` names the section in messages,
  // e.g. "problem 'double-well'" or "method 'gd'".
  Params bind(const Json& given, const std::string& where) const;
  std::string key_list() const;  // "dim, x0, noise" for error messages
  Json describe() const;         // [{name, type, default, doc, range}] for `ellopt list` and docs

 private:
  std::vector<ParamSpec> specs_;
};

class Params {
 public:
  Params() = default;
  Params(Json values, std::string where) : values_(std::move(values)), where_(std::move(where)) {}

  bool has(const std::string& name) const;
  double real(const std::string& name) const;
  std::int64_t integer(const std::string& name) const;
  bool flag(const std::string& name) const;
  std::string text(const std::string& name) const;
  // A scalar s broadcasts to s*1 of length `dim`; an array must have exactly `dim` entries.
  Vector vector(const std::string& name, Index dim) const;
  const Json& json() const { return values_; }
  const std::string& where() const { return where_; }

 private:
  const Json& at(const std::string& name) const;
  Json values_ = Json::object();
  std::string where_;
};

std::string to_string(ParamType type);

}  // namespace ellopt
