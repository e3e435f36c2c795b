// Seeded random streams. A stream is identified by (seed, path...), never by the thread that uses it, so the
// same seed gives the same numbers whatever the thread count: give every run, chain, agent or sample its own
// stream id. The engine is xoshiro256** (fast, 256-bit state) seeded through SplitMix64, which makes
// creating a stream cheap enough to do once per held sample.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>

#include "ellopt/core/types.hpp"

namespace ellopt {

// SplitMix64 finalizer: a bijective mixer used to derive seeds.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Combine a seed with a path of stream ids into one 64-bit key.
constexpr std::uint64_t derive_seed(std::uint64_t seed, std::initializer_list<std::uint64_t> path) {
  std::uint64_t key = splitmix64(seed);
  for (std::uint64_t id : path) key = splitmix64(key ^ splitmix64(id + 0x632be59bd9b4e019ULL));
  return key;
}

// Everything a stream's future output depends on: a checkpointed run saves it and a resumed run restores it,
// so the numbers drawn after the resume are the ones the uninterrupted run would have drawn.
struct RngSnapshot {
  std::uint64_t key = 0;
  std::array<std::uint64_t, 4> state{};
  bool has_spare_normal = false;
  double spare_normal = 0.0;
};

class RngStream {
 public:
  using result_type = std::uint64_t;

  explicit RngStream(std::uint64_t seed = 0, std::initializer_list<std::uint64_t> path = {});

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()();

  // A child stream, independent of this one and of its other children.
  RngStream child(std::uint64_t id) const { return RngStream(key_, {id}); }
  std::uint64_t key() const { return key_; }
  RngSnapshot snapshot() const { return {key_, state_, has_spare_normal_, spare_normal_}; }
  // Throws std::invalid_argument for an all-zero state (xoshiro's one forbidden state: it would emit zeros).
  static RngStream restore(const RngSnapshot& snapshot);

  double uniform();                                    // [0, 1)
  double uniform(double lo, double hi);                // [lo, hi)
  double normal();                                     // standard normal (Marsaglia polar method)
  double student_t(double nu);                         // Student-t with nu degrees of freedom
  std::uint64_t below(std::uint64_t n);                // uniform integer in [0, n), unbiased
  void fill_normal(Vector& out);                       // i.i.d. standard normals
  void fill_uniform_ball(Vector& out, double radius);  // uniform in the Euclidean ball

 private:
  std::uint64_t key_;
  std::array<std::uint64_t, 4> state_{};
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

}  // namespace ellopt
