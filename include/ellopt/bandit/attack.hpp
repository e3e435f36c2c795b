// What Byzantine agents send (spec §1.3 threat model [K]: at most alpha M agents, fixed but unknown to the
// server, may send arbitrary vectors, collude, know theta* and see the honest messages of the round; they
// cannot change honest observations). Each attack is chosen by name (NamedRegistry) with its own parameters:
//   sign-flip   -scale * (mean of the honest vectors), or -scale * own honest vector
//   target      every attacker sends scale * v_bad; v_bad = -theta* for estimates (the strongest), the
//               gradient that pushes the server towards -theta* for gradient messages (collusion)
//   large-norm  scale * N(0, I), scale 1e3
//   gaussian    own honest vector + N(0, s^2 I), s = 10
//   alie        coordinate-wise mean - z * coordinate-wise std of the honest vectors (Baruch et al. 2019), z
//   = 1 ipm         -epsilon * mean of the honest vectors (Xie et al. 2019) sleeper     honest for the first
//   ceil(sleep_fraction K) epochs, then target none        behave honestly (send own honest vector)
// and hostile messages that test the server's input handling (not attacks of the spec):
//   non-finite  NaN and +-inf entries; wrong-dimension  a vector of length d + 1; huge-norm  1e300 * v_bad
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "ellopt/bandit/schedule.hpp"
#include "ellopt/core/params.hpp"
#include "ellopt/core/registry.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::bandit {

// Everything an omniscient, colluding attacker knows when it crafts its message.
struct AttackView {
  const Matrix& honest;         // d x m: this round's honest messages, columns in agent-id order
  const Vector& theta_star;     // the true parameter
  const Vector& bad_direction;  // the vector whose direction does the most harm (see `target`)
  const Vector& own;            // what this attacker would send if it were honest
  const Vector& broadcast;      // the server's current estimate
  const Epoch& epoch;
  std::int64_t attacker_rank = 0;  // 0..q-1 among the Byzantine agents
  std::int64_t attackers = 0;      // q
};

class Attack {
 public:
  virtual ~Attack() = default;
  virtual std::string name() const = 0;
  // The message; `rng` is the attacker's own stream (RngStream(seed, {kAgent, id, kAgentAttack})).
  virtual Vector craft(const AttackView& view, RngStream& rng) const = 0;
};

using AttackFactory = std::function<std::unique_ptr<Attack>(const Params&)>;
using AttackRegistry = NamedRegistry<AttackFactory>;

const AttackRegistry& attacks();
std::unique_ptr<Attack> make_attack(const std::string& name, const Json& params = Json());

// Column-wise mean and standard deviation of the honest vectors (helpers shared by ALIE, IPM, sign-flip).
Vector honest_mean(const Matrix& honest);
Vector honest_std(const Matrix& honest);

}  // namespace ellopt::bandit
