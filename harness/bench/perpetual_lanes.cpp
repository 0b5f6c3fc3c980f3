// litmuslab-lanes: real perpetual logs, captured and checked offline.
//
//   litmuslab-lanes capture TEST FILE [--seconds S] [--keep N] [--every K] [--KNOB VALUE ...]
//       runs TEST perpetually (with any run knob) and writes every K-th lane
//       counted, up to N lanes, to FILE; prints the run's rates.
//   litmuslab-lanes analyse TEST FILE [--slice M]
//       for each captured lane: the sweep's matches, an exact maximum
//       disjoint matching of the weak pairs (Glover's greedy on the
//       partners' intervals, checked against a full scan of the IR's pair
//       states for every 16th iteration), a brute-force maximum matching on
//       slices of M iterations against the sweep on the same slices, and
//       where each load's value lies against its own iteration number, which
//       shows how far apart the threads ran, and the median step by which
//       each thread saw its partner advance (how many of the partner's
//       iterations one cache-line hand-off made visible), and the share of
//       each thread's iterations that have any weak partner (no schedule
//       pairs more than the smaller) with the median number P0's have (how
//       long a store stayed out of the partner's sight).
//
// Nothing here is timed, so it runs on a busy machine; only the capture
// depends on where the host placed the CPUs (read litmuslab-bench
// --benchmark_filter=cpu_pair in the same minutes).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernel/perpetual_shape.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/knobs.hpp"
#include "run/perpetual_reconstruction.hpp"
#include "run/runner.hpp"

