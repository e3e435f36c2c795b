#include "ellopt/core/params.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt {

std::string to_string(ParamType type) {
  switch (type) {
    case ParamType::kReal:
      return "real";
    case ParamType::kInteger:
      return "integer";
    case ParamType::kBool:
      return "bool";
    case ParamType::kString:
      return "string";
    case ParamType::kRealOrVector:
      return "real or array of reals";
  }
  return "?";
}

ParamSchema& ParamSchema::add(ParamSpec spec) {
  specs_.push_back(std::move(spec));
  return *this;
}

const ParamSpec* ParamSchema::find(const std::string& name) const {
  for (const auto& spec : specs_)
    if (spec.name == name) return &spec;
  return nullptr;
}

std::string ParamSchema::key_list() const {
  std::string out;
  for (const auto& spec : specs_) {
    if (!out.empty()) out += ", ";
    out += spec.name;
  }
  return out.empty() ? "(none)" : out;
}

namespace {

std::string range_text(const ParamSpec& spec) {
  if (!spec.min && !spec.max) return "";
  std::string lo = spec.min ? fmt::format("{}{}", spec.min_exclusive ? "(" : "[", *spec.min) : "(-inf";
  std::string hi = spec.max ? fmt::format("{}{}", *spec.max, spec.max_exclusive ? ")" : "]") : "inf)";
  return lo + ", " + hi;
}

void check_range(const ParamSpec& spec, double value, const std::string& where) {
  if (!std::isfinite(value))
    throw ConfigError(fmt::format("{}: parameter '{}' is {}; give a finite number", where, spec.name, value));
  const bool below = spec.min && (spec.min_exclusive ? value <= *spec.min : value < *spec.min);
  const bool above = spec.max && (spec.max_exclusive ? value >= *spec.max : value > *spec.max);
  if (below || above)
    throw ConfigError(fmt::format("{}: parameter '{}' = {} is out of range; it must lie in {}", where,
                                  spec.name, value, range_text(spec)));
}

Json coerce(const ParamSpec& spec, const Json& value, const std::string& where) {
  auto wrong = [&]() {
    const std::string type = to_string(spec.type);
    const char* article = type.front() == 'i' ? "an" : "a";  // "an integer", "a real"
    // A table where a value belongs usually comes from a dotted --set (privacy.epsilon=0 when the keys are
    // flat).
    const std::string hint = value.is_object() && !value.empty()
                                 ? fmt::format("; '{}.{}' is not a key: '{}' takes one value", spec.name,
                                               value.begin().key(), spec.name)
                                 : "";
    return ConfigError(fmt::format("{}: parameter '{}' must be {} {}, got {}{}", where, spec.name, article,
                                   type, value.dump(), hint));
  };
  switch (spec.type) {
    case ParamType::kReal:
      if (!value.is_number()) throw wrong();
      check_range(spec, value.get<double>(), where);
      return value.get<double>();
    case ParamType::kInteger: {
      if (!value.is_number()) throw wrong();
      const double d = value.get<double>();
      if (std::floor(d) != d) throw wrong();
      check_range(spec, d, where);
      return static_cast<std::int64_t>(d);
    }
    case ParamType::kBool:
      if (!value.is_boolean()) throw wrong();
      return value;
    case ParamType::kString: {
      if (!value.is_string()) throw wrong();
      const auto text = value.get<std::string>();
      if (!spec.choices.empty()) {
        bool ok = false;
        std::string list;
        for (const auto& c : spec.choices) {
          ok = ok || c == text;
          list += (list.empty() ? "" : ", ") + c;
        }
        if (!ok)
          throw ConfigError(
              fmt::format("{}: parameter '{}' = '{}' is not one of: {}", where, spec.name, text, list));
      }
      return value;
    }
    case ParamType::kRealOrVector:
      if (value.is_number()) {
        check_range(spec, value.get<double>(), where);
        return value.get<double>();
      }
      if (!value.is_array() || value.empty()) throw wrong();
      for (const auto& entry : value) {
        if (!entry.is_number()) throw wrong();
        check_range(spec, entry.get<double>(), where);
      }
      return value;
  }
  throw wrong();
}

}  // namespace

Params ParamSchema::bind(const Json& given, const std::string& where) const {
  if (!given.is_null() && !given.is_object())
    throw ConfigError(
        fmt::format("{}: parameters must be a table of key = value, got {}", where, given.dump()));
  Json values = Json::object();
  if (given.is_object()) {
    for (const auto& [key, value] : given.items()) {
      const ParamSpec* spec = find(key);
      if (!spec)
        throw ConfigError(
            fmt::format("{}: unknown parameter '{}'; valid parameters are: {}", where, key, key_list()));
      values[key] = coerce(*spec, value, where);
    }
  }
  for (const auto& spec : specs_) {
    if (values.contains(spec.name)) continue;
    if (!spec.default_value.is_null()) {
      values[spec.name] = spec.default_value;
    } else if (!spec.optional) {
      throw ConfigError(fmt::format("{}: parameter '{}' is required ({})", where, spec.name, spec.doc));
    }
  }
  return Params(std::move(values), where);
}

Json ParamSchema::describe() const {
  Json out = Json::array();
  for (const auto& spec : specs_) {
    Json entry = {{"name", spec.name},
                  {"type", to_string(spec.type)},
                  {"default", spec.default_value},
                  {"doc", spec.doc}};
    const auto range = range_text(spec);
    if (!range.empty()) entry["range"] = range;
    if (!spec.choices.empty()) entry["choices"] = spec.choices;
    out.push_back(entry);
  }
  return out;
}

const Json& Params::at(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->is_null())
    throw ConfigError(fmt::format("{}: parameter '{}' was not given and has no default", where_, name));
  return *it;
}

bool Params::has(const std::string& name) const {
  auto it = values_.find(name);
  return it != values_.end() && !it->is_null();
}

double Params::real(const std::string& name) const {
  return at(name).get<double>();
}
std::int64_t Params::integer(const std::string& name) const {
  return at(name).get<std::int64_t>();
}
bool Params::flag(const std::string& name) const {
  return at(name).get<bool>();
}
std::string Params::text(const std::string& name) const {
  return at(name).get<std::string>();
}

Vector Params::vector(const std::string& name, Index dim) const {
  const Json& value = at(name);
  if (value.is_number()) return Vector::Constant(dim, value.get<double>());
  if (static_cast<Index>(value.size()) != dim)
    throw ConfigError(
        fmt::format("{}: parameter '{}' has {} entries but the dimension is {}; give {} numbers "
                    "or one number to broadcast",
                    where_, name, value.size(), dim, dim));
  Vector out(dim);
  for (Index i = 0; i < dim; ++i) out[i] = value[static_cast<std::size_t>(i)].get<double>();
  return out;
}

}  // namespace ellopt
