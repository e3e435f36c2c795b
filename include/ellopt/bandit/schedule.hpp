// The epoch schedule of the federated protocol (spec §1.5 [R]): epochs of length L = ceil(sqrt(T)), so
// K = ceil(T / L) epochs and one communication round per epoch, i.e. O(sqrt(T)) rounds (abstract, claim 5).
// The last epoch is shorter when L does not divide T.
#pragma once

#include <cstdint>

namespace ellopt::bandit {

struct Epoch {
  std::int64_t index = 0;   // 0-based
  std::int64_t start = 0;   // steps already played before this epoch
  std::int64_t length = 0;  // steps in this epoch
  std::int64_t count = 0;   // total number of epochs K
  bool last() const { return index + 1 == count; }
};

// ceil(sqrt(n)) computed exactly in integers (no floating-point rounding at perfect squares).
std::int64_t ceil_sqrt(std::int64_t n);

class EpochSchedule {
 public:
  // `epoch_length` 0 means the default ceil(sqrt(horizon)).
  explicit EpochSchedule(std::int64_t horizon, std::int64_t epoch_length = 0);

  std::int64_t horizon() const { return horizon_; }
  std::int64_t epoch_length() const { return length_; }
  std::int64_t epochs() const { return count_; }  // K = ceil(T / L): the number of communication rounds
  Epoch epoch(std::int64_t index) const;

 private:
  std::int64_t horizon_;
  std::int64_t length_;
  std::int64_t count_;
};

}  // namespace ellopt::bandit
