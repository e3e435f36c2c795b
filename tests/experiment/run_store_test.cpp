// The run store: round trip, bad files, and a process killed in the middle of writing leaves the store intact
// with only whole runs in it.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ellopt/core/error.hpp"
#include "ellopt/experiment/run_store.hpp"

namespace ellopt::experiment {
namespace {

namespace fs = std::filesystem;

std::string temp_db(const std::string& name) {
  const auto path = fs::temp_directory_path() / fmt::format("ellopt_test_{}_{}.db", name, getpid());
  fs::remove(path);
  fs::remove(path.string() + "-wal");
  fs::remove(path.string() + "-shm");
  return path.string();
}

RunRecord sample_run(int i, std::size_t rows) {
  RunRecord r;
  r.kind = "optimize";
  r.name = fmt::format("run{}", i);
  r.config = {{"i", i}};
  r.seed = static_cast<std::uint64_t>(i);
  r.status = "completed";
  r.summary = {{"value", i * 1.5}};
  r.metrics = {{"a", 1.0 * i}, {"b", 2.0 * i}};
  ColumnSeries s({"step", "f"});
  for (std::size_t k = 0; k < rows; ++k) s.add_row({static_cast<double>(k), static_cast<double>(i)});
  r.series["trajectory"] = s;
  r.series["other"] = s;
  return r;
}

TEST(RunStore, RoundTrip) {
  const auto path = temp_db("roundtrip");
  RunStore store(path);
  const auto id = store.save(sample_run(7, 10));
  const auto back = store.load(id);
  EXPECT_EQ(back.name, "run7");
  EXPECT_EQ(back.config["i"], 7);
  EXPECT_EQ(back.seed, 7u);
  EXPECT_DOUBLE_EQ(back.metrics.at("b"), 14.0);
  EXPECT_EQ(back.series.at("trajectory").rows(), 10u);
  EXPECT_FALSE(back.git_revision.empty());
  EXPECT_EQ(store.list().size(), 1u);
  EXPECT_THROW(store.load(999), StoreError);
}

TEST(RunStore, CorruptFileIsAClearStoreError) {
  const auto path = temp_db("corrupt");
  {
    std::ofstream out(path);
    out << std::string(8192, 'x');
  }
  try {
    RunStore store(path);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("corrupt"), std::string::npos) << e.what();
  }
}

TEST(RunStore, UnwritablePathIsAClearStoreError) {
  EXPECT_THROW(RunStore("/nonexistent-dir/x.db"), StoreError);
}

TEST(RunStore, LockedStoreIsAClearStoreError) {
  const auto path = temp_db("locked");
  { RunStore create(path); }
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;", nullptr, nullptr, nullptr),
            SQLITE_OK);
  try {
    // Opening or writing (after the busy timeout) must fail with a message that says "locked".
    RunStore store(path);
    store.save(sample_run(1, 2));
    ADD_FAILURE() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
}

TEST(RunStore, KillMidWriteLeavesOnlyWholeRuns) {
  const auto path = temp_db("kill");
  { RunStore create(path); }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    RunStore store(path);
    for (int i = 0;; ++i) store.save(sample_run(i, 20000));  // large runs: the kill lands mid-transaction
  }
  usleep(700 * 1000);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  RunStore store(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* check = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)), "ok");
  sqlite3_finalize(check);
  sqlite3_close(db);
  const auto runs = store.list(100000);
  EXPECT_GT(runs.size(), 0u) << "the child wrote nothing in 0.7 s";
  for (const auto& summary : runs) {
    const auto run = store.load(summary.id);
    ASSERT_EQ(run.series.size(), 2u) << "run " << summary.id << " is partial";
    EXPECT_EQ(run.series.at("trajectory").rows(), 20000u);
    EXPECT_EQ(run.metrics.size(), 2u);
  }
  // The store still accepts writes.
  EXPECT_GT(store.save(sample_run(-1, 3)), 0);
}

}  // namespace
}  // namespace ellopt::experiment
