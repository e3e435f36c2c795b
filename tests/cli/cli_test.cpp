#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct Result {
  int exit_code;
  std::string out;
  std::string err;
};

fs::path work_dir() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / fmt::format("ellopt_cli_test_{}", getpid());
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

Result run(const std::string& args, const std::string& stdin_text = "") {
  const auto err_path = work_dir() / "stderr.txt";
  const auto in_path = work_dir() / "stdin.txt";
  {
    std::ofstream in(in_path);
    in << stdin_text;
  }
  const std::string command = fmt::format("cd '{}' && '{}' {} < '{}' 2> '{}'", work_dir().string(),
                                          ELLOPT_BINARY, args, in_path.string(), err_path.string());
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer;
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  std::ifstream err_file(err_path);
  std::stringstream err;
  err << err_file.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, err.str()};
}

TEST(Cli, ListProblemsAndMethods) {
  const auto problems = run("list problems");
  ASSERT_EQ(problems.exit_code, 0) << problems.err;
  for (const char* name : {"double-well", "quartic", "cosh", "x-plus-inv-x", "x-minus-log-x"})
    EXPECT_NE(problems.out.find(name), std::string::npos) << name;
  const auto methods = run("list methods --format json");
  ASSERT_EQ(methods.exit_code, 0) << methods.err;
  const auto parsed = Json::parse(methods.out);
  bool has_gd = false;
  for (const auto& row : parsed) has_gd = has_gd || row["name"] == "gd";
  EXPECT_TRUE(has_gd);
  const auto claims = run("list claims --format csv");
  EXPECT_NE(claims.out.find("E1.1"), std::string::npos);
}

