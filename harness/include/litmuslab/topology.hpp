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

// The coherence granule: the largest cache line in sysfs, else the C
// library's answer, through plausible_cache_line.
std::size_t cache_line_size();

// `reported` when it is 64, 128 or 256 bytes; otherwise 64 (qemu-user
// reports 32, and a missing answer is 0).
std::size_t plausible_cache_line(std::size_t reported);

}  // namespace litmuslab::run
