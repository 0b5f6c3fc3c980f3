// How far a run has got, as the runner reports it to a front end.
#pragma once

#include <cstdint>

namespace litmuslab::run {

struct Progress {
  std::uint64_t done = 0;
  std::uint64_t target = 0;  // 0 when running for a time
  double elapsed = 0;
  double target_seconds = 0;
};

}  // namespace litmuslab::run
