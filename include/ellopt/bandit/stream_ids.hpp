// Random-stream identities of a federated bandit run. Every random number comes from RngStream(seed, path)
// with a path naming who draws it, never from the process or thread that happens to run the code: this is
// what makes an MPI run (agents spread over ranks) give the same numbers as the in-process simulation.
#pragma once

#include <cstdint>

namespace ellopt::bandit::streams {

inline constexpr std::uint64_t kEnvironment = 1;  // theta*, finite arms
inline constexpr std::uint64_t kServer = 2;       // theta_0, then child(epoch) for randomized aggregators
inline constexpr std::uint64_t kAgent = 3;        // {kAgent, agent_id, purpose}
inline constexpr std::uint64_t kAgentEnvironment = 0;  // purpose: rewards and exploration
inline constexpr std::uint64_t kAgentPrivacy = 1;      // purpose: tree-mechanism noise
inline constexpr std::uint64_t kAgentAttack = 2;       // purpose: a Byzantine agent's attack noise

}  // namespace ellopt::bandit::streams
