// The one place that lists every area's claims. Each area defines its registration function next to its
// claims (src/experiment/claims/<area>*.cpp) and adds one line here.
#include "ellopt/experiment/claim.hpp"
#include "ellopt/experiment/claims/register.hpp"

namespace ellopt::experiment {

const ClaimRegistry& claims() {
  static const ClaimRegistry registry = [] {
    ClaimRegistry r;
    register_smoothness_gd_claims(r);  // E1.1, E1.4 (seed 2)
    register_smoothness_sgd_nag_claims(r);  // E1.2, E1.3 (seed 2)
    register_adam_spider_claims(r);    // E2.1, E2.2, E3.1, E3.2 (seeds 3, 4)
    register_minimax_claims(r);        // M1.1, M2.1-M2.3, M3.1 (seeds 5, 6, 9)
    register_bandit_claims(r);         // B1.1-B1.6 (seed 7)
    return r;
  }();
  return registry;
}

}  // namespace ellopt::experiment
