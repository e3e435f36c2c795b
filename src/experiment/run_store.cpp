#include "ellopt/experiment/run_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>

#include "ellopt/core/error.hpp"
#include "ellopt/experiment/git_revision.hpp"

namespace ellopt::experiment {
namespace {

// RAII prepared statement.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql, const std::string& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
    return false;
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw StoreError(fmt::format("run store '{}': {} failed: {}", path_, what, sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string path_;
};

std::string describe_open_failure(int rc, const std::string& path, const char* detail) {
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return fmt::format("run store '{}' is locked by another process; wait for it to finish or pass --db OTHER.db",
                       path);
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    return fmt::format("run store '{}' is corrupt or not an ellopt database ({}); move it away or pass --db NEW.db",
                       path, detail);
  return fmt::format("cannot open run store '{}': {}; check the path and its permissions, or pass --db", path,
                     detail);
}

}  // namespace

std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string code_revision() { return kGitRevision; }

RunStore::RunStore(const std::string& path) : path_(path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    const std::string detail = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(describe_open_failure(rc, path, detail.c_str()));
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=NORMAL");
    execute("PRAGMA foreign_keys=ON");
    execute(
        "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, name TEXT NOT "
        "NULL, config TEXT NOT NULL, seed INTEGER NOT NULL, git_revision TEXT NOT NULL, started_at TEXT NOT NULL, "
        "finished_at TEXT NOT NULL, status TEXT NOT NULL, summary TEXT NOT NULL, series_count INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS metrics(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name "
        "TEXT NOT NULL, value REAL, PRIMARY KEY(run_id, name));"
        "CREATE TABLE IF NOT EXISTS series(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT "
        "NOT NULL, data TEXT NOT NULL, PRIMARY KEY(run_id, name));");
    Statement version(db_, "SELECT version FROM schema_version", path_);
    if (version.step()) {
      const auto found = version.integer(0);
      if (found != kSchemaVersion)
        throw StoreError(fmt::format("run store '{}' has schema version {} but this ellopt uses {}; pass --db NEW.db "
                                     "or export the old runs with a matching ellopt",
                                     path_, found, kSchemaVersion));
    } else {
      execute(fmt::format("INSERT INTO schema_version(version) VALUES({})", kSchemaVersion));
    }
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

RunStore::~RunStore() {
  if (db_) sqlite3_close(db_);
}

void RunStore::execute(const std::string& sql) const {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string detail = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw StoreError(describe_open_failure(rc, path_, detail.c_str()));
  }
}

std::int64_t RunStore::save(const RunRecord& record) {
  // One IMMEDIATE transaction: readers never see a partial run and a kill rolls it back (WAL).
  execute("BEGIN IMMEDIATE");
  try {
    Statement insert(db_,
                     "INSERT INTO runs(kind, name, config, seed, git_revision, started_at, finished_at, status, "
                     "summary, series_count) VALUES(?,?,?,?,?,?,?,?,?,?)",
                     path_);
    insert.bind(1, record.kind)
        .bind(2, record.name)
        .bind(3, record.config.dump())
        .bind(4, static_cast<std::int64_t>(record.seed))
        .bind(5, record.git_revision.empty() ? code_revision() : record.git_revision)
        .bind(6, record.started_at.empty() ? now_utc() : record.started_at)
        .bind(7, record.finished_at.empty() ? now_utc() : record.finished_at)
        .bind(8, record.status)
        .bind(9, record.summary.dump())
        .bind(10, static_cast<std::int64_t>(record.series.size()));
    insert.step();
    const std::int64_t id = sqlite3_last_insert_rowid(db_);
    Statement metric(db_, "INSERT INTO metrics(run_id, name, value) VALUES(?,?,?)", path_);
    for (const auto& [name, value] : record.metrics) {
      metric.bind(1, id).bind(2, name).bind(3, value);
      metric.step();
      metric.reset();
    }
    Statement series(db_, "INSERT INTO series(run_id, name, data) VALUES(?,?,?)", path_);
    for (const auto& [name, data] : record.series) {
      series.bind(1, id).bind(2, name).bind(3, data.to_ordered_json().dump());
      series.step();
      series.reset();
    }
    execute("COMMIT");
    return id;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<RunSummary> RunStore::list(std::int64_t limit) const {
  Statement query(db_,
                  "SELECT id, kind, name, status, finished_at, seed FROM runs ORDER BY id DESC LIMIT ?", path_);
  query.bind(1, limit);
  std::vector<RunSummary> out;
  while (query.step())
    out.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.text(4),
                   static_cast<std::uint64_t>(query.integer(5))});
  return out;
}

RunRecord RunStore::load(std::int64_t id) const {
  Statement query(db_,
                  "SELECT kind, name, config, seed, git_revision, started_at, finished_at, status, summary FROM runs "
                  "WHERE id = ?",
                  path_);
  query.bind(1, id);
  if (!query.step())
    throw StoreError(fmt::format("run store '{}' has no run {}; `ellopt runs list` shows the ids", path_, id));
  RunRecord r;
  r.id = id;
  r.kind = query.text(0);
  r.name = query.text(1);
  r.config = Json::parse(query.text(2));
  r.seed = static_cast<std::uint64_t>(query.integer(3));
  r.git_revision = query.text(4);
  r.started_at = query.text(5);
  r.finished_at = query.text(6);
  r.status = query.text(7);
  r.summary = Json::parse(query.text(8));
  Statement metrics(db_, "SELECT name, value FROM metrics WHERE run_id = ? ORDER BY name", path_);
  metrics.bind(1, id);
  while (metrics.step()) r.metrics[metrics.text(0)] = metrics.real(1);
  Statement series(db_, "SELECT name, data FROM series WHERE run_id = ? ORDER BY name", path_);
  series.bind(1, id);
  while (series.step()) r.series[series.text(0)] = ColumnSeries::from_json(Json::parse(series.text(1)));
  return r;
}

}  // namespace ellopt::experiment
