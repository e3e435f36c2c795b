// How messages move between the server and the agents. The federated driver (federated.hpp) is written once
// against this interface and runs unchanged on every process: the in-process transport holds all agents in
// one process; the MPI transport puts the server on rank 0 and spreads the agents over the other ranks
// (agent i on rank 1 + i mod (P - 1); with one rank, rank 0 hosts them all). Because every random number is
// drawn from a stream named by the agent id, both give identical numbers for a seed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ellopt/core/types.hpp"

namespace ellopt::bandit {

// One agent's message of one round, as it crosses the transport. The payload's length is whatever the agent
// sent: the server, not the transport, checks it against d (a Byzantine agent may send anything).
struct AgentMessage {
  std::int64_t agent = 0;
  Vector payload;
  double regret = 0.0;       // the agent's regret over the epoch (simulation bookkeeping, honest agents)
  double local_error = 0.0;  // ||theta_i - theta*|| of its local estimate (simulation bookkeeping)
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual std::string name() const = 0;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool is_server() const { return rank() == 0; }

  // The agent ids this process hosts, in increasing order.
  virtual std::vector<std::int64_t> hosted_agents(std::int64_t num_agents) const = 0;
  // The server's `value` reaches every process (receivers are resized). Collective.
  virtual void broadcast(Vector& value) = 0;
  // Every process's messages reach the server, which returns all of them sorted by agent id; other processes
  // get an empty list. Collective.
  virtual std::vector<AgentMessage> gather(const std::vector<AgentMessage>& local) = 0;
};

// All agents and the server in this process; broadcast and gather are copies.
class InProcessTransport final : public Transport {
 public:
  std::string name() const override { return "in-process"; }
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::int64_t> hosted_agents(std::int64_t num_agents) const override;
  void broadcast(Vector&) override {}
  std::vector<AgentMessage> gather(const std::vector<AgentMessage>& local) override;
};

// Which rank hosts agent `agent` when `ranks` processes run (rank 0 is the server).
int owner_rank(std::int64_t agent, int ranks);

// Packs messages as [agent, regret, local_error, length, payload...] doubles (the MPI wire format) and back.
// `unpack` rejects a malformed buffer (negative or overlong length) with an Error instead of reading past it.
std::vector<double> pack(const std::vector<AgentMessage>& messages);
std::vector<AgentMessage> unpack(const double* data, std::size_t size);

// True when built with MPI support (ELLOPT_BANDIT_HAS_MPI).
bool mpi_available();
// True when this process was started by mpirun with more than one rank (OMPI_COMM_WORLD_SIZE / PMI_SIZE).
bool launched_under_mpi();
// "in-process", "mpi", or "auto" (MPI when launched under mpirun, else in-process). Asking for "mpi" in a
// build without MPI is a ConfigError.
std::unique_ptr<Transport> make_transport(const std::string& name);
// The MPI transport on MPI_COMM_WORLD; initializes MPI once per process (finalized at exit).
std::unique_ptr<Transport> make_mpi_transport();
// For error paths of a program that may run under mpirun: when MPI is initialized, not yet finalized, and the
// world has more than one rank, calls MPI_Abort(MPI_COMM_WORLD, code), which does not return. Otherwise (and
// in builds without MPI) does nothing. Why: an error on one rank mid-run leaves the others blocked forever in
// a collective (the agents in MPI_Bcast waiting for the server), so returning an exit code would hang the
// job.
void abort_all_ranks_if_mpi(int code);

}  // namespace ellopt::bandit
