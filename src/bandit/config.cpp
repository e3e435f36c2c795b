#include "ellopt/bandit/config.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::bandit {

namespace {

ParamSpec real(std::string name, double value, std::string doc, std::optional<double> min = {},
               std::optional<double> max = {}, bool min_exclusive = false, bool max_exclusive = false) {
  ParamSpec spec{std::move(name), ParamType::kReal, value, std::move(doc)};
  spec.min = min;
  spec.max = max;
  spec.min_exclusive = min_exclusive;
  spec.max_exclusive = max_exclusive;
  return spec;
}

ParamSpec integer(std::string name, std::int64_t value, std::string doc, std::optional<double> min = {},
                  std::optional<double> max = {}) {
  ParamSpec spec{std::move(name), ParamType::kInteger, value, std::move(doc)};
  spec.min = min;
  spec.max = max;
  return spec;
}

ParamSpec text(std::string name, std::string value, std::string doc, std::vector<std::string> choices = {}) {
  ParamSpec spec{std::move(name), ParamType::kString, value, std::move(doc)};
  spec.choices = std::move(choices);
  return spec;
}

ParamSchema build_schema() {
  ParamSchema s;
  s.add(integer("agents", 20, "number of agents M (honest plus Byzantine)", 1, 1e6));
  s.add(real("byzantine_fraction", 0.0, "alpha: floor(alpha M) agents are Byzantine", 0.0, 1.0, false, true));
  s.add(text("attack", "none", "what Byzantine agents send (spec §1.10); see `ellopt list attacks`"));
  s.add(text("aggregator", "geometric-median",
             "server aggregator: mean, coordinate-median, trimmed-mean, krum, "
             "geometric-median, gmom"));
  s.add(integer("horizon", 65536, "T: steps per agent", 1, 1e12));
  s.add(integer("epoch_length", 0, "L; 0 means ceil(sqrt(T)) (spec §1.5)", 0, 1e12));
  s.add(integer("dim", 5, "d: dimension of theta* and of the actions", 1, 1e5));
  s.add(real("theta_norm", 1.0, "||theta*||, bounded away from 0 (spec §1.6)", 0.0, {}, true));
  s.add(real("sigma", 0.5, "sub-Gaussian noise level of the rewards", 0.0));
  s.add(text("noise", "gaussian", "reward noise law", {"gaussian", "uniform", "rademacher"}));
  s.add(text("action_set", "unit-ball", "unit-ball (curved) or finite (basis + random unit arms)",
             {"unit-ball", "finite"}));
  s.add(integer("arms", 20, "number of arms of the finite action set (>= dim)", 1, 1e7));
  s.add(text("exploration", "perturbation",
             "perturbation (unit ball), forced (explore-then-commit per epoch), "
             "epsilon-greedy",
             {"perturbation", "forced", "epsilon-greedy"}));
  s.add(real("exploration_scale", 1.0,
             "c_h in h^2 = min(1, c_h d sigma/sqrt(L)), or c of forced/epsilon-greedy", 0.0));
  s.add(text("estimator", "epoch-fresh", "local least squares on this epoch's data or on all data so far",
             {"epoch-fresh", "cumulative"}));
  s.add(text("message", "estimate",
             "what honest agents send: local estimate or least-squares gradient at the "
             "broadcast",
             {"estimate", "gradient"}));
  s.add(real("ridge", 1e-3, "lambda of the local ridge least squares", 0.0, {}, true));
  s.add(real("server_step", 1.0, "gradient messages: server step theta <- theta - step * AGG(g)", 0.0, {},
             true));
  s.add(text("privacy", "none", "per-agent differential privacy of the running sums (tree mechanism)",
             {"none", "gaussian", "laplace"}));
  s.add(real("epsilon", 1.0, "privacy epsilon (> 0)", 0.0, {}, true));
  s.add(real("delta", 1e-5, "privacy delta in (0, 1) (Gaussian)", 0.0, 1.0, true, true));
  s.add(real("reward_bound", 2.0, "B: rewards clipped to [-B, B] inside private statistics", 0.0, {}, true));
  s.add(real("psd_failure", 0.05, "beta of the PSD shift gamma of the private Gram matrix", 0.0, 1.0, true,
             true));
  s.add(real("shift_scale", 2.0, "O(1) factor of the PSD shift gamma [R]", 0.0));
  s.add(ParamSpec{"tree_variance_reduced", ParamType::kBool, false,
                  "Honaker (2015) variance-reduced tree nodes for the private sums"});
  s.add(integer("seed", 1, "base seed; every agent derives RngStream(seed, {agent id, ...})", 0));
  s.add(text("transport", "auto",
             "auto (MPI when launched under mpirun with more than one rank), in-process, "
             "mpi",
             {"auto", "in-process", "mpi"}));
  return s;
}

Json table(const Json& config, const char* key) {
  if (!config.is_object() || !config.contains(key)) return Json::object();
  const Json& value = config.at(key);
  if (value.is_null()) return Json::object();
  if (!value.is_object())
    throw ConfigError(fmt::format("bandit: '{}' must be a table of key = value, got {}", key, value.dump()));
  return value;
}

}  // namespace

std::string to_string(EstimatorKind kind) {
  return kind == EstimatorKind::kEpochFresh ? "epoch-fresh" : "cumulative";
}
std::string to_string(MessageKind kind) {
  return kind == MessageKind::kEstimate ? "estimate" : "gradient";
}
std::string to_string(PrivacyKind kind) {
  switch (kind) {
    case PrivacyKind::kNone:
      return "none";
    case PrivacyKind::kGaussian:
      return "gaussian";
    case PrivacyKind::kLaplace:
      return "laplace";
  }
  return "?";
}

