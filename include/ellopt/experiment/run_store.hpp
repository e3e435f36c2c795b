// The run store: every run (an `optimize` call, a claim check, a minimax or bandit run) with its config, seed,
// code revision, metrics, series and verdict, in SQLite (default file ellopt.db). WAL journal, and one
// transaction per run: a kill mid-write leaves either the whole run or none of it. The schema is versioned.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ellopt/core/params.hpp"
#include "ellopt/core/series.hpp"

struct sqlite3;

namespace ellopt::experiment {

struct RunRecord {
  std::int64_t id = 0;                 // assigned by save()
  std::string kind;                    // "optimize", "claim", "minimax", "bandit", ...
  std::string name;                    // problem/method or claim id
  Json config = Json::object();
  std::uint64_t seed = 0;
  std::string git_revision;
  std::string started_at;              // ISO-8601 UTC
  std::string finished_at;
  std::string status;                  // "completed", "diverged", "passed", "failed", ...
  Json summary = Json::object();
  std::map<std::string, double> metrics;
  std::map<std::string, ColumnSeries> series;
};

struct RunSummary {
  std::int64_t id;
  std::string kind, name, status, finished_at;
  std::uint64_t seed;
};

class RunStore {
 public:
  static constexpr int kSchemaVersion = 1;

  // Opens or creates the store. A locked, corrupt or foreign file is a StoreError naming the path and the fix.
  explicit RunStore(const std::string& path);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  // Writes the whole run in one transaction; returns its id.
  std::int64_t save(const RunRecord& record);
  std::vector<RunSummary> list(std::int64_t limit = 100) const;
  RunRecord load(std::int64_t id) const;  // StoreError if absent
  const std::string& path() const { return path_; }

 private:
  void execute(const std::string& sql) const;
  sqlite3* db_ = nullptr;
  std::string path_;
};

// The current time as ISO-8601 UTC, and the code revision compiled into this binary.
std::string now_utc();
std::string code_revision();

}  // namespace ellopt::experiment
