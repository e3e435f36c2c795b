#include "ellopt/bandit/federated.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ellopt/bandit/agent_host.hpp"
#include "ellopt/bandit/environment.hpp"
#include "ellopt/bandit/schedule.hpp"
#include "ellopt/bandit/stream_ids.hpp"

namespace ellopt::bandit {

namespace {

constexpr std::size_t kMaxLoggedRejections = 20;
// An aggregate whose norm exceeds this multiple of the largest honest message's norm counts as poisoned (see
// run_federated).
constexpr double kPoisonedNormRatio = 1e6;

double median(std::vector<double> values) {
  if (values.empty()) return std::nan("");
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (values.size() % 2 == 1) return *mid;
  const double upper = *mid;
  const double lower = *std::max_element(values.begin(), mid);
  return 0.5 * (lower + upper);
}

}  // namespace

std::string breakdown_warning(const robust::Aggregator& aggregator, std::int64_t agents,
                              double byzantine_fraction, std::int64_t byzantine) {
  if (byzantine == 0) return "";
  const double point = aggregator.breakdown_point(static_cast<Index>(agents));
  if (point == 0.0)
    return fmt::format(
        "aggregator '{}' has breakdown point 0: {} Byzantine agent(s) can move it arbitrarily far, "
        "so the run may break by design; use geometric-median or gmom for robustness",
        aggregator.name(), byzantine);
  // The actual fraction q/M. Trimmed mean, Krum and GMoM tolerate exactly their breakdown fraction (they are
  // sized for q bad inputs); the medians need strictly fewer than half.
  const double fraction = static_cast<double>(byzantine) / static_cast<double>(agents);
  // q = floor(alpha M) rounds alpha = 1/2 with odd M down below one half (10 of 21), where the breakdown test
  // above would stay silent; a requested alpha >= 1/2 is beyond every aggregator's breakdown point (at most
  // 1/2), so warn on the requested fraction too.
  const bool half_requested = byzantine_fraction >= 0.5;
  if (fraction > point + 1e-12 || (point >= 0.5 && fraction >= 0.5) || half_requested)
    return fmt::format(
        "byzantine_fraction = {} ({} of {} agents) is at or above the breakdown point {:.3g} of "
        "'{}': the Byzantine agents can move the aggregate arbitrarily far (spec §1.4: the geometric "
        "median needs alpha < 1/2)",
        byzantine_fraction, byzantine, agents, std::min(point, 0.5), aggregator.name());
  return "";
}

BanditResult run_federated(const BanditConfig& config, Transport& transport,
                           const robust::Aggregator& aggregator) {
  const EpochSchedule schedule(config.horizon, config.epoch_length);
  const LinearBandit environment(config.environment, config.seed);
  const Index d = environment.dim();
  const std::int64_t num_byzantine = config.byzantine_count();
  const std::int64_t num_honest = config.honest_count();
  AgentHost host(config, environment, schedule, transport.hosted_agents(config.agents));

  BanditResult result;
  result.config = config;
  result.is_server = transport.is_server();
  result.transport = transport.name();
  result.processes = transport.size();
  result.epoch_length = schedule.epoch_length();
  result.epochs = schedule.epochs();
  result.honest_agents = num_honest;
  result.byzantine_agents = num_byzantine;
  result.theta_star = environment.theta_star();
  result.regret = ColumnSeries({"t", "regret_per_agent", "regret_total", "regret_min", "regret_max"});
  result.estimation =
      ColumnSeries({"epoch", "t", "aggregate_error", "median_honest_error", "error_ratio", "excluded"});
  result.regret.reserve(static_cast<std::size_t>(schedule.epochs()));
  result.estimation.reserve(static_cast<std::size_t>(schedule.epochs()));
  result.agent_regret.assign(static_cast<std::size_t>(num_honest), {});
  if (const auto warning =
          breakdown_warning(aggregator, config.agents, config.byzantine_fraction, num_byzantine);
      !warning.empty())
    result.warnings.push_back(warning);

  // Server state. theta_0 is a random unit vector (spec §1.5: "arbitrary").
  Vector estimate(d);
  {
    RngStream rng(config.seed, {streams::kServer, 0});
    do rng.fill_normal(estimate);
    while (estimate.norm() == 0.0);
    estimate /= estimate.norm();
  }
  Matrix points(d, config.agents);
  Matrix honest(d, num_honest);
  Vector flat;
  std::vector<double> cumulative(static_cast<std::size_t>(num_honest), 0.0);
  std::vector<double> errors;
  bool warned_failure = false;
  std::string first_adjustment;

  for (std::int64_t k = 0; k < schedule.epochs(); ++k) {
    const Epoch epoch = schedule.epoch(k);
    transport.broadcast(estimate);
    std::vector<AgentMessage> messages = transport.gather(host.play_epoch(estimate, epoch));
    if (num_byzantine > 0) {
      // The omniscient adversary's view: this round's honest messages, in agent-id order.
      if (transport.is_server()) {
        flat.resize(d * num_honest);
        Index column = 0;
        for (const auto& m : messages) {
          if (m.payload.size() == d)
            honest.col(column) = m.payload;
          else
            honest.col(column).setZero();
          ++column;
        }
        flat = Eigen::Map<const Vector>(honest.data(), honest.size());
      }
      transport.broadcast(flat);
      const Eigen::Map<const Matrix> view(flat.data(), d, num_honest);
      std::vector<AgentMessage> forged = transport.gather(host.craft(Matrix(view), estimate, epoch));
      messages.insert(messages.end(), std::make_move_iterator(forged.begin()),
                      std::make_move_iterator(forged.end()));
      std::stable_sort(messages.begin(), messages.end(),
                       [](const AgentMessage& a, const AgentMessage& b) { return a.agent < b.agent; });
    }
    if (!transport.is_server()) continue;
    ++result.rounds;

    // The server boundary: a message of the wrong dimension is rejected with a logged reason; non-finite
    // entries pass through to the aggregator, whose robust versions exclude them.
    Index accepted = 0;
    double honest_scale = 0.0;  // the largest norm of an honest message this round
    errors.clear();
    for (const auto& m : messages) {
      if (m.payload.size() != d) {
        ++result.rejected_messages;
        if (result.log.size() < kMaxLoggedRejections)
          result.log.push_back(
              fmt::format("epoch {}: rejected the message of agent {}: it has {} entries, the "
                          "model dimension is {}",
                          k, m.agent, m.payload.size(), d));
        continue;
      }
      points.col(accepted++) = m.payload;
      if (!config.is_byzantine(m.agent)) {
        const auto h = static_cast<std::size_t>(m.agent);
        cumulative[h] += m.regret;
        result.agent_regret[h].push_back(cumulative[h]);
        errors.push_back(m.local_error);
        if (m.payload.allFinite()) honest_scale = std::max(honest_scale, m.payload.stableNorm());
      }
    }
    RngStream aggregator_rng(config.seed, {streams::kServer, 1, static_cast<std::uint64_t>(k)});
    std::int64_t excluded = 0;
    Vector next = estimate;
    if (accepted > 0) {
      const robust::AggregateResult aggregate =
          aggregator.aggregate(points.leftCols(accepted), aggregator_rng);
      excluded = static_cast<std::int64_t>(aggregate.excluded.size());
      // Poisoned: the aggregator says so (the mean over a non-finite input), or the aggregate is finite but
      // absurd. Rule: its norm exceeds kPoisonedNormRatio = 1e6 times the largest honest message's norm. No
      // convex combination of honest messages can exceed that norm, and a robust aggregator within its
      // breakdown point stays within a few times it (spec §1.4, C_alpha), so only a broken aggregator (the
      // mean under the 1e300 attack) crosses a factor of 1e6. stableNorm, because the plain norm of a 1e300
      // vector overflows to inf.
      const bool absurd = honest_scale > 0.0 && aggregate.value.allFinite() &&
                          aggregate.value.stableNorm() > kPoisonedNormRatio * honest_scale;
      if (aggregate.poisoned || absurd) ++result.poisoned_rounds;
      // The aggregator changed a setting to fit this round's input (GMoM: fewer usable points than groups,
      // e.g. after rejected messages); the run goes on, and says so once with the first round's reason.
      if (aggregate.adjusted && result.adjusted_rounds++ == 0)
        first_adjustment = fmt::format("epoch {}: {}", k, aggregate.warning);
      next = config.message == MessageKind::kEstimate
                 ? aggregate.value
                 : Vector(estimate - config.server_step * aggregate.value);
    }
    if (next.size() != d || !next.allFinite()) {
      ++result.aggregate_failures;
      if (!warned_failure) {
        result.warnings.push_back(
            fmt::format("epoch {}: the aggregate of '{}' is not finite (breakdown point {:.3g}); the server "
                        "kept its previous "
                        "estimate{}",
                        k, aggregator.name(), aggregator.breakdown_point(static_cast<Index>(config.agents)),
                        aggregator.breakdown_point(static_cast<Index>(config.agents)) == 0.0
                            ? ": a single non-finite message breaks it, by design"
                            : ""));
        warned_failure = true;
      }
    } else {
      estimate = next;
    }
    result.excluded_messages += excluded;

    const double t = static_cast<double>(epoch.start + epoch.length);
    double total = 0.0, low = std::numeric_limits<double>::infinity(), high = -low;
    for (const double r : cumulative) {
      total += r;
      low = std::min(low, r);
      high = std::max(high, r);
    }
    result.regret.add_row({t, total / static_cast<double>(num_honest), total, low, high});
    // stableNorm: an estimate dragged to norm 1e299 must report its error, not overflow to inf (JSON null).
    const double error = (estimate - environment.theta_star()).stableNorm();
    const double honest_error = median(errors);
    result.estimation.add_row({static_cast<double>(k), t, error, honest_error, error / honest_error,
                               static_cast<double>(excluded)});
  }
  if (result.rejected_messages > static_cast<std::int64_t>(result.log.size()))
    result.log.push_back(fmt::format("... {} rejections in total", result.rejected_messages));
  if (result.rejected_messages > 0)
    result.warnings.push_back(fmt::format("{} message(s) of the wrong dimension were rejected (see log)",
                                          result.rejected_messages));
  if (result.poisoned_rounds > 0)
    result.warnings.push_back(
        fmt::format("the aggregate of '{}' broke: it was poisoned (a non-finite input, or a norm above {:g} "
                    "times the largest honest message's) in {} round(s){}",
                    aggregator.name(), kPoisonedNormRatio, result.poisoned_rounds,
                    aggregator.breakdown_point(static_cast<Index>(config.agents)) == 0.0
                        ? ": it is not robust, by design"
                        : ": the Byzantine agents are beyond its breakdown point"));
  if (result.adjusted_rounds > 0)
    result.warnings.push_back(fmt::format("'{}' adjusted its settings to the input in {} round(s); first, {}",
                                          aggregator.name(), result.adjusted_rounds, first_adjustment));
  if (result.excluded_messages > 0)
    result.warnings.push_back(fmt::format("the aggregator excluded {} non-finite or malformed message(s)",
                                          result.excluded_messages));
  result.final_estimate = estimate;
  if (result.regret.rows() > 0) {
    result.final_regret_per_agent = result.regret.column("regret_per_agent").back();
    result.final_regret_total = result.regret.column("regret_total").back();
  }
  return result;
}

Json BanditResult::to_json() const {
  Json per_agent = Json::array();
  for (const auto& series : agent_regret) per_agent.push_back(series);
  auto vector_json = [](const Vector& v) {
    Json out = Json::array();
    for (Index i = 0; i < v.size(); ++i) out.push_back(v[i]);
    return out;
  };
  return Json{{"config", config.to_json()},
              {"transport", transport},
              {"processes", processes},
              {"epoch_length", epoch_length},
              {"epochs", epochs},
              {"communication_rounds", rounds},
              {"honest_agents", honest_agents},
              {"byzantine_agents", byzantine_agents},
              {"final_regret_per_agent", final_regret_per_agent},
              {"final_regret_total", final_regret_total},
              {"final_estimate_error", (final_estimate - theta_star).stableNorm()},
              {"theta_star", vector_json(theta_star)},
              {"final_estimate", vector_json(final_estimate)},
              {"regret", regret.to_json()},
              {"regret_per_honest_agent", per_agent},
              {"estimation", estimation.to_json()},
              {"rejected_messages", rejected_messages},
              {"excluded_messages", excluded_messages},
              {"aggregate_failures", aggregate_failures},
              {"poisoned_rounds", poisoned_rounds},
              {"adjusted_rounds", adjusted_rounds},
              {"warnings", warnings},
              {"log", log}};
}

}  // namespace ellopt::bandit