namespace litmuslab::lanes {
namespace {

constexpr char kMagic[8] = {'L', 'L', 'L', 'A', 'N', 'E', 'S', '1'};

// One lane: log[t] holds loads[t] slots of n entries each.
struct Lane {
  std::int32_t iterations = 0;
  std::vector<std::int32_t> log[2];
};

struct Options {
  double seconds = 1;
  std::size_t keep = 64;
  std::size_t every = 16;
  std::int32_t slice = 12;
  run::RunConfig config;
};

Options parse_options(int argc, char** argv, int first) {
  Options o;
  o.config.mode = run::RunMode::perpetual;
  for (int i = first; i < argc; i += 2) {
    const std::string name = argv[i];
    if (i + 1 >= argc || name.rfind("--", 0) != 0)
      throw std::invalid_argument("expected --NAME VALUE, not '" + name + "'");
    const std::string value = argv[i + 1];
    if (name == "--seconds")
      o.seconds = run::parse_seconds(value, name);
    else if (name == "--keep")
      o.keep = run::parse_count(value, name);
    else if (name == "--every")
      o.every = run::parse_count(value, name);
    else if (name == "--slice")
      o.slice =
          static_cast<std::int32_t>(std::min<std::uint64_t>(run::parse_count(value, name), 16));
    else
      run::set_knob(o.config, name.substr(2), value);
  }
  return o;
}

const catalogue::RunnableTest& find_test(const std::string& name) {
  const auto* found = catalogue::Catalogue::compiled().find(name);
  if (!found || !found->kernels || found->kernels->perpetual.empty())
    throw std::invalid_argument("'" + name + "' is not a catalogue test perpetual mode serves");
  return *found;
}

std::size_t loads_of(const Thread& thread) {
  std::size_t n = 0;
  for (const Operation* op : operations_of(thread)) n += op->kind == OpKind::load;
  return n;
}

int capture(const std::string& test_name, const std::string& path, const Options& o) {
  const catalogue::RunnableTest& entry = find_test(test_name);
  const std::size_t loads[2] = {loads_of(entry.test.threads[0]), loads_of(entry.test.threads[1])};
  std::mutex mutex;
  std::vector<Lane> kept;
  std::size_t seen = 0;
  run::RunHooks hooks;
  hooks.lane_logs = [&](const run::LaneLogs& logs) {
    std::lock_guard lock(mutex);
    if (seen++ % o.every != 0 || kept.size() >= o.keep) return;
    Lane lane;
    lane.iterations = logs.iterations;
    for (int t = 0; t < 2; ++t)
      lane.log[t].assign(logs.log[t], logs.log[t] + loads[t] * logs.iterations);
    kept.push_back(std::move(lane));
  };
  run::RunConfig config = o.config;
  config.seconds = o.seconds;
  const run::RunOutput out = run::run_perpetual(entry.test, *entry.kernels, config, hooks);
  const std::uint64_t matches = out.histogram.condition_matches(entry.test);
  std::printf(
      "%s: %llu iterations in %.3f s (%.1f M/s), %.1f M matches/s, weak share %.1f%%, "
      "%zu lanes counted, %zu kept\n",
      test_name.c_str(), static_cast<unsigned long long>(out.iterations), out.seconds,
      out.iterations / out.seconds / 1e6, matches / out.seconds / 1e6,
      100.0 * matches / std::max<std::uint64_t>(out.iterations, 1), seen, kept.size());
  std::ofstream file(path, std::ios::binary);
  file.write(kMagic, sizeof(kMagic));
  for (const Lane& lane : kept) {
    file.write(reinterpret_cast<const char*>(&lane.iterations), sizeof(lane.iterations));
    for (int t = 0; t < 2; ++t)
      file.write(reinterpret_cast<const char*>(lane.log[t].data()),
                 static_cast<std::streamsize>(lane.log[t].size() * sizeof(std::int32_t)));
  }
  if (!file) throw std::runtime_error("cannot write " + path);
  return 0;
}

std::vector<Lane> read_lanes(const std::string& path, const std::size_t loads[2]) {
  std::ifstream file(path, std::ios::binary);
  char magic[sizeof(kMagic)] = {};
  if (!file.read(magic, sizeof(magic)) || !std::equal(magic, magic + sizeof(magic), kMagic))
    throw std::runtime_error(path + ": not a file of captured lanes");
  std::vector<Lane> lanes;
  Lane lane;
  while (file.read(reinterpret_cast<char*>(&lane.iterations), sizeof(lane.iterations))) {
    if (lane.iterations <= 0 || lane.iterations > (1 << 24))
      throw std::runtime_error(path + ": a lane of " + std::to_string(lane.iterations) +
                               " iterations");
    for (int t = 0; t < 2; ++t) {
      lane.log[t].resize(loads[t] * lane.iterations);
      if (!file.read(reinterpret_cast<char*>(lane.log[t].data()),
                     static_cast<std::streamsize>(lane.log[t].size() * sizeof(std::int32_t))))
        throw std::runtime_error(path + ": a lane is cut short");
    }
    lanes.push_back(lane);
  }
  return lanes;
}

// The pair state from the IR, not from the runner's shape: for each observed
// register, its load saw the partner's store of the instance when it logged
// that iteration number or a later one.
class PairStates {
 public:
  explicit PairStates(const Test& test) : test_(test) {
    for (const StateKey& key : test.observed) {
      Source source;
      std::size_t slot = 0;
      for (const Operation* op : operations_of(test.threads[key.thread])) {
        if (op->kind != OpKind::load) continue;
        if (op->dest_register == key.index) {
          source.slot = slot;
          source.location = op->static_location();
        }
        ++slot;
      }
      source.thread = key.thread;
      source.initial = test.locations.at(source.location).initial;
      source.value = source.initial;
      for (const Thread& thread : test.threads)
        for (const Operation* op : operations_of(thread))
          if ((op->kind == OpKind::store || op->kind == OpKind::exchange) &&
              op->static_location() == source.location) {
            source.written = true;
            source.value = op->value.value;
          }
      sources_.push_back(source);
    }
  }

  // P0's iteration i with P1's iteration j (1-based) of a lane of n.
  bool weak(const Lane& lane, std::int32_t i, std::int32_t j) const {
    StateValues state;
    for (const Source& s : sources_) {
      const std::int32_t own = s.thread == 0 ? i : j;
      const std::int32_t partner = s.thread == 0 ? j : i;
      const std::int32_t logged =
          lane.log[s.thread][s.slot * static_cast<std::size_t>(lane.iterations) + (own - 1)];
      state.push_back(s.written && logged >= partner ? s.value : s.initial);
    }
    return matches(test_, state);
  }

