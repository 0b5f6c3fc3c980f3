// Time-stamp-counter readings for the `tsc_ref_ticks_per_op` counter. These are
// reference ticks at the TSC's fixed rate, not core cycles: the core may run
// faster or slower than the TSC (turbo, power states, a VM's clock).
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace litmuslab::bench {

// True where TSC ticks are comparable across time and cores: x86 with the
// `constant_tsc` CPU flag. Elsewhere the counter is omitted.
inline bool tsc_is_constant() {
#if defined(__x86_64__)
  static const bool constant = [] {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
      if (line.rfind("flags", 0) != 0) continue;
      std::istringstream flags(line.substr(line.find(':') + 1));
      std::string flag;
      while (flags >> flag) {
        if (flag == "constant_tsc") return true;
      }
      return false;
    }
    return false;
  }();
  return constant;
#else
  return false;
#endif
}

inline std::uint64_t read_tsc() {
#if defined(__x86_64__)
  return __rdtsc();
#else
  return 0;
#endif
}

}  // namespace litmuslab::bench
