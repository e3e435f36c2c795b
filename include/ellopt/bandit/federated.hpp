// The federated protocol of spec §1.5 [R] (Jadbabaie, Li, Qian, Tian 2022; reference design, not the
// authors' pseudo-code):
//   server: theta_0 random unit vector
//   for epoch k = 1..K (K = ceil(T/L), L = ceil(sqrt T)): one communication round
//     server broadcasts theta_{k-1}; every agent plays L steps and sends a d-vector (honest: its local
//     estimate or gradient; Byzantine: the attack's message);
//     server rejects malformed messages (wrong dimension), aggregates the rest with the named aggregator
//     (geometric median by default) and sets theta_k = AGG (estimates) or theta_{k-1} - step AGG (gradients).
// Regret counts honest agents only (spec §1.3) and is reported both summed and per honest agent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ellopt/bandit/config.hpp"
#include "ellopt/bandit/transport.hpp"
#include "ellopt/core/series.hpp"
#include "ellopt/robust/aggregator.hpp"

namespace ellopt::bandit {

struct BanditResult {
  BanditConfig config;
  bool is_server = true;  // under MPI only rank 0 holds the results; the other ranks return an empty result
  std::string transport;
  int processes = 1;
  std::int64_t epoch_length = 0;
  std::int64_t epochs = 0;
  std::int64_t rounds = 0;  // communication rounds the server completed (= K)
  std::int64_t honest_agents = 0;
  std::int64_t byzantine_agents = 0;
  // One row per epoch end: t, regret_per_agent (mean over honest agents of the cumulative regret),
  // regret_total (sum over honest agents), regret_min, regret_max (over honest agents).
  ColumnSeries regret;
  // One row per epoch: epoch, t, aggregate_error ||theta_k - theta*||, median_honest_error (median over
  // honest agents of ||theta_i - theta*||), error_ratio (their quotient, compared with C_alpha of spec §1.4),
  // excluded (messages the aggregator ignored).
  ColumnSeries estimation;
  std::vector<std::vector<double>> agent_regret;  // [honest agent][epoch]: cumulative regret at epoch ends
  double final_regret_per_agent = 0.0;
  double final_regret_total = 0.0;
  Vector theta_star;
  Vector final_estimate;
  std::int64_t rejected_messages = 0;  // wrong dimension, rejected at the server boundary
  std::int64_t excluded_messages = 0;  // non-finite or otherwise ignored by the aggregator
  std::int64_t aggregate_failures =
      0;  // epochs whose aggregate was not finite (the previous estimate is kept)
  // Rounds whose aggregate broke: the aggregator reported itself poisoned (the mean over a non-finite input),
  // or the aggregate's norm exceeded 1e6 times the largest honest message's (the mean under a 1e300 attack).
  std::int64_t poisoned_rounds = 0;
  std::int64_t adjusted_rounds = 0;  // rounds the aggregator changed a setting to fit the input (GMoM's k)
  std::vector<std::string> warnings;
  std::vector<std::string> log;  // the first rejections, with their reasons

  Json to_json() const;
};

// The warning for a Byzantine fraction at or above the aggregator's breakdown point (0 for the mean, 1/2 for
// the geometric median, ...), naming that point; empty when there is nothing to warn about.
std::string breakdown_warning(const robust::Aggregator& aggregator, std::int64_t agents,
                              double byzantine_fraction, std::int64_t byzantine);

// Runs the protocol on this process's share of the agents; collective over the transport's processes.
BanditResult run_federated(const BanditConfig& config, Transport& transport,
                           const robust::Aggregator& aggregator);

// Binds `config` (flat keys, see BanditConfig::schema), builds the transport and the named aggregator
// (robust::make_aggregator(config.aggregator, config.aggregator_params)), and runs. This is what
// `ellopt bandit` calls.
BanditResult run_bandit(const Json& config);
// The aggregator parameters the protocol passes: the user's `aggregator_params`, plus byzantine = q for gmom
// when neither groups nor byzantine is given (so k = 2q + 1, spec §1.10).
Json aggregator_params(const BanditConfig& config);

}  // namespace ellopt::bandit
