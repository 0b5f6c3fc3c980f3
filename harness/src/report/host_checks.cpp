// What the CLI tells users about the host before trusting its counts.
#include <algorithm>

#include "litmuslab/host.hpp"
#include "litmuslab/machine_code.hpp"

namespace litmuslab::report {

std::string emulation_note(const HostDescription& host) {
  if (!host.emulated) return {};
  const std::string on = host.cpu_model.empty() ? "" : ", on " + host.cpu_model;
  return "emulated CPU (" + host.arch + " code translated by an emulator such as qemu-user" + on +
         "): counts are not " + host.arch + " hardware behaviour";
}

std::vector<std::string> missing_kernel_features(const HostDescription& host) {
  return missing_features(kernel::kernel_required_hwcaps(), host);
}

std::vector<std::string> missing_features(const std::vector<std::string>& needed,
                                          const HostDescription& host) {
  std::vector<std::string> missing;
  for (const std::string& need : needed)
    if (std::find(host.hwcaps.begin(), host.hwcaps.end(), need) == host.hwcaps.end())
      missing.push_back(need);
  return missing;
}

}  // namespace litmuslab::report