TEST(Cli, ListAggregatorsAndAttacks) {
  const auto aggregators = run("list aggregators --format csv");
  ASSERT_EQ(aggregators.exit_code, 0) << aggregators.err;
  for (const char* name : {"mean", "geometric-median", "gmom", "coordinate-median", "krum"})
    EXPECT_NE(aggregators.out.find(name), std::string::npos) << name;
  const auto attacks = run("list attacks --format json");
  ASSERT_EQ(attacks.exit_code, 0) << attacks.err;
  std::vector<std::string> names;
  for (const auto& row : Json::parse(attacks.out)) names.push_back(row["name"]);
  for (const char* name : {"sign-flip", "alie", "target", "large-norm"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  const auto unknown = run("list widgets");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("aggregators, attacks"), std::string::npos) << unknown.err;
}

TEST(Cli, OptimizeJsonHasTheDocumentedShape) {
  const auto r = run(
      "optimize --problem double-well --method gd --steps 50 --seed 3 --set problem.dim=5 --set problem.x0=2 "
      "--format json --db cli.db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json::parse(r.out);
  for (const char* key :
       {"run_id", "problem", "method", "config", "seed", "x_initial", "x_final", "summary", "series"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["problem"], "double-well");
  EXPECT_EQ(j["seed"], 3);
  EXPECT_EQ(j["x_initial"].size(), 5u);
  EXPECT_EQ(j["config"]["problem"]["dim"], 5);
  for (const char* column : {"step", "f", "grad_norm", "grad_evals", "step_size"})
    ASSERT_EQ(j["series"][column].size(), 51u) << column;
  const auto& f = j["series"]["f"];
  for (std::size_t t = 1; t < f.size(); ++t) EXPECT_LE(f[t].get<double>(), f[t - 1].get<double>());
  EXPECT_EQ(j["summary"]["diverged"], false);

  const auto shown = run(fmt::format("runs show {} --db cli.db --format json", j["run_id"].get<int>()));
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(Json::parse(shown.out)["name"], "double-well/gd");
  const auto exported = run(fmt::format("runs export {} --db cli.db", j["run_id"].get<int>()));
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(Json::parse(exported.out)["series"]["trajectory"]["f"].size(), 51u);
  const auto listed = run("runs list --db cli.db --format csv");
  EXPECT_NE(listed.out.find("double-well/gd"), std::string::npos);
}

TEST(Cli, ConfigFileAndOverridesCombine) {
  {
    std::ofstream config(work_dir() / "run.toml");
    config << "[problem]\nname = \"cosh\"\nx0 = 1.5\n[method]\nname = \"gd\"\nstep = \"constant\"\nlr = "
              "0.1\n[run]\nsteps = 7\n";
  }
  const auto r = run("optimize --config run.toml --set method.lr=0.2 --format json --db cli.db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json::parse(r.out);
  EXPECT_EQ(j["problem"], "cosh");
  EXPECT_DOUBLE_EQ(j["config"]["method"]["lr"].get<double>(), 0.2);
  EXPECT_EQ(j["series"]["step"].size(), 8u);
}

void expect_one_line_error(const Result& r, int code, const std::string& needle) {
  EXPECT_EQ(r.exit_code, code) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(Cli, CheckpointThenResumeEqualsOneRun) {
  const std::string base =
      "optimize --problem double-well --method sgd --set method.lr=0.01 --seed 5 --db ck.db";
  const auto whole = run(base + " --steps 90 --format json");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const auto first = run(base + " --steps 30 --checkpoint run.ckpt --checkpoint-every 10 --quiet");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_TRUE(fs::exists(work_dir() / "run.ckpt"));
  const auto resumed = run("optimize --resume run.ckpt --steps 60 --db ck.db --format json");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const auto a = Json::parse(whole.out);
  const auto b = Json::parse(resumed.out);
  EXPECT_EQ(a["x_final"], b["x_final"]);  // bit-identical: the same doubles print the same
  EXPECT_EQ(b["summary"]["steps"], 90);
  EXPECT_EQ(b["config"]["run"]["resumed_at_step"], 30);

  const auto other_method = run("optimize --resume run.ckpt --method adam --steps 5 --db ck.db");
  EXPECT_EQ(other_method.exit_code, 2);
  EXPECT_NE(other_method.err.find("continues method 'sgd'"), std::string::npos) << other_method.err;
  const auto changed = run("optimize --resume run.ckpt --set method.lr=0.5 --steps 5 --db ck.db");
  EXPECT_EQ(changed.exit_code, 2);
  EXPECT_NE(changed.err.find("cannot change"), std::string::npos) << changed.err;
  {
    std::ofstream bad(work_dir() / "bad.ckpt");
    bad << "{\"format\": \"something else\"}";
  }
  const auto garbage = run("optimize --resume bad.ckpt --steps 5 --db ck.db");
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_NE(garbage.err.find("bad.ckpt"), std::string::npos) << garbage.err;
}

TEST(Cli, BenchRobustReportsTheGeometricMedianAgainstTheTriad) {
  const auto bench = run("bench robust --no-large --repeats 1 --threads 1 --format json --quiet");
  ASSERT_EQ(bench.exit_code, 0) << bench.err;
  const auto rows = Json::parse(bench.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1]["n"], "1000");
  EXPECT_EQ(rows[1]["d"], "1000");
  EXPECT_GT(std::stod(rows[1]["iterations"].get<std::string>()), 0.0);
  EXPECT_GT(std::stod(rows[1]["percent_of_triad"].get<std::string>()), 0.0);
  const auto bad = run("bench robust --repeats 0");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--repeats"), std::string::npos) << bad.err;
}

TEST(Cli, BadInputGetsOneClearLineAndNonZeroExit) {
  expect_one_line_error(run("optimize --problem nope --method gd --db cli.db"), 2, "valid problems are");
  expect_one_line_error(run("optimize --problem double-well --method nope --db cli.db"), 2,
                        "valid methods are");
  expect_one_line_error(run("optimize --problem double-well --method gd --set problem.dimm=3 --db cli.db"), 2,
                        "valid parameters are: dim");
  expect_one_line_error(run("optimize --problem double-well --method gd --set problem.dim=abc --db cli.db"),
                        2, "must be an integer");
  expect_one_line_error(run("optimize --problem x-plus-inv-x --method gd --set problem.x0=-1 --db cli.db"), 2,
                        "x0");
  expect_one_line_error(
      run("optimize --problem cosh --method gd --set method.lr=-1 --set method.step=constant --db cli.db"), 2,
      "lr");
  {
    std::ofstream bad(work_dir() / "bad.toml");
    bad << "[problem]\nname = \"cosh\"\nx0 = = 2\n";
  }
  expect_one_line_error(run("optimize --config bad.toml --method gd --db cli.db"), 2, "bad.toml:3");
  expect_one_line_error(run("optimize --problem cosh --method gd --format xml --db cli.db"), 2, "--format");
  {
    std::ofstream corrupt(work_dir() / "corrupt.db");
    corrupt << std::string(4096, 'z');
  }
  expect_one_line_error(run("optimize --problem cosh --method gd --db corrupt.db"), 5, "corrupt");
  ASSERT_EQ(run("optimize --problem cosh --method gd --steps 1 --db cli.db").exit_code, 0);  // cli.db exists
  expect_one_line_error(run("runs show 123456 --db cli.db"), 5, "no run 123456");
  expect_one_line_error(run("reproduce --claims Z9.* --db cli.db"), 2, "matches no claim");
  // Parser errors: one line, exit 2, like every configuration error.
  expect_one_line_error(run("optimize --problem cosh --method gd --steps abc --db cli.db"), 2, "--steps");
  expect_one_line_error(run("optimize --no-such-flag --db cli.db"), 2, "no-such-flag");
  // Negative counts are range errors, not "use the default".
  expect_one_line_error(run("optimize --problem cosh --method gd --steps -5 --db cli.db"), 2, "steps");
  expect_one_line_error(run("optimize --problem cosh --method gd --seed -3 --db cli.db"), 2, "seed");
  expect_one_line_error(run("minimax --problem quadratic-game --steps -5 --db cli.db"), 2, "steps");
  // Subcommands that read no keys refuse them instead of ignoring them.
  expect_one_line_error(run("list problems --set foo=1"), 2, "takes no configuration keys");
  expect_one_line_error(run("runs list --set foo=1 --db cli.db"), 2, "takes no configuration keys");
  // Reading a store that does not exist does not create it.
  expect_one_line_error(run("runs show 1 --db typo.db"), 5, "does not exist");
  EXPECT_FALSE(fs::exists(work_dir() / "typo.db"));
}

TEST(Cli, ExportedTrajectoryKeepsItsColumnOrder) {
  const auto r = run("optimize --problem cosh --method gd --steps 3 --db order.db --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto id = Json::parse(r.out)["run_id"].get<long long>();
  const auto csv = run(fmt::format("runs export {} --db order.db --format csv", id));
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find("step,f,grad_norm,grad_evals,step_size"), std::string::npos) << csv.out;
}

TEST(Cli, AggregateRejectsMalformedCsvNamingTheLine) {
  expect_one_line_error(run("aggregate --method geometric-median", "1,2\n3,4\n5,abc\n"), 2, "line 3");
  expect_one_line_error(run("aggregate --method mean", "1,2\n3,4,5\n"), 2,
                        "line 2: 3 values, but line 1 has 2");
  const auto good = run("aggregate --method mean --format json", "1,2\n3,4\n");
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(Json::parse(good.out)["value"], Json::parse("[2.0, 3.0]"));
}

TEST(Cli, BanditRejectsBadPrivacyNamingTheKey) {
  // The privacy parameters are flat keys (docs/bandits.md): privacy = gaussian|laplace, epsilon, delta.
  expect_one_line_error(run("bandit --set privacy=gaussian --set epsilon=0 --set horizon=64 --db cli.db"), 2,
                        "epsilon");
  expect_one_line_error(run("bandit --set privacy=gaussian --set delta=1 --set horizon=64 --db cli.db"), 2,
                        "delta");
  // A nested spelling is not a key: 'privacy' is a string, and the error names it.
  expect_one_line_error(run("bandit --set privacy.epsilon=0 --set horizon=64 --db cli.db"), 2, "privacy");
}

TEST(Cli, BanditJsonHasTheDocumentedKeys) {
  const auto r = run(
      "bandit --set horizon=256 --set agents=5 --set byzantine_fraction=0.2 --set attack=target --set dim=3 "
      "--set transport=in-process --format json --db cli.db --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json::parse(r.out);
  for (const char* key : {"config",
                          "transport",
                          "communication_rounds",
                          "epoch_length",
                          "epochs",
                          "honest_agents",
                          "byzantine_agents",
                          "final_regret_per_agent",
                          "final_regret_total",
                          "final_estimate_error",
                          "theta_star",
                          "final_estimate",
                          "regret",
                          "estimation",
                          "regret_per_honest_agent",
                          "rejected_messages",
                          "excluded_messages",
                          "aggregate_failures",
                          "poisoned_rounds",
                          "adjusted_rounds",
                          "warnings",
                          "log",
                          "run_id"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["communication_rounds"], 16);  // ceil(256 / ceil(sqrt 256))
  EXPECT_EQ(j["honest_agents"], 4);
  EXPECT_TRUE(j["final_estimate_error"].is_number());
  EXPECT_TRUE(j["regret"].is_object() || j["regret"].is_array());
}

TEST(Cli, AnErrorOnTheMpiServerEndsEveryRank) {
  if (std::system("command -v mpirun > /dev/null 2>&1 && command -v timeout > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "mpirun or timeout not found";
  // Krum with f = 4 needs n > 2f + 2 = 10 points: the server throws in the first round, after MPI started,
  // while the agent ranks wait in MPI_Bcast. Returning the exit code on rank 0 alone used to hang the job.
  const std::string command = fmt::format(
      "cd '{}' && timeout 60 mpirun --allow-run-as-root --oversubscribe -np 3 '{}' bandit --set agents=10 "
      "--set horizon=256 --set aggregator=krum --set aggregator_params.f=4 --set transport=mpi --db mpi.db "
      "> mpi_out.txt 2> mpi_err.txt",
      work_dir().string(), ELLOPT_BINARY);
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << command;
  EXPECT_NE(WEXITSTATUS(status), 124) << "the MPI job hung until the timeout";
  EXPECT_NE(WEXITSTATUS(status), 0);
  std::ifstream err_file(work_dir() / "mpi_err.txt");
  std::stringstream err;
  err << err_file.rdbuf();
  EXPECT_NE(err.str().find("Krum needs n > 2f + 2"), std::string::npos) << err.str();
}

TEST(Cli, DivergingRunIsReportedNotCrashed) {
  const auto r =
      run("optimize --problem quartic --method gd --set problem.x0=2.3 --set method.step=constant --set "
          "method.lr=0.1 "
          "--steps 100 --format json --db cli.db");
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("diverged"), std::string::npos) << r.err;
  const auto j = Json::parse(r.out);  // valid JSON: no NaN
  EXPECT_EQ(j["summary"]["diverged"], true);
  for (const auto& v : j["x_final"]) EXPECT_TRUE(v.is_number());
}

TEST(Cli, MinimaxJsonHasTheDocumentedShapeAndDivergenceExits4) {
  const auto ok =
      run("minimax --problem stackelberg-scalar --method eg --steps 200 --format json --db mm.db");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto j = Json::parse(ok.out);
  for (const char* key : {"config", "x_initial", "y_initial", "x_final", "y_final", "summary", "series"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["summary"]["diverged"], false);
  for (const char* column : {"step", "calls", "grad_x_norm", "grad_y_norm"})
    EXPECT_TRUE(j["series"].contains(column)) << column;

  const auto bad =
      run("minimax --problem stackelberg-scalar --set method.eta_y=0.5 --set method.ratio=1 --steps 100000 "
          "--format json --db mm.db");
  EXPECT_EQ(bad.exit_code, 4) << bad.err;
  EXPECT_NE(bad.err.find("diverged"), std::string::npos) << bad.err;
  const auto d = Json::parse(bad.out);  // valid JSON: no NaN
  EXPECT_EQ(d["summary"]["diverged"], true);
  EXPECT_GE(d["series"]["step"].size(), 2u);  // the series reaches the last finite iterate

  expect_one_line_error(run("minimax --problem stackelberg-scalar --set method.ratio=0 --db mm.db"), 2,
                        "ratio");
  expect_one_line_error(run("minimax --problem no-such-game --db mm.db"), 2, "stackelberg-scalar");
  const auto listed = run("list methods --format csv");
  for (const char* name : {"gda", "alt-gda", "eg", "ogda", "past-eg"})
    EXPECT_NE(listed.out.find(std::string("\n") + name + ","), std::string::npos) << name;
}

TEST(Cli, LeavingTheDomainIsReported) {
  const auto r =
      run("optimize --problem x-minus-log-x --method gd --set problem.x0=2 --set method.step=constant --set "
          "method.lr=5 "
          "--steps 10 --db cli.db");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("left the domain"), std::string::npos) << r.err;
}

TEST(Cli, ClaimParametersAreSetAndChecked) {
  const auto r =
      run("reproduce --claims E1.1 --set E1.1.steps=400 --set E1.1.starts=[1.5,5] --report rep_params --db "
          "params.db "
          "--quiet --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = Json::parse(r.out);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0]["claim"], "E1.1");
  const auto stored =
      run(fmt::format("runs show {} --db params.db --format json", rows[0]["run_id"].get<long long>()));
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  const auto record = Json::parse(stored.out);
  EXPECT_EQ(record["config"]["params"]["steps"], 400);
  EXPECT_EQ(record["config"]["params"]["starts"], Json::array({1.5, 5.0}));
  expect_one_line_error(run("reproduce --claims E1.1 --set E1.1.bogus=1 --db params.db"), 2,
                        "valid parameters are");
  expect_one_line_error(run("reproduce --claims E1.1 --set E1.4.x0=0.1 --db params.db"), 2, "E1.4.x0");
  expect_one_line_error(run("reproduce --claims E1.1 --set E1.1.steps=0 --db params.db"), 2, "steps");
}

TEST(Cli, ReproduceWritesReportWithPlots) {
  const auto r = run("reproduce --claims E1.1 --report rep --db cli.db --quiet");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("E1.1"), std::string::npos);
  EXPECT_TRUE(fs::exists(work_dir() / "rep" / "index.html"));
  EXPECT_TRUE(fs::exists(work_dir() / "rep" / "plots" / "E1_1_gap.svg"));
  std::ifstream html(work_dir() / "rep" / "index.html");
  std::stringstream text;
  text << html.rdbuf();
  EXPECT_NE(text.str().find("plots/E1_1_gap.svg"), std::string::npos);
}

}  // namespace
