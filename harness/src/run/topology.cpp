#include "litmuslab/topology.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <new>
#include <stdexcept>

namespace litmuslab::run {

std::vector<int> allowed_cpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

namespace {

int parse_cpu_number(std::string_view text, std::string_view whole) {
  int value = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0)
    throw std::invalid_argument("bad CPU list '" + std::string(whole) + "': '" + std::string(text) +
                                "' is not a CPU number");
  return value;
}

}  // namespace

std::vector<int> parse_cpu_list(std::string_view text, const std::vector<int>& allowed) {
  std::vector<int> cpus;
  if (text.empty()) throw std::invalid_argument("bad CPU list: it is empty");
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view part = text.substr(start, comma - start);
    const std::size_t dash = part.find('-');
    int first = 0;
    int last = 0;
    if (part.empty())
      throw std::invalid_argument("bad CPU list '" + std::string(text) + "': an entry is empty");
    if (part.front() == '-')
      throw std::invalid_argument("bad CPU list '" + std::string(text) + "': '" +
                                  std::string(part) +
                                  "' is not a CPU number (CPUs are numbered from 0)");
    if (dash == std::string_view::npos) {
      first = last = parse_cpu_number(part, text);
    } else {
      first = parse_cpu_number(part.substr(0, dash), text);
      last = parse_cpu_number(part.substr(dash + 1), text);
      if (last < first)
        throw std::invalid_argument("bad CPU list '" + std::string(text) + "': range '" +
                                    std::string(part) + "' is inverted");
    }
    for (int cpu = first; cpu <= last; ++cpu) {
      if (std::find(cpus.begin(), cpus.end(), cpu) != cpus.end())
        throw std::invalid_argument("bad CPU list '" + std::string(text) + "': CPU " +
                                    std::to_string(cpu) + " is named twice");
      if (std::find(allowed.begin(), allowed.end(), cpu) == allowed.end())
        throw std::invalid_argument(
            "bad CPU list '" + std::string(text) + "': CPU " + std::to_string(cpu) +
            " is offline or outside this process's affinity (allowed: " + format_cpu_list(allowed) +
            ")");
      cpus.push_back(cpu);
      if (cpus.size() > 4096) throw std::invalid_argument("bad CPU list: too many CPUs");
    }
    start = comma + 1;
  }
  std::sort(cpus.begin(), cpus.end());
  return cpus;
}

std::string format_cpu_list(const std::vector<int>& cpus) {
  std::string out;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(cpus[i]);
    if (j > i) out += (j == i + 1 ? "," : "-") + std::to_string(cpus[j]);
    i = j + 1;
  }
  return out;
}

bool pin_current_thread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
}

std::size_t plausible_cache_line(std::size_t reported) {
  // Coherence granules are 64 bytes on most cores, 128 on some Arm ones and
  // 256 on A64FX; qemu-user reports 32, and missing answers read as 0.
  return reported == 64 || reported == 128 || reported == 256 ? reported : 64;
}

std::size_t cache_line_size() {
  // The largest line of any cache level: false sharing happens at the widest.
  std::size_t size = 0;
  for (int index = 0; index < 16; ++index) {
    std::ifstream sysfs("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) +
                        "/coherency_line_size");
    std::size_t line = 0;
    if (!(sysfs >> line)) break;
    size = std::max(size, line);
  }
  if (size == 0) {  // no sysfs (containers, some boards): the C library asks the CPU
    const long conf = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);
    size = conf > 0 ? static_cast<std::size_t>(conf) : 0;
  }
  return plausible_cache_line(size);
}

}  // namespace litmuslab::run