std::int64_t BanditConfig::byzantine_count() const {
  // floor(alpha M) with a tolerance so that 0.2 * 20 is 4, not 3.
  return static_cast<std::int64_t>(std::floor(byzantine_fraction * static_cast<double>(agents) + 1e-9));
}

const ParamSchema& BanditConfig::schema() {
  static const ParamSchema schema = build_schema();
  return schema;
}

BanditConfig BanditConfig::from_json(const Json& config) {
  if (!config.is_null() && !config.is_object())
    throw ConfigError(fmt::format("bandit: the configuration must be a table, got {}", config.dump()));
  Json flat = config.is_object() ? config : Json::object();
  BanditConfig c;
  c.attack_params = table(config, "attack_params");
  c.aggregator_params = table(config, "aggregator_params");
  flat.erase("attack_params");
  flat.erase("aggregator_params");
  const Params p = schema().bind(flat, "bandit");
  c.agents = p.integer("agents");
  c.byzantine_fraction = p.real("byzantine_fraction");
  c.attack = p.text("attack");
  c.aggregator = p.text("aggregator");
  c.horizon = p.integer("horizon");
  c.epoch_length = p.integer("epoch_length");
  c.environment.dim = static_cast<Index>(p.integer("dim"));
  c.environment.theta_norm = p.real("theta_norm");
  c.environment.sigma = p.real("sigma");
  c.environment.noise = parse_noise(p.text("noise"));
  c.environment.action_set = parse_action_set(p.text("action_set"));
  c.environment.arms = static_cast<Index>(p.integer("arms"));
  c.exploration.kind = parse_exploration(p.text("exploration"));
  c.exploration.scale = p.real("exploration_scale");
  c.exploration.sigma = c.environment.sigma;
  c.estimator =
      p.text("estimator") == "epoch-fresh" ? EstimatorKind::kEpochFresh : EstimatorKind::kCumulative;
  c.message = p.text("message") == "estimate" ? MessageKind::kEstimate : MessageKind::kGradient;
  c.ridge = p.real("ridge");
  c.server_step = p.real("server_step");
  const auto privacy = p.text("privacy");
  c.privacy.kind = privacy == "none"       ? PrivacyKind::kNone
                   : privacy == "gaussian" ? PrivacyKind::kGaussian
                                           : PrivacyKind::kLaplace;
  c.privacy.epsilon = p.real("epsilon");
  c.privacy.delta = p.real("delta");
  c.privacy.reward_bound = p.real("reward_bound");
  c.privacy.psd_failure = p.real("psd_failure");
  c.privacy.shift_scale = p.real("shift_scale");
  c.privacy.variance_reduced = p.flag("tree_variance_reduced");
  c.seed = static_cast<std::uint64_t>(p.integer("seed"));
  c.transport = p.text("transport");
  if (c.honest_count() < 1)
    throw ConfigError(
        fmt::format("bandit: byzantine_fraction = {} leaves no honest agent among {} agents; use a "
                    "fraction below 1",
                    c.byzantine_fraction, c.agents));
  if (c.environment.action_set == ActionSetKind::kFinite && c.environment.arms < c.environment.dim)
    throw ConfigError(fmt::format("bandit: arms = {} must be >= dim = {} (the finite set contains the basis)",
                                  c.environment.arms, c.environment.dim));
  if (c.environment.action_set == ActionSetKind::kFinite &&
      c.exploration.kind == ExplorationKind::kPerturbation) {
    if (config.contains("exploration"))
      throw ConfigError(
          "bandit: exploration = perturbation needs the curved unit-ball action set; with "
          "action_set = finite use exploration = forced or epsilon-greedy");
    c.exploration.kind = ExplorationKind::kForced;  // the default exploration for a finite set
  }
  if (c.exploration.kind == ExplorationKind::kPerturbation && c.environment.dim < 2)
    throw ConfigError(
        "bandit: exploration = perturbation needs dim >= 2 (it explores orthogonally to the greedy "
        "action); use exploration = forced or epsilon-greedy");
  return c;
}

Json BanditConfig::to_json() const {
  return Json{{"agents", agents},
              {"byzantine_fraction", byzantine_fraction},
              {"attack", attack},
              {"attack_params", attack_params},
              {"aggregator", aggregator},
              {"aggregator_params", aggregator_params},
              {"horizon", horizon},
              {"epoch_length", epoch_length},
              {"dim", environment.dim},
              {"theta_norm", environment.theta_norm},
              {"sigma", environment.sigma},
              {"noise", environment.noise == NoiseKind::kGaussian  ? "gaussian"
                        : environment.noise == NoiseKind::kUniform ? "uniform"
                                                                   : "rademacher"},
              {"action_set", environment.action_set == ActionSetKind::kUnitBall ? "unit-ball" : "finite"},
              {"arms", environment.arms},
              {"exploration", bandit::to_string(exploration.kind)},
              {"exploration_scale", exploration.scale},
              {"estimator", bandit::to_string(estimator)},
              {"message", bandit::to_string(message)},
              {"ridge", ridge},
              {"server_step", server_step},
              {"privacy", bandit::to_string(privacy.kind)},
              {"epsilon", privacy.epsilon},
              {"delta", privacy.delta},
              {"reward_bound", privacy.reward_bound},
              {"psd_failure", privacy.psd_failure},
              {"shift_scale", privacy.shift_scale},
              {"tree_variance_reduced", privacy.variance_reduced},
              {"seed", seed},
              {"transport", transport}};
}

}  // namespace ellopt::bandit
