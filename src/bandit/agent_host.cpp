#include "ellopt/bandit/agent_host.hpp"

#include "ellopt/bandit/stream_ids.hpp"

namespace ellopt::bandit {

AgentHost::AgentHost(const BanditConfig& config, const LinearBandit& environment,
                     const EpochSchedule& schedule, std::vector<std::int64_t> agent_ids)
    : config_(&config),
      environment_(&environment),
      attack_(make_attack(config.attack, config.attack_params)) {
  // The most harmful direction: for estimates, -theta* (spec §1.6: the mean then points away from theta*);
  // for gradients, +theta*, since the server steps along -AGG(g) and is pushed towards -theta*.
  bad_direction_ = config.message == MessageKind::kEstimate ? Vector(-environment.theta_star())
                                                            : Vector(environment.theta_star());
  const LearnerOptions options = LearnerOptions::from(config, schedule);
  agents_.reserve(agent_ids.size());
  for (const std::int64_t id : agent_ids) {
    agents_.push_back(Hosted{
        id, config.is_byzantine(id), LocalLearner(options, environment, config.seed, id),
        RngStream(config.seed, {streams::kAgent, static_cast<std::uint64_t>(id), streams::kAgentAttack}),
        Vector()});
  }
}

std::vector<AgentMessage> AgentHost::play_epoch(const Vector& broadcast, const Epoch& epoch) {
  std::vector<AgentMessage> out;
  for (auto& agent : agents_) {
    const EpochOutcome& outcome = agent.learner.run_epoch(broadcast, epoch);
    if (agent.byzantine) {
      agent.own = outcome.message;
      continue;
    }
    out.push_back(AgentMessage{agent.id, outcome.message, outcome.regret,
                               (outcome.estimate - environment_->theta_star()).norm()});
  }
  return out;
}

std::vector<AgentMessage> AgentHost::craft(const Matrix& honest, const Vector& broadcast,
                                           const Epoch& epoch) {
  std::vector<AgentMessage> out;
  const std::int64_t attackers = config_->byzantine_count();
  for (auto& agent : agents_) {
    if (!agent.byzantine) continue;
    const AttackView view{honest, environment_->theta_star(),         bad_direction_, agent.own, broadcast,
                          epoch,  agent.id - config_->honest_count(), attackers};
    out.push_back(AgentMessage{agent.id, attack_->craft(view, agent.attack_rng), 0.0, 0.0});
  }
  return out;
}

}  // namespace ellopt::bandit
