#include "ellopt/core/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "ellopt/core/error.hpp"

namespace ellopt {
namespace {

namespace fs = std::filesystem;

TEST(AtomicFile, ReplacesContentsAndLeavesNoTemporary) {
  const fs::path dir = fs::temp_directory_path() / "ellopt_atomic_file_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "state.json";
  write_file_atomically(file, "first");
  write_file_atomically(file, "second, longer");
  EXPECT_EQ(read_whole_file(file), "second, longer");
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1);  // no leftover .tmp file
  fs::remove_all(dir);
}

TEST(AtomicFile, MissingDirectoryIsANamedError) {
  const fs::path file = fs::temp_directory_path() / "ellopt_no_such_dir_xyz" / "state.json";
  try {
    write_file_atomically(file, "x");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ellopt_no_such_dir_xyz"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_whole_file(file), Error);
}

}  // namespace
}  // namespace ellopt
