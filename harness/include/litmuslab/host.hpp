// Describing the machine and the build that produced a result.
#pragma once

#include <optional>
#include <string_view>

#include "litmuslab/results.hpp"

namespace litmuslab::report {

// Reads /proc/cpuinfo, uname and the auxiliary vector. `force_emulated`
// overrides detection (an aarch64 process that sees an x86 /proc/cpuinfo
// is running under qemu-user).
HostDescription describe_host(std::optional<bool> force_emulated = std::nullopt);

// The parts of describe_host that read /proc/cpuinfo text, for tests.
HostDescription describe_cpuinfo(std::string_view cpuinfo, std::string_view process_arch);

BuildDescription describe_build();

}  // namespace litmuslab::report
