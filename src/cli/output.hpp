// Printing tables as aligned text, CSV, or JSON.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli_context.hpp"

namespace ellopt::cli {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

void print_table(std::ostream& out, const Table& table, Format format);
std::string format_number(double value);

}  // namespace ellopt::cli
