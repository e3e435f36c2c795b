// The agents one process hosts. The same code runs in the in-process simulation (one host with every agent)
// and under MPI (one host per rank with the agents of that rank).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ellopt/bandit/attack.hpp"
#include "ellopt/bandit/config.hpp"
#include "ellopt/bandit/local_learner.hpp"
#include "ellopt/bandit/transport.hpp"

namespace ellopt::bandit {

class AgentHost {
 public:
  AgentHost(const BanditConfig& config, const LinearBandit& environment, const EpochSchedule& schedule,
            std::vector<std::int64_t> agent_ids);

  // Phase 1 of a round: every hosted agent plays the epoch around `broadcast`. Returns the honest agents'
  // messages (Byzantine agents keep their honest vector to themselves for phase 2).
  std::vector<AgentMessage> play_epoch(const Vector& broadcast, const Epoch& epoch);
  // Phase 2: every hosted Byzantine agent crafts its message from the round's honest messages (d x m, in
  // agent-id order), which an omniscient adversary sees (spec §1.3).
  std::vector<AgentMessage> craft(const Matrix& honest, const Vector& broadcast, const Epoch& epoch);

  std::size_t size() const { return agents_.size(); }

 private:
  struct Hosted {
    std::int64_t id;
    bool byzantine;
    LocalLearner learner;
    RngStream attack_rng;
    Vector own;  // a Byzantine agent's honest vector of the current round
  };
  const BanditConfig* config_;
  const LinearBandit* environment_;
  std::unique_ptr<Attack> attack_;
  Vector bad_direction_;
  std::vector<Hosted> agents_;
};

}  // namespace ellopt::bandit
