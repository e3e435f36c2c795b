// Argument checks shared by the kernels (private to src/core/kernels). Messages name the kernel, the input
// and the fix, as every ellopt::ConfigError does.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <string_view>

#include "ellopt/core/error.hpp"

namespace ellopt::kernels::detail {

inline void require_same_size(std::string_view kernel, std::string_view name, std::size_t size,
                              std::size_t expected) {
  if (size != expected)
    throw ConfigError(
        fmt::format("{}: '{}' has {} elements but the parameters have {}; pass buffers of the "
                    "parameters' size",
                    kernel, name, size, expected));
}

inline void require_finite_at_least(std::string_view kernel, std::string_view name, double value, double low,
                                    std::string_view example) {
  if (!std::isfinite(value) || value < low)
    throw ConfigError(
        fmt::format("{}: {} = {} must be finite and >= {}; use e.g. {}", kernel, name, value, low, example));
}

// low <= value < high (high excluded).
inline void require_in_half_open(std::string_view kernel, std::string_view name, double value, double low,
                                 double high, std::string_view example) {
  if (!std::isfinite(value) || value < low || value >= high)
    throw ConfigError(fmt::format("{}: {} = {} must lie in [{}, {}); use e.g. {}", kernel, name, value, low,
                                  high, example));
}

}  // namespace ellopt::kernels::detail
