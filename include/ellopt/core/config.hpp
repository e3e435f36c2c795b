// Run configuration: a TOML file (sections such as [problem], [method], [run]) merged with Hydra-style
// `--set dotted.key=value` overrides, held as JSON so it can be stored with a run and bound to schemas.
#pragma once

#include <string>
#include <vector>

#include "ellopt/core/params.hpp"

namespace ellopt {

// Parses a TOML file into JSON. A syntax error names the file, line and column.
Json load_toml_file(const std::string& path);
// Parses TOML text; `origin` names the source in error messages.
Json parse_toml(const std::string& text, const std::string& origin);

// Applies one override "a.b.c=value". The value is read as a TOML value (number, bool, array, quoted
// string); anything that does not parse as one is taken as a bare string, so `--set method.step=theory`
// works. A missing '=' or an empty key is a ConfigError.
void apply_override(Json& config, const std::string& assignment);

// Loads the optional file then applies every override in order.
Json build_config(const std::string& config_file, const std::vector<std::string>& overrides);

// The sub-table at a dotted path, or null when absent.
const Json& section(const Json& config, const std::string& name);

}  // namespace ellopt