 private:
  struct Source {
    int thread = 0;
    std::size_t slot = 0;
    int location = 0;
    bool written = false;
    std::int32_t value = 0, initial = 0;
  };
  const Test& test_;
  std::vector<Source> sources_;
};

// P1's iterations j that make a weak pair with P0's iteration i, as an
// interval [lo, hi] (empty when lo > hi): each atom bounds j, directly for
// P0's logs, by a search in P1's non-decreasing ones.
struct Interval {
  std::int32_t lo = 1, hi = 0;
};

Interval partners(const kernel::PerpetualShape& shape, const Lane& lane, std::int32_t i) {
  const std::int32_t n = lane.iterations;
  Interval range{1, n};
  if (!shape.condition_possible) return {1, 0};
  for (const kernel::PerpetualAtom& atom : shape.condition) {
    const std::int32_t* log =
        lane.log[atom.thread].data() + atom.slot * static_cast<std::size_t>(n);
    if (atom.thread == 0) {
      const std::int32_t a = log[i - 1];
      if (atom.saw_write)
        range.hi = std::min(range.hi, a);  // j <= a
      else
        range.lo = std::max(range.lo, a + 1);  // j > a
    } else {
      const std::int32_t first_seeing =
          static_cast<std::int32_t>(std::lower_bound(log, log + n, i) - log) +
          1;  // first j with b[j] >= i
      if (atom.saw_write)
        range.lo = std::max(range.lo, first_seeing);
      else
        range.hi = std::min(range.hi, first_seeing - 1);
    }
  }
  return range;
}

// Glover: a maximum matching of a bipartite graph whose left vertices each
// see an interval of right vertices, exact for any intervals.
std::uint64_t glover(const std::vector<Interval>& intervals, std::int32_t n) {
  std::vector<std::vector<std::int32_t>> starting(n + 2);
  for (const Interval& r : intervals)
    if (r.lo <= r.hi) starting[r.lo].push_back(r.hi);
  std::priority_queue<std::int32_t, std::vector<std::int32_t>, std::greater<>> open;
  std::uint64_t matched = 0;
  for (std::int32_t j = 1; j <= n; ++j) {
    for (std::int32_t hi : starting[j]) open.push(hi);
    while (!open.empty() && open.top() < j) open.pop();
    if (!open.empty()) {
      open.pop();
      ++matched;
    }
  }
  return matched;
}

// Maximum matching by brute force: for P0's iterations in turn, every set of
// P1's iterations taken so far, with the most pairs that reach it.
int brute_force(const PairStates& states, const Lane& lane) {
  const int n = lane.iterations;
  std::vector<std::vector<bool>> weak(n + 1, std::vector<bool>(n + 1));
  for (int i = 1; i <= n; ++i)
    for (int j = 1; j <= n; ++j) weak[i][j] = states.weak(lane, i, j);
  std::vector<int> current(std::size_t{1} << n, -1);
  current[0] = 0;
  for (int i = 1; i <= n; ++i) {
    std::vector<int> next = current;  // i left unmatched
    for (std::size_t mask = 0; mask < current.size(); ++mask) {
      if (current[mask] < 0) continue;
      for (int j = 1; j <= n; ++j)
        if (!(mask >> (j - 1) & 1) && weak[i][j]) {
          const std::size_t with = mask | std::size_t{1} << (j - 1);
          next[with] = std::max(next[with], current[mask] + 1);
        }
    }
    current.swap(next);
  }
  return *std::max_element(current.begin(), current.end());
}

// Iterations [start, start + m) of both threads as a lane of m: values
// rebased and clamped to 0..m, which keeps every comparison with the slice's
// iteration numbers.
Lane slice_of(const Lane& lane, const std::size_t loads[2], std::int32_t start, std::int32_t m) {
  Lane s;
  s.iterations = m;
  for (int t = 0; t < 2; ++t)
    for (std::size_t slot = 0; slot < loads[t]; ++slot)
      for (std::int32_t k = 0; k < m; ++k) {
        const std::int32_t v = lane.log[t][slot * lane.iterations + start + k] - start;
        s.log[t].push_back(std::clamp(v, 0, m));
      }
  return s;
}

std::uint64_t sweep_matches(const kernel::PerpetualShape& shape, const Lane& lane) {
  run::PerpetualTally tally(shape);
  run::LaneLogs logs;
  for (int t = 0; t < 2; ++t) logs.log[t] = lane.log[t].data();
  logs.iterations = lane.iterations;
  tally.count(logs);
  return tally.matches();
}

double percentile(std::vector<std::int32_t> values, double p) {
  if (values.empty()) return 0;
  const std::size_t at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + at, values.end());
  return values[at];
}

// The median step by which a thread's first load saw its partner's iteration
// advance: how many of the partner's iterations became visible at once.
double median_step(const std::vector<std::int32_t>& log, std::int32_t n) {
  std::vector<std::int32_t> steps;
  for (std::int32_t k = 1; k < n && static_cast<std::size_t>(k) < log.size(); ++k)
    if (log[k] > log[k - 1]) steps.push_back(log[k] - log[k - 1]);
  return percentile(std::move(steps), 0.5);
}

int analyse(const std::string& test_name, const std::string& path, const Options& o) {
  const catalogue::RunnableTest& entry = find_test(test_name);
  const Test& test = entry.test;
  const kernel::PerpetualShape shape = *kernel::analyse_perpetual(test).shape;
  const std::size_t loads[2] = {loads_of(test.threads[0]), loads_of(test.threads[1])};
  const std::vector<Lane> lanes = read_lanes(path, loads);
  const PairStates states(test);
  std::printf("%-5s %7s %8s %8s %6s %7s %9s %10s %18s %18s %9s %22s\n", "lane", "iters", "sweep",
              "exact", "weak%", "scanned", "slices", "slice-diff", "P0 seen-own p10/50/90",
              "P1 seen-own p10/50/90", "steps P0/P1", "partnered P0/P1 window");
  std::uint64_t total = 0, total_sweep = 0, total_exact = 0, bad_scans = 0, bad_slices = 0,
                non_monotone = 0;
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    const Lane& lane = lanes[l];
    const std::int32_t n = lane.iterations;
    for (int t = 0; t < 2; ++t)
      for (std::size_t slot = 0; slot < loads[t]; ++slot)
        for (std::int32_t k = 1; k < n; ++k)
          non_monotone += lane.log[t][slot * n + k] < lane.log[t][slot * n + k - 1];
    std::vector<Interval> intervals(n);
    for (std::int32_t i = 1; i <= n; ++i) intervals[i - 1] = partners(shape, lane, i);
    // The intervals against a scan of every partner, for every 16th iteration.
    std::uint64_t scanned = 0;
    for (std::int32_t i = 1; i <= n; i += 16, ++scanned)
      for (std::int32_t j = 1; j <= n; ++j) {
        const Interval& r = intervals[i - 1];
        if (states.weak(lane, i, j) != (r.lo <= j && j <= r.hi)) {
          ++bad_scans;
          break;
        }
      }
    // Which iterations of each thread have any weak partner: no matching can
    // pair more than the fewer of the two. And how many partners P0's have.
    std::vector<std::int32_t> widths;
    std::vector<std::int32_t> covering(static_cast<std::size_t>(n) + 2, 0);  // P1's, as differences
    for (const Interval& r : intervals)
      if (r.lo <= r.hi) {
        widths.push_back(r.hi - r.lo + 1);
        ++covering[r.lo];
        --covering[r.hi + 1];
      }
    std::int32_t open_intervals = 0, partnered_p1 = 0;
    for (std::int32_t j = 1; j <= n; ++j) partnered_p1 += (open_intervals += covering[j]) > 0;
    char partnered[40];
    std::snprintf(partnered, sizeof(partnered), "%.0f%%/%.0f%% %.0f",
                  100.0 * static_cast<double>(widths.size()) / n, 100.0 * partnered_p1 / n,
                  percentile(widths, 0.5));
    const std::uint64_t exact = glover(intervals, n);
    const std::uint64_t sweep = sweep_matches(shape, lane);
    // Slices: brute force against the sweep on the same slice.
    std::uint64_t slices = 0, slice_diff = 0;
    for (std::int32_t start = 0; start + o.slice <= n; start += std::max(n / 32, o.slice)) {
      const Lane s = slice_of(lane, loads, start, o.slice);
      ++slices;
      slice_diff += static_cast<std::uint64_t>(brute_force(states, s)) != sweep_matches(shape, s);
    }
    bad_slices += slice_diff;
    // Where P0's first load's value lies against its own iteration: 0 when it
    // saw the partner's store of the same number, below 0 when behind.
    std::vector<std::int32_t> offset[2];
    for (int t = 0; t < 2; ++t)
      if (loads[t] > 0)
        for (std::int32_t k = 1; k <= n; ++k) offset[t].push_back(lane.log[t][k - 1] - k);
    char p0[40], p1[40];
    std::snprintf(p0, sizeof(p0), "%.0f/%.0f/%.0f", percentile(offset[0], 0.1),
                  percentile(offset[0], 0.5), percentile(offset[0], 0.9));
    std::snprintf(p1, sizeof(p1), "%.0f/%.0f/%.0f", percentile(offset[1], 0.1),
                  percentile(offset[1], 0.5), percentile(offset[1], 0.9));
    // The steps P0 saw are P1's iterations made visible at once, and the reverse.
    char steps[40];
    std::snprintf(steps, sizeof(steps), "%.0f/%.0f", loads[0] ? median_step(lane.log[0], n) : 0.0,
                  loads[1] ? median_step(lane.log[1], n) : 0.0);
    std::printf("%-5zu %7d %8llu %8llu %5.1f%% %7llu %9llu %10llu %18s %18s %9s %22s\n", l, n,
                static_cast<unsigned long long>(sweep), static_cast<unsigned long long>(exact),
                100.0 * static_cast<double>(exact) / n, static_cast<unsigned long long>(scanned),
                static_cast<unsigned long long>(slices),
                static_cast<unsigned long long>(slice_diff), p0, p1, steps, partnered);
    total += static_cast<std::uint64_t>(n);
    total_sweep += sweep;
    total_exact += exact;
  }
  std::printf(
      "\n%zu lanes, %llu iterations: sweep %llu matches, exact maximum %llu (%.2f%% of "
      "iterations); lanes where they differ: see above; interval scans that disagree: %llu; "
      "slices where brute force and the sweep disagree: %llu; decreasing log entries: %llu\n",
      lanes.size(), static_cast<unsigned long long>(total),
      static_cast<unsigned long long>(total_sweep), static_cast<unsigned long long>(total_exact),
      100.0 * static_cast<double>(total_exact) /
          static_cast<double>(std::max<std::uint64_t>(total, 1)),
      static_cast<unsigned long long>(bad_scans), static_cast<unsigned long long>(bad_slices),
      static_cast<unsigned long long>(non_monotone));
  return total_sweep == total_exact && bad_scans == 0 && bad_slices == 0 ? 0 : 1;
}

}  // namespace
}  // namespace litmuslab::lanes

int main(int argc, char** argv) {
  using namespace litmuslab::lanes;
  const std::string usage =
      "usage: litmuslab-lanes capture TEST FILE [--seconds S] [--keep N] [--every K] "
      "[--KNOB VALUE ...]\n"
      "       litmuslab-lanes analyse TEST FILE [--slice M]\n";
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << usage;
    return 0;
  }
  if (argc < 4) {
    std::cerr << usage;
    return 2;
  }
  const std::string command = argv[1];
  try {
    const Options options = parse_options(argc, argv, 4);
    if (command == "capture") return capture(argv[2], argv[3], options);
    if (command == "analyse") return analyse(argv[2], argv[3], options);
    std::cerr << usage;
    return 2;
  } catch (const std::invalid_argument& error) {
    std::cerr << "litmuslab-lanes: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "litmuslab-lanes: " << error.what() << "\n";
    return 3;
  }
}
