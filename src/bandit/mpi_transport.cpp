// The MPI transport (OpenMPI): server on rank 0, agents on ranks 1..P-1. Compiled only when the build found
// MPI (the bandit layer then defines ELLOPT_BANDIT_HAS_MPI and links MPI::MPI_CXX); otherwise the factory
// reports that MPI is not available.
#include "ellopt/bandit/transport.hpp"
#include "ellopt/core/error.hpp"

#ifdef ELLOPT_BANDIT_HAS_MPI

#include <mpi.h>

#include <algorithm>

namespace ellopt::bandit {

namespace {

// Initializes MPI on first use and finalizes it at exit, unless someone else (the CLI, a sweep) owns MPI.
class MpiSession {
 public:
  static void ensure() { static MpiSession session; }
  ~MpiSession() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (owned_ && !finalized) MPI_Finalize();
  }

 private:
  MpiSession() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      MPI_Init(nullptr, nullptr);
      owned_ = true;
    }
  }
  bool owned_ = false;
};

class MpiTransport final : public Transport {
 public:
  MpiTransport() {
    MpiSession::ensure();
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  std::string name() const override { return "mpi"; }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::vector<std::int64_t> hosted_agents(std::int64_t num_agents) const override {
    std::vector<std::int64_t> ids;
    for (std::int64_t i = 0; i < num_agents; ++i)
      if (owner_rank(i, size_) == rank_) ids.push_back(i);
    return ids;
  }

  void broadcast(Vector& value) override {
    long long length = static_cast<long long>(value.size());
    MPI_Bcast(&length, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    if (rank_ != 0) value.resize(static_cast<Index>(length));
    if (length > 0) MPI_Bcast(value.data(), static_cast<int>(length), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  }

  std::vector<AgentMessage> gather(const std::vector<AgentMessage>& local) override {
    const std::vector<double> buffer = pack(local);
    int count = static_cast<int>(buffer.size());
    std::vector<int> counts(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> offsets;
    std::vector<double> all;
    if (rank_ == 0) {
      offsets.resize(static_cast<std::size_t>(size_));
      int total = 0;
      for (int r = 0; r < size_; ++r) {
        offsets[static_cast<std::size_t>(r)] = total;
        total += counts[static_cast<std::size_t>(r)];
      }
      all.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(buffer.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank_ != 0) return {};
    std::vector<AgentMessage> messages = unpack(all.data(), all.size());
    std::stable_sort(messages.begin(), messages.end(),
                     [](const AgentMessage& a, const AgentMessage& b) { return a.agent < b.agent; });
    return messages;
  }

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

bool mpi_available() {
  return true;
}
void abort_all_ranks_if_mpi(int code) {
  int initialized = 0;
  int finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (!initialized || finalized) return;
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size > 1) MPI_Abort(MPI_COMM_WORLD, code);
}
std::unique_ptr<Transport> make_mpi_transport() {
  return std::make_unique<MpiTransport>();
}

}  // namespace ellopt::bandit

#else

namespace ellopt::bandit {

bool mpi_available() {
  return false;
}
void abort_all_ranks_if_mpi(int code) {
  static_cast<void>(code);  // no MPI in this build: no other rank can be waiting
}
std::unique_ptr<Transport> make_mpi_transport() {
  throw ConfigError(
      "this build has no MPI transport (configure with ELLOPT_WITH_MPI=ON and OpenMPI installed)");
}

}  // namespace ellopt::bandit

#endif
