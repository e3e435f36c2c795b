// Things chosen by name from config (problems, methods, aggregators, attacks, claims): one registry type,
// FAISS-style "one interface, many implementations, picked by a string". An unknown name is an
// UnknownNameError that lists every valid name.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "ellopt/core/error.hpp"
#include "ellopt/core/params.hpp"

namespace ellopt {

template <class Factory>
struct RegistryEntry {
  std::string name;
  std::string description;  // one line, shown by `ellopt list`
  ParamSchema schema;
  Factory factory;
};

template <class Factory>
class NamedRegistry {
 public:
  using Entry = RegistryEntry<Factory>;

  explicit NamedRegistry(std::string kind) : kind_(std::move(kind)) {}

  void add(Entry entry) {
    if (contains(entry.name)) throw Error(fmt::format("{} '{}' registered twice", kind_, entry.name));
    entries_.push_back(std::move(entry));
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  }

  bool contains(const std::string& name) const {
    return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == name; });
  }

  const Entry& get(const std::string& name) const {
    for (const auto& entry : entries_)
      if (entry.name == name) return entry;
    throw UnknownNameError(fmt::format("unknown {} '{}'; valid {}s are: {}", kind_, name, kind_, names_text()));
  }

  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& kind() const { return kind_; }

  std::string names_text() const {
    std::string out;
    for (const auto& entry : entries_) out += (out.empty() ? "" : ", ") + entry.name;
    return out;
  }

 private:
  std::string kind_;
  std::vector<Entry> entries_;
};

}  // namespace ellopt
