#include "ellopt/core/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ellopt/core/error.hpp"

namespace ellopt {

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  const std::filesystem::path temporary = path.string() + fmt::format(".tmp{}", ::getpid());
  const auto fail = [&](const std::string& what) {
    const std::string cause = std::strerror(errno);
    ::unlink(temporary.c_str());
    return Error(fmt::format("cannot write '{}': {} ({}); check that the directory exists and is writable",
                             path.string(), what, cause));
  };
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw fail("open");
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  // The data must be on disk before the rename makes it visible, or a crash could expose an empty file.
  if (::fsync(fd) != 0) {
    ::close(fd);
    throw fail("fsync");
  }
  if (::close(fd) != 0) throw fail("close");
  if (std::rename(temporary.c_str(), path.c_str()) != 0) throw fail("rename");
}

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read '{}': no such file or not readable", path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace ellopt
