// Every knob of a federated bandit run, validated once (ParamSchema) and then held as typed fields. The
// variants spec §1.5 lists as "the paper may use any of them" are options here: what agents send, epoch-fresh
// vs cumulative statistics, the exploration scheme, the action set; plus per-agent differential privacy
// (spec §1.8), the attack (§1.10), the aggregator (§1.4) and the transport.
#pragma once

#include <cstdint>
#include <string>

#include "ellopt/bandit/environment.hpp"
#include "ellopt/bandit/exploration.hpp"
#include "ellopt/core/params.hpp"

namespace ellopt::bandit {

enum class EstimatorKind { kEpochFresh, kCumulative };
enum class MessageKind { kEstimate, kGradient };
enum class PrivacyKind { kNone, kGaussian, kLaplace };

struct PrivacyOptions {
  PrivacyKind kind = PrivacyKind::kNone;
  double epsilon = 1.0;           // > 0
  double delta = 1e-5;            // in (0, 1); Gaussian only
  double reward_bound = 2.0;      // B: rewards are clipped to [-B, B] before entering private statistics
  double psd_failure = 0.05;      // beta of the PSD shift gamma (spec §1.8)
  double shift_scale = 2.0;       // the O(1) factor of gamma [R]
  bool variance_reduced = false;  // Honaker (2015) node weighting in the tree (spec §1.8)
};

struct BanditConfig {
  // Federation.
  std::int64_t agents = 20;
  double byzantine_fraction = 0.0;  // alpha; floor(alpha * agents) agents are Byzantine
  std::string attack = "none";
  Json attack_params = Json::object();
  std::string aggregator = "geometric-median";
  Json aggregator_params = Json::object();
  // Problem.
  std::int64_t horizon = 65536;   // T, steps per agent
  std::int64_t epoch_length = 0;  // 0: ceil(sqrt(T))
  EnvironmentOptions environment;
  // Learner.
  EstimatorKind estimator = EstimatorKind::kEpochFresh;
  MessageKind message = MessageKind::kEstimate;
  ExplorationOptions exploration;
  double ridge = 1e-3;       // lambda of the local least squares
  double server_step = 1.0;  // gradient messages: theta_k = theta_{k-1} - server_step * AGG(g)
  PrivacyOptions privacy;
  // Run.
  std::uint64_t seed = 1;
  std::string transport = "auto";  // auto | in-process | mpi

  std::int64_t byzantine_count() const;
  std::int64_t honest_count() const { return agents - byzantine_count(); }
  bool is_byzantine(std::int64_t agent) const { return agent >= honest_count(); }

  static const ParamSchema& schema();
  // Binds a JSON object of flat keys (`--set agents=50` ...) plus the nested tables `attack_params` and
  // `aggregator_params`. Unknown keys, wrong types, out-of-range values (epsilon <= 0, delta outside (0, 1),
  // byzantine_fraction outside [0, 1)) are ConfigErrors naming the key.
  static BanditConfig from_json(const Json& config);
  Json to_json() const;
};

std::string to_string(EstimatorKind kind);
std::string to_string(MessageKind kind);
std::string to_string(PrivacyKind kind);

}  // namespace ellopt::bandit
