#include "ellopt/bandit/transport.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "ellopt/core/error.hpp"

namespace ellopt::bandit {

std::vector<std::int64_t> InProcessTransport::hosted_agents(std::int64_t num_agents) const {
  std::vector<std::int64_t> ids(static_cast<std::size_t>(num_agents));
  for (std::int64_t i = 0; i < num_agents; ++i) ids[static_cast<std::size_t>(i)] = i;
  return ids;
}

std::vector<AgentMessage> InProcessTransport::gather(const std::vector<AgentMessage>& local) {
  std::vector<AgentMessage> all = local;
  std::stable_sort(all.begin(), all.end(),
                   [](const AgentMessage& a, const AgentMessage& b) { return a.agent < b.agent; });
  return all;
}

int owner_rank(std::int64_t agent, int ranks) {
  if (ranks <= 1) return 0;
  return 1 + static_cast<int>(agent % (ranks - 1));
}

std::vector<double> pack(const std::vector<AgentMessage>& messages) {
  std::vector<double> out;
  for (const auto& m : messages) {
    out.push_back(static_cast<double>(m.agent));
    out.push_back(m.regret);
    out.push_back(m.local_error);
    out.push_back(static_cast<double>(m.payload.size()));
    out.insert(out.end(), m.payload.data(), m.payload.data() + m.payload.size());
  }
  return out;
}

std::vector<AgentMessage> unpack(const double* data, std::size_t size) {
  std::vector<AgentMessage> out;
  std::size_t at = 0;
  while (at < size) {
    if (size - at < 4) throw Error(fmt::format("malformed message buffer: {} trailing values", size - at));
    AgentMessage m;
    m.agent = static_cast<std::int64_t>(data[at]);
    m.regret = data[at + 1];
    m.local_error = data[at + 2];
    const double length = data[at + 3];
    at += 4;
    if (!(length >= 0.0) || std::floor(length) != length || length > static_cast<double>(size - at))
      throw Error(
          fmt::format("malformed message buffer: agent {} declares payload length {} with {} values left",
                      m.agent, length, size - at));
    const auto n = static_cast<std::size_t>(length);
    m.payload = Eigen::Map<const Vector>(data + at, static_cast<Index>(n));
    at += n;
    out.push_back(std::move(m));
  }
  return out;
}

bool launched_under_mpi() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    if (const char* value = std::getenv(variable)) return std::atoi(value) > 1;
  }
  return false;
}

std::unique_ptr<Transport> make_transport(const std::string& name) {
  if (name == "in-process") return std::make_unique<InProcessTransport>();
  if (name == "mpi") {
    if (!mpi_available())
      throw ConfigError(
          "transport 'mpi' asked for, but this build has no MPI (configure with ELLOPT_WITH_MPI=ON and "
          "OpenMPI installed); use transport=in-process");
    return make_mpi_transport();
  }
  if (name == "auto") {
    if (mpi_available() && launched_under_mpi()) return make_mpi_transport();
    return std::make_unique<InProcessTransport>();
  }
  throw ConfigError(fmt::format("unknown transport '{}'; use auto, in-process or mpi", name));
}

}  // namespace ellopt::bandit
