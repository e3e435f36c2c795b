// Files that are either the old version or the new one, never half of each: checkpoints and reports are written
// to a temporary beside the target, flushed to disk, then renamed over it (rename is atomic on POSIX), so a run
// killed mid-write leaves the previous file intact.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ellopt {

// Throws Error naming the path and the cause when the directory is missing or not writable.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// The whole file; Error naming the path when it cannot be read.
std::string read_whole_file(const std::filesystem::path& path);

}  // namespace ellopt
