// A compiled catalogue test by name, for tests that run or inspect one.
#pragma once

#include <stdexcept>
#include <string>

#include "litmuslab/catalogue.hpp"

namespace litmuslab::testing {

inline const catalogue::RunnableTest& entry(const std::string& name) {
  const auto* found = catalogue::Catalogue::compiled().find(name);
  if (!found) throw std::runtime_error("catalogue lacks " + name);
  return *found;
}

}  // namespace litmuslab::testing
