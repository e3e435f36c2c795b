#include "ellopt/optim/state_io.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"

namespace ellopt::optim {

Json vector_to_json(const Vector& v) {
  Json out = Json::array();
  for (Index i = 0; i < v.size(); ++i) out.push_back(v[i]);
  return out;
}

const Json& require_state_key(const Json& state, const std::string& key, const std::string& where) {
  if (!state.is_object() || !state.contains(key))
    throw ConfigError(fmt::format("{}: the checkpoint state has no '{}'; it was not written by this method (resume "
                                  "with the method and problem that wrote it)",
                                  where, key));
  return state.at(key);
}

Vector vector_from_json(const Json& state, const std::string& key, Index dim, const std::string& where) {
  const Json& value = require_state_key(state, key, where);
  if (!value.is_array())
    throw ConfigError(fmt::format("{}: checkpoint entry '{}' must be an array of numbers", where, key));
  if (static_cast<Index>(value.size()) != dim)
    throw ConfigError(fmt::format("{}: checkpoint entry '{}' has {} entries but the problem has dimension {}; resume "
                                  "with the problem (and dim) that wrote the checkpoint",
                                  where, key, value.size(), dim));
  Vector out(dim);
  for (Index i = 0; i < dim; ++i) {
    const Json& entry = value[static_cast<std::size_t>(i)];
    if (!entry.is_number())
      throw ConfigError(fmt::format("{}: checkpoint entry '{}'[{}] is not a number", where, key, i));
    out[i] = entry.get<double>();
  }
  return out;
}

}  // namespace ellopt::optim
