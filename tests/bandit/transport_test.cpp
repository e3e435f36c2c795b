// The transport boundary: the wire format, the in-process transport, and equivalence of an MPI run (server on
// rank 0, agents on ranks 1..2) with the in-process simulation for the same seed.
#include "ellopt/bandit/transport.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>

#include "ellopt/bandit/federated.hpp"
#include "ellopt/core/error.hpp"

namespace ellopt::bandit {
namespace {

TEST(WireFormat, PackUnpackRoundTripKeepsEveryBit) {
  std::vector<AgentMessage> messages(3);
  messages[0] = {4, Vector::LinSpaced(3, -1.0, 1.0), 1.5, 0.25};
  messages[1] = {1, Vector::Constant(2, std::numeric_limits<double>::quiet_NaN()), 0.0, 0.0};
  messages[2] = {7, Vector(), 2.0, 3.0};
  messages[1].payload[1] = std::numeric_limits<double>::infinity();
  const auto buffer = pack(messages);
  const auto back = unpack(buffer.data(), buffer.size());
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].agent, 4);
  EXPECT_EQ(back[0].payload, messages[0].payload);
  EXPECT_EQ(back[0].regret, 1.5);
  EXPECT_TRUE(std::isnan(back[1].payload[0]));
  EXPECT_TRUE(std::isinf(back[1].payload[1]));
  EXPECT_EQ(back[2].payload.size(), 0);
  EXPECT_EQ(back[2].local_error, 3.0);
}

TEST(WireFormat, MalformedBufferIsAnErrorNotAnOverread) {
  std::vector<double> buffer = {0.0, 0.0, 0.0, 5.0, 1.0, 2.0};  // declares 5 values, carries 2
  EXPECT_THROW(unpack(buffer.data(), buffer.size()), Error);
  buffer = {0.0, 0.0, 0.0, -1.0};
  EXPECT_THROW(unpack(buffer.data(), buffer.size()), Error);
  buffer = {0.0, 0.0};
  EXPECT_THROW(unpack(buffer.data(), buffer.size()), Error);
  buffer = {0.0, 0.0, 0.0, std::nan("")};
  EXPECT_THROW(unpack(buffer.data(), buffer.size()), Error);
}

TEST(InProcessTransport, HostsEveryAgentAndSortsGatheredMessages) {
  InProcessTransport transport;
  EXPECT_TRUE(transport.is_server());
  EXPECT_EQ(transport.hosted_agents(3), (std::vector<std::int64_t>{0, 1, 2}));
  std::vector<AgentMessage> local(2);
  local[0].agent = 2;
  local[1].agent = 0;
  const auto all = transport.gather(local);
  EXPECT_EQ(all[0].agent, 0);
  EXPECT_EQ(all[1].agent, 2);
}

TEST(OwnerRank, SpreadsAgentsOverNonServerRanks) {
  EXPECT_EQ(owner_rank(5, 1), 0);
  EXPECT_EQ(owner_rank(0, 3), 1);
  EXPECT_EQ(owner_rank(1, 3), 2);
  EXPECT_EQ(owner_rank(2, 3), 1);
}

TEST(MakeTransport, NamesAndErrors) {
  EXPECT_EQ(make_transport("in-process")->name(), "in-process");
  EXPECT_THROW(make_transport("carrier-pigeon"), ConfigError);
  if (!mpi_available()) {
    EXPECT_THROW(make_transport("mpi"), ConfigError);
  }
}

// A configuration that exercises every part that could differ between transports: Byzantine agents that use
// their own streams (gaussian attack), a randomized aggregator (GMoM's partition) and DP noise.
Json equivalence_config(const std::string& transport) {
  return Json{{"agents", 7},          {"byzantine_fraction", 0.3},
              {"attack", "gaussian"}, {"aggregator", "gmom"},
              {"horizon", 900},       {"dim", 3},
              {"seed", 17},           {"privacy", "gaussian"},
              {"epsilon", 2.0},       {"transport", transport}};
}

const char* kMpiOutput = "ELLOPT_BANDIT_MPI_OUT";

// Runs only when the parent test below launches this binary under mpirun.
TEST(BanditMpi, Child) {
  const char* out = std::getenv(kMpiOutput);
  if (out == nullptr) GTEST_SKIP() << "runs only under mpirun, launched by BanditMpi.SameRegretAsInProcess";
  const auto result = run_bandit(equivalence_config("mpi"));
  EXPECT_EQ(result.processes, 3);
  if (result.is_server) std::ofstream(out) << result.to_json().dump();
}

TEST(BanditMpi, SameRegretAsInProcess) {
  if (!mpi_available()) GTEST_SKIP() << "built without MPI";
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not found";
  const auto expected = run_bandit(equivalence_config("in-process")).to_json();
  const auto path =
      std::filesystem::temp_directory_path() / ("ellopt_bandit_mpi_" + std::to_string(getpid()) + ".json");
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string command = std::string(kMpiOutput) + "=" + path.string() +
                              " mpirun --allow-run-as-root --oversubscribe -np 3 " + self +
                              " --gtest_filter=BanditMpi.Child > /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "the MPI run wrote no result to " << path;
  const Json actual = Json::parse(in);
  std::filesystem::remove(path);
  EXPECT_EQ(actual.at("processes"), 3);
  EXPECT_EQ(actual.at("transport"), "mpi");
  // Identical numbers, not merely close: every stream is named by agent id, and the server sums in id order.
  EXPECT_EQ(actual.at("regret"), expected.at("regret"));
  EXPECT_EQ(actual.at("regret_per_honest_agent"), expected.at("regret_per_honest_agent"));
  EXPECT_EQ(actual.at("estimation"), expected.at("estimation"));
  EXPECT_EQ(actual.at("final_estimate"), expected.at("final_estimate"));
  EXPECT_EQ(actual.at("communication_rounds"), expected.at("communication_rounds"));
}

}  // namespace
}  // namespace ellopt::bandit
