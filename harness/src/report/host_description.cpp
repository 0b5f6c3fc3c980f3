#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "litmuslab/host.hpp"
#include "litmuslab/toolchain.hpp"

namespace litmuslab::report {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// The first value of `key` in cpuinfo's "key : value" lines.
std::string cpuinfo_field(std::string_view cpuinfo, std::string_view key) {
  std::istringstream in{std::string(cpuinfo)};
  for (std::string line; std::getline(in, line);) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (trim(std::string_view(line).substr(0, colon)) == key)
      return trim(std::string_view(line).substr(colon + 1));
  }
  return {};
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

constexpr std::string_view compiled_arch() {
#if defined(__x86_64__)
  return "x86_64";
#elif defined(__aarch64__)
  return "aarch64";
#else
  return "unknown";
#endif
}

}  // namespace

HostDescription describe_cpuinfo(std::string_view cpuinfo, std::string_view process_arch) {
  HostDescription host;
  host.arch = std::string(process_arch);
  const std::string x86_vendor = cpuinfo_field(cpuinfo, "vendor_id");
  const bool cpuinfo_is_x86 = !x86_vendor.empty() || !cpuinfo_field(cpuinfo, "flags").empty();
  if (cpuinfo_is_x86) {
    host.vendor = x86_vendor;
    host.cpu_model = cpuinfo_field(cpuinfo, "model name");
    host.cpu_family_model =
        cpuinfo_field(cpuinfo, "cpu family") + "/" + cpuinfo_field(cpuinfo, "model");
    const auto flags = words(cpuinfo_field(cpuinfo, "flags"));
    host.virtualized = std::find(flags.begin(), flags.end(), "hypervisor") != flags.end();
    // The flags that matter to ordering and timing, not all two hundred; an
    // emulated process cannot use the host's, so it records its own (HWCAP).
    for (const char* wanted : {"constant_tsc", "nonstop_tsc", "rdtscp", "sse2", "avx2", "rtm"})
      if (process_arch == "x86_64" && std::find(flags.begin(), flags.end(), wanted) != flags.end())
        host.hwcaps.push_back(wanted);
  } else {
    host.vendor = cpuinfo_field(cpuinfo, "CPU implementer");
    host.cpu_model = cpuinfo_field(cpuinfo, "model name");
    if (host.cpu_model.empty()) host.cpu_model = "Arm part " + cpuinfo_field(cpuinfo, "CPU part");
    host.cpu_family_model =
        cpuinfo_field(cpuinfo, "CPU implementer") + "/" + cpuinfo_field(cpuinfo, "CPU part");
  }
  // An Arm process reading an x86 cpuinfo is running under a user-mode emulator.
  host.emulated = process_arch != "x86_64" && cpuinfo_is_x86;
  return host;
}

HostDescription describe_host(std::optional<bool> force_emulated) {
  std::ifstream file("/proc/cpuinfo");
  std::stringstream text;
  text << file.rdbuf();
  HostDescription host = describe_cpuinfo(text.str(), compiled_arch());
  struct utsname names {};
  if (uname(&names) == 0) host.kernel = names.release;
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  host.logical_cpus = cpus > 0 ? static_cast<int>(cpus) : 1;
  if (std::ifstream("/sys/hypervisor/type")) host.virtualized = true;
#if defined(__aarch64__)
  // Atomics (LSE) and RCpc decide which instructions the kernels can use.
  const unsigned long hwcap = getauxval(AT_HWCAP);
  if (hwcap & (1ul << 8)) host.hwcaps.push_back("atomics");
  if (hwcap & (1ul << 15)) host.hwcaps.push_back("lrcpc");
  if (hwcap & (1ul << 26)) host.hwcaps.push_back("ilrcpc");
#endif
  if (force_emulated) host.emulated = *force_emulated;
  return host;
}

BuildDescription describe_build() {
  BuildDescription build;
  build.version = kernel::build_toolchain().version;
  build.git = kernel::build_toolchain().git;
#if defined(__clang__)
  build.compiler = "clang " __clang_version__;
#elif defined(__GNUC__)
  build.compiler = "gcc " __VERSION__;
#else
  build.compiler = "unknown";
#endif
  build.flags = LITMUSLAB_CXX_FLAGS;
  return build;
}

}  // namespace litmuslab::report
