// Describing the machine and the build that produced a result.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/results.hpp"

namespace litmuslab::report {

// Reads /proc/cpuinfo, uname and the auxiliary vector. `force_emulated`
// overrides detection (an aarch64 process that sees an x86 /proc/cpuinfo
// is running under qemu-user).
HostDescription describe_host(std::optional<bool> force_emulated = std::nullopt);

// The parts of describe_host that read /proc/cpuinfo text, for tests.
HostDescription describe_cpuinfo(std::string_view cpuinfo, std::string_view process_arch);

BuildDescription describe_build();

// The note the text output prints for an emulated CPU; empty on real hardware.
std::string emulation_note(const HostDescription& host);

// The CPU features the kernels need (kernel::kernel_required_hwcaps) that this
// host lacks, e.g. {"atomics"} for LSE kernels on a Cortex-A72.
std::vector<std::string> missing_kernel_features(const HostDescription& host);

// Of the CPU features `needed` (HWCAP names), those this host lacks.
std::vector<std::string> missing_features(const std::vector<std::string>& needed,
                                          const HostDescription& host);

}  // namespace litmuslab::report
