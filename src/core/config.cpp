#include "ellopt/core/config.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "ellopt/core/error.hpp"

namespace ellopt {
namespace {

Json to_json(const toml::node& node) {
  if (auto table = node.as_table()) {
    Json out = Json::object();
    for (const auto& [key, value] : *table) out[std::string(key.str())] = to_json(value);
    return out;
  }
  if (auto array = node.as_array()) {
    Json out = Json::array();
    for (const auto& value : *array) out.push_back(to_json(value));
    return out;
  }
  if (auto v = node.as_integer()) return v->get();
  if (auto v = node.as_floating_point()) return v->get();
  if (auto v = node.as_boolean()) return v->get();
  if (auto v = node.as_string()) return v->get();
  if (auto v = node.as_date()) return fmt::format("{:04}-{:02}-{:02}", v->get().year, v->get().month, v->get().day);
  throw ConfigError("TOML times and date-times are not supported as parameter values; quote them as strings");
}

}  // namespace

Json parse_toml(const std::string& text, const std::string& origin) {
  try {
    toml::table table = toml::parse(text, origin);
    return to_json(table);
  } catch (const toml::parse_error& err) {
    const auto& where = err.source().begin;
    throw ConfigError(fmt::format("{}:{}:{}: malformed TOML: {}", origin, where.line, where.column,
                                  err.description()));
  }
}

Json load_toml_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("cannot read config file '{}': check the path", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_toml(buffer.str(), path);
}

void apply_override(Json& config, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(fmt::format("--set '{}': expected key=value, e.g. --set problem.dim=50", assignment));
  const std::string key = assignment.substr(0, eq);
  const std::string raw = assignment.substr(eq + 1);
  Json value;
  try {
    value = parse_toml("v = " + raw, "--set")["v"];
  } catch (const ConfigError&) {
    value = raw;  // a bare word such as `theory` or `double-well`
  }
  Json* node = &config;
  std::size_t start = 0;
  for (;;) {
    const auto dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) throw ConfigError(fmt::format("--set '{}': empty key segment", assignment));
    if (!node->is_object()) {
      if (!node->is_null())
        throw ConfigError(fmt::format("--set '{}': '{}' is a value, not a table", assignment,
                                      key.substr(0, start ? start - 1 : 0)));
      *node = Json::object();
    }
    if (dot == std::string::npos) {
      (*node)[part] = value;
      return;
    }
    node = &(*node)[part];
    start = dot + 1;
  }
}

Json build_config(const std::string& config_file, const std::vector<std::string>& overrides) {
  Json config = config_file.empty() ? Json::object() : load_toml_file(config_file);
  for (const auto& assignment : overrides) apply_override(config, assignment);
  return config;
}

const Json& section(const Json& config, const std::string& name) {
  static const Json kNull;
  if (!config.is_object()) return kNull;
  auto it = config.find(name);
  return it == config.end() ? kNull : *it;
}

}  // namespace ellopt
