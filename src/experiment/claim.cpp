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
  return {std::move(name), measured, fmt::format("<= {}", bound), std::isfinite(measured) && measured <= bound};
}

Check check_at_least(std::string name, double measured, double bound) {
  return {std::move(name), measured, fmt::format(">= {}", bound), std::isfinite(measured) && measured >= bound};
}

Check check_no_violations(std::string name, std::int64_t violations) {
  return {std::move(name), static_cast<double>(violations), "== 0", violations == 0};
}

bool ClaimResult::passed() const {
  return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed; });
}

void ClaimRegistry::add(Claim claim) {
  for (const auto& existing : claims_)
    if (existing.info.id == claim.info.id) throw Error(fmt::format("claim '{}' registered twice", claim.info.id));
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
    throw UnknownNameError(fmt::format("--claims '{}' matches no claim; registered claims are: {}", globs, ids));
  }
  return out;
}

}  // namespace ellopt::experiment
