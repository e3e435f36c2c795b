// The named minimax problems (`ellopt list problems`), each with its parameter schema.
#include <fmt/format.h>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/minimax/dro_simplex.hpp"
#include "ellopt/problems/minimax/hard_ncsc.hpp"
#include "ellopt/problems/minimax/minimax_problem.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"
#include "ellopt/problems/minimax/robust_regression.hpp"
#include "ellopt/problems/minimax/toy_gan.hpp"

namespace ellopt::problems {
namespace {

ParamSpec real(std::string name, double value, std::string doc, std::optional<double> min = std::nullopt,
               bool min_exclusive = false) {
  return ParamSpec{.name = std::move(name), .type = ParamType::kReal, .default_value = value, .doc = std::move(doc),
                   .min = min, .min_exclusive = min_exclusive};
}

ParamSpec integer(std::string name, std::int64_t value, std::string doc, double min, double max) {
  return ParamSpec{.name = std::move(name), .type = ParamType::kInteger, .default_value = value,
                   .doc = std::move(doc), .min = min, .max = max};
}

// The cap on the hard instance's chain length: dimension 2T, and every method needs >= 2T - 1 calls.
constexpr Index kMaxChainLength = 1'000'000;

void add_quadratic_games(MinimaxProblemRegistry& registry) {
  registry.add({"quadratic-game",
                "1/2 x'Ax + x'By - 1/2 y'Cy with A = -a I, C = mu I, random B (spec P1-b); closed-form Phi",
                with_common_minimax_params({
                    integer("dim_x", 2, "dimension of x", 1, 10000),
                    integer("dim_y", 2, "dimension of y", 1, 10000),
                    real("a", 1.0, "A = -a I (a > 0: concave in x, Stackelberg but not Nash)"),
                    real("mu", 0.1, "C = mu I: strong concavity in y", 0.0, true),
                    real("b_min", 1.0, "smallest singular value of B", 0.0),
                    real("b_max", 1.0, "largest singular value of B", 0.0),
                    integer("instance_seed", 1, "seed of the random orthogonal factors of B", 0, 1e15),
                    real("quartic", 0.0, "c of the perturbation +(c/4)sum x^4 - (c/4)sum y^4", 0.0),
                }),
                [](const Params& p) -> std::unique_ptr<MinimaxProblem> {
                  return make_random_quadratic_game(p.integer("dim_x"), p.integer("dim_y"), p.real("a"), p.real("mu"),
                                                    p.real("b_min"), p.real("b_max"),
                                                    static_cast<std::uint64_t>(p.integer("instance_seed")),
                                                    p.real("quartic"));
                }});
  registry.add({"stackelberg-scalar",
                "-(a/2)x^2 + b x y - (mu/2)y^2: Stackelberg but not Nash when b^2 > a mu (spec §3.3)",
                with_common_minimax_params({
                    real("a", 1.0, "curvature -a of f in x"),
                    real("b", 1.0, "coupling"),
                    real("mu", 0.1, "strong concavity in y", 0.0, true),
                    real("quartic", 0.0, "c of the perturbation +(c/4)x^4 - (c/4)y^4", 0.0),
                }),
                [](const Params& p) -> std::unique_ptr<MinimaxProblem> {
                  return make_stackelberg_scalar(p.real("a"), p.real("b"), p.real("mu"), p.real("quartic"));
                }});
  registry.add({"local-rate-game",
                "(mu_x/2)x2^2 - 1/2 x1^2 + x1 y - (mu_y/2)y^2: the local-rate instance (spec §3.3)",
                with_common_minimax_params({
                    real("mu_x", 0.1, "curvature of Phi along x2 (kappa_x ~ 1/mu_x)", 0.0, true),
                    real("mu_y", 0.1, "strong concavity in y (kappa_y ~ 1/mu_y), < 1", 0.0, true),
                }),
                [](const Params& p) -> std::unique_ptr<MinimaxProblem> {
                  return make_local_rate_game(p.real("mu_x"), p.real("mu_y"));
                }});
}

void add_applications(MinimaxProblemRegistry& registry) {
  registry.add({"robust-regression",
                "(1/n) sum log(1 + (a_i'x - b_i - y_i)^2) - (lambda/2)||y||^2, NC-SC, exact y*(x) (spec P1-a)",
                with_common_minimax_params({
                    integer("n", 50, "number of samples (= dim y)", 1, 1e7),
                    integer("d", 10, "number of features (= dim x)", 1, 1e6),
                    real("mu", 1e-2, "strong concavity in y (lambda = 2/n + mu)", 0.0, true),
                    real("noise_dof", 2.0, "degrees of freedom of the Student-t label noise", 0.0, true),
                    integer("data_seed", 1, "seed of the synthetic data", 0, 1e15),
                }),
                [](const Params& p) -> std::unique_ptr<MinimaxProblem> {
                  return RobustRegression::synthetic(p.integer("n"), p.integer("d"), p.real("mu"),
                                                     p.real("noise_dof"),
                                                     static_cast<std::uint64_t>(p.integer("data_seed")));
                }});
  registry.add({"dro-simplex",
                "sum y_i l_i(x) - (lambda/2)||y - 1/n||^2 on the simplex (spec P1-c); lambda = 0 is NC-C",
                with_common_minimax_params({
                    integer("n", 10, "number of losses (= dim y)", 2, 1e6),
                    integer("d", 5, "dimension of x", 1, 1e6),
                    real("lambda", 0.1, "strong concavity in y (0: nonconvex-concave)", 0.0),
                    integer("data_seed", 1, "seed of the synthetic data", 0, 1e15),
                }),
                [](const Params& p) -> std::unique_ptr<MinimaxProblem> {
                  return DroSimplex::synthetic(p.integer("n"), p.integer("d"), p.real("lambda"),
                                               static_cast<std::uint64_t>(p.integer("data_seed")));
                }});
  registry.add({"toy-gan",
                "regularized toy GAN, data N(m, s^2), linear generator, quadratic discriminator (spec §3.5)",
                with_common_minimax_params({
                    real("m", 1.0, "data mean"),
                    real("s", 1.0, "data standard deviation", 0.0, true),
                    real("mu", 0.5, "discriminator regularization (strong concavity)", 0.0, true),
                    real("a", 0.1, "concave generator term -(a/2)||theta - theta*||^2 (0: plain toy GAN)", 0.0),
                }),
                [](const Params& p) -> std::unique_ptr<MinimaxProblem> {
                  return std::make_unique<ToyGan>(p.real("m"), p.real("s"), p.real("mu"), p.real("a"));
                }});
  registry.add({"hard-ncsc",
                "NC-SC lower-bound chain of spec §4.2 from (l, kappa, delta, eps); T ~ sqrt(kappa) delta / eps^2",
                with_common_minimax_params({
                    real("l", 1.0, "smoothness ell", 0.0, true),
                    real("kappa", 10.0, "condition number ell/mu (>= 3)", 3.0),
                    real("delta", 1.0, "initial gap Phi(0) - inf Phi", 0.0, true),
                    // eps = 0.005 with kappa = 10, l = delta = 1 gives T = 10 (spec §4.2 sizing).
                    real("eps", 0.005, "target stationarity; the instance keeps ||grad Phi|| >= eps until x_T moves",
                         0.0, true),
                    integer("chain_length", 0, "T given directly (with `scale`); 0 derives T from delta and eps", 0,
                            static_cast<double>(kMaxChainLength)),
                    real("scale", 1.0, "lambda when chain_length is given", 0.0, true),
                }),
                [](const Params& p) -> std::unique_ptr<MinimaxProblem> {
                  if (p.integer("chain_length") > 0)
                    return std::make_unique<HardNcsc>(p.integer("chain_length"), p.real("kappa"), p.real("l"),
                                                      p.real("scale"));
                  const auto size = hard_ncsc_size(p.real("l"), p.real("kappa"), p.real("delta"), p.real("eps"),
                                                   kMaxChainLength);
                  return std::make_unique<HardNcsc>(size.chain_length, p.real("kappa"), p.real("l"), size.scale);
                }});
}

}  // namespace

const MinimaxProblemRegistry& minimax_problems() {
  static const MinimaxProblemRegistry registry = [] {
    MinimaxProblemRegistry r("minimax problem");
    add_quadratic_games(r);
    add_applications(r);
    return r;
  }();
  return registry;
}

}  // namespace ellopt::problems
