// A held stochastic sample. It is a key, not the noise itself: the oracle regenerates the same noise from
// the key at any point, so a sample can be kept and re-evaluated (x_t and x_{t-1}) without storing vectors.
// For a finite sum the key is the component index.
#pragma once

#include <cstdint>

namespace ellopt {

struct Sample {
  std::uint64_t key = 0;
};

}  // namespace ellopt
