// Threads that run the same code and whose registers and CAS cells no key of
// the final state names: swapping two of them maps every execution to one
// with the same final state. The search keeps one execution per orbit.
#pragma once

#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::model {

// Per thread: the previous thread (by index) of its class of interchangeable
// threads, or -1 when it is the first of its class or in none.
std::vector<int> interchangeable_threads(const Test& test);

}  // namespace litmuslab::model
