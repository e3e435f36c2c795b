#include "ellopt/bandit/federated.hpp"

namespace ellopt::bandit {

Json aggregator_params(const BanditConfig& config) {
  Json params = config.aggregator_params;
  // GMoM needs the number q of Byzantine inputs to pick k = 2q + 1 groups (spec §1.10) and to check
  // k >= 2(1+eps)q (Chen, Su & Xu 2017); the protocol knows q, so it passes it unless the user set groups.
  if (config.aggregator == "gmom" && !params.contains("byzantine") && !params.contains("groups"))
    params["byzantine"] = config.byzantine_count();
  return params;
}

BanditResult run_bandit(const Json& json) {
  const BanditConfig config = BanditConfig::from_json(json);
  const auto aggregator = robust::make_aggregator(config.aggregator, aggregator_params(config));
  const auto transport = make_transport(config.transport);
  return run_federated(config, *transport, *aggregator);
}

}  // namespace ellopt::bandit
