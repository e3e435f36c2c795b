// Serialization helpers for explicit optimizer state (checkpoint and resume). Doubles go into JSON unchanged
// (nlohmann keeps the binary value in memory and prints the shortest round-trip decimal), so a state that is
// saved, written, read and loaded resumes bit-identically.
#pragma once

#include <string>

#include "ellopt/core/params.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::optim {

Json vector_to_json(const Vector& v);
// Reads state[key] as a vector of exactly `dim` numbers; ConfigError naming `where`, the key and the fix otherwise.
Vector vector_from_json(const Json& state, const std::string& key, Index dim, const std::string& where);
// state[key] must exist; ConfigError naming `where` and the key otherwise.
const Json& require_state_key(const Json& state, const std::string& key, const std::string& where);

}  // namespace ellopt::optim
