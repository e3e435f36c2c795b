#include "ellopt/bandit/schedule.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::bandit {

std::int64_t ceil_sqrt(std::int64_t n) {
  if (n <= 0) return 0;
  // floor(sqrt(n)) from the double estimate, corrected with divisions (r^2 > n <=> r > n / r) so that no
  // product can overflow near the top of the int64 range.
  auto root = static_cast<std::int64_t>(std::sqrt(static_cast<double>(n)));
  while (root > 1 && root > n / root) --root;
  while (root + 1 <= n / (root + 1)) ++root;
  return root * root == n ? root : root + 1;
}

EpochSchedule::EpochSchedule(std::int64_t horizon, std::int64_t epoch_length) : horizon_(horizon) {
  if (horizon < 1) throw ConfigError(fmt::format("horizon = {} must be >= 1", horizon));
  if (epoch_length < 0)
    throw ConfigError(fmt::format("epoch_length = {} must be >= 0 (0: ceil(sqrt(horizon)))", epoch_length));
  length_ = epoch_length == 0 ? ceil_sqrt(horizon) : epoch_length;
  count_ = (horizon + length_ - 1) / length_;
}

Epoch EpochSchedule::epoch(std::int64_t index) const {
  if (index < 0 || index >= count_)
    throw ConfigError(fmt::format("epoch {} is outside the schedule's {} epochs", index, count_));
  Epoch e;
  e.index = index;
  e.start = index * length_;
  e.length = std::min(length_, horizon_ - e.start);
  e.count = count_;
  return e;
}

}  // namespace ellopt::bandit
