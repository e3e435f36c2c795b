#include "ellopt/experiment/claim.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::experiment {

Check check_in_range(std::string name, double measured, double lo, double hi) {
  return {std::move(name), measured, fmt::format("in [{}, {}]", lo, hi),
          std::isfinite(measured) && measured >= lo && measured <= hi};
}

Check check_at_most(std::string name, double measured, double bound) {
  return {std::move(name), measured, fmt::format("<= {}", bound),
          std::isfinite(measured) && measured <= bound};
}

Check check_at_least(std::string name, double measured, double bound) {
  return {std::move(name), measured, fmt::format(">= {}", bound),
          std::isfinite(measured) && measured >= bound};
}

Check check_no_violations(std::string name, std::int64_t violations) {
  return {std::move(name), static_cast<double>(violations), "== 0", violations == 0};
}

bool ClaimResult::passed() const {
  return !checks.empty() &&
         std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed; });
}

void ClaimRegistry::add(Claim claim) {
  for (const auto& existing : claims_)
    if (existing.info.id == claim.info.id)
      throw Error(fmt::format("claim '{}' registered twice", claim.info.id));
  claims_.push_back(std::move(claim));
}

const Claim& ClaimRegistry::get(const std::string& id) const {
  for (const auto& claim : claims_)
    if (claim.info.id == id) return claim;
  std::string ids;
  for (const auto& claim : claims_) ids += (ids.empty() ? "" : ", ") + claim.info.id;
  throw UnknownNameError(fmt::format("unknown claim '{}'; registered claims are: {}", id, ids));
}

std::vector<const Claim*> ClaimRegistry::match(const std::string& globs) const {
  std::vector<const Claim*> out;
  std::size_t start = 0;
  std::vector<std::string> patterns;
  while (start <= globs.size()) {
    const auto comma = globs.find(',', start);
    patterns.push_back(globs.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  for (const auto& claim : claims_)
    for (const auto& pattern : patterns)
      if (fnmatch(pattern.c_str(), claim.info.id.c_str(), 0) == 0) {
        out.push_back(&claim);
        break;
      }
  if (out.empty()) {
    std::string ids;
    for (const auto& claim : claims_) ids += (ids.empty() ? "" : ", ") + claim.info.id;
    throw UnknownNameError(
        fmt::format("--claims '{}' matches no claim; registered claims are: {}", globs, ids));
  }
  return out;
}

namespace {

std::vector<std::string> split_id(const std::string& id) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = id.find('.', start);
    parts.push_back(id.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

// Removes config[path] and returns it (null when absent); parents left empty are removed too.
Json take_section(Json& config, const std::vector<std::string>& path, std::size_t depth = 0) {
  if (!config.is_object() || !config.contains(path[depth])) return nullptr;
  Json& child = config[path[depth]];
  if (depth + 1 == path.size()) {
    Json taken = child;
    config.erase(path[depth]);
    return taken;
  }
  Json taken = take_section(child, path, depth + 1);
  if (child.is_object() && child.empty()) config.erase(path[depth]);
  return taken;
}

std::string first_key_path(const Json& config) {
  std::string path;
  const Json* node = &config;
  while (node->is_object() && !node->empty()) {
    path += (path.empty() ? "" : ".") + node->begin().key();
    node = &node->begin().value();
  }
  return path;
}

}  // namespace

std::vector<Params> bind_claim_params(const std::vector<const Claim*>& selected, const Json& config) {
  Json rest = config.is_object() ? config : Json::object();
  std::vector<Params> bound;
  for (const Claim* claim : selected) {
    const Json given = take_section(rest, split_id(claim->info.id));
    bound.push_back(claim->info.params.bind(given, fmt::format("claim '{}'", claim->info.id)));
  }
  if (!rest.empty()) {
    std::string with_params;
    for (const auto& claim : claims().all())
      if (!claim.info.params.specs().empty())
        with_params += fmt::format("{}{} ({})", with_params.empty() ? "" : ", ", claim.info.id,
                                   claim.info.params.key_list());
    throw ConfigError(
        fmt::format("reproduce: '{}' is not a parameter of a selected claim; select the claim with "
                    "--claims and use --set ID.KEY=VALUE; claims with parameters: {}",
                    first_key_path(rest), with_params.empty() ? "none" : with_params));
  }
  return bound;
}

}  // namespace ellopt::experiment
