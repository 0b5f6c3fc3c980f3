// Which CPUs a run may use, and pinning threads to them.
#pragma once

#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace litmuslab::run {

// The CPUs in this process's affinity mask, ascending.
std::vector<int> allowed_cpus();

// Parses "0,1", "0-3" or "0-1,4" into ascending CPU numbers. Throws
// std::invalid_argument with a message for non-numbers, inverted ranges,
// duplicates, and CPUs outside `allowed` (offline or not in our mask).
std::vector<int> parse_cpu_list(std::string_view text, const std::vector<int>& allowed);

// "0,1" or "0-3" again.
std::string format_cpu_list(const std::vector<int>& cpus);

// Pins the calling thread; returns false if the kernel refused.
bool pin_current_thread(int cpu);

// The coherence granule, from sysfs or the C++ library; 64 when the answer is
// implausible (qemu reports 32) or missing.
std::size_t cache_line_size();

}  // namespace litmuslab::run
