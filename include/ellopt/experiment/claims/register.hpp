// Registration functions, one per area (each defined in src/experiment/claims/<area>*.cpp).
#pragma once

#include "ellopt/experiment/claim.hpp"

namespace ellopt::experiment {

void register_smoothness_gd_claims(ClaimRegistry& registry);  // E1.1, E1.4
void register_smoothness_sgd_nag_claims(ClaimRegistry& registry);  // E1.2, E1.3 (optim-a)
void register_adam_spider_claims(ClaimRegistry& registry);   // E2.1, E2.2, E3.1, E3.2 (optim-b)
void register_minimax_claims(ClaimRegistry& registry);         // M1.1, M2.1-M2.3, M3.1 (seeds 5, 6, 9)
void register_bandit_claims(ClaimRegistry& registry);         // B1.1-B1.6 (seed 7)

}  // namespace ellopt::experiment
