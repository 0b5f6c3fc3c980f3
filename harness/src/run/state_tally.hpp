// Per-thread counting of final states, cheap enough to keep up with the
// kernels. When every observed key is a register (at most four of them) and
// each holds 0..3, as in most litmus tests, the values index a table of 256
// counts directly. Otherwise a state packs into 64 bits and lands in a small
// open-addressed table, and anything else falls back to an exact map.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "instance_buffer.hpp"
#include "litmuslab/test.hpp"
#include "run/histogram.hpp"

namespace litmuslab::run {

// Where each key's value comes from after a batch.
struct ObservedSource {
  bool is_register = false;
  int thread = -1;  // register: which thread's buffer
  int register_index = -1;
  int location = -1;  // location: read from instance memory
};

// The test's observed keys, then the keys only its filter reads.
std::vector<ObservedSource> observed_sources(const Test& test);

class StateTally {
 public:
  explicit StateTally(const Test& test);

  // Counts instances [first, last) of a finished batch. `registers[t]` is
  // thread t's register buffer for that batch; instance i's registers are at
  // position register_slot[i] when given (strided visits), else at i. A state
  // counted for the first time is dated `seconds`.
  void count(const InstanceBuffer& buffer, const std::vector<const std::int32_t*>& registers,
             std::size_t first, std::size_t last, double seconds = 0,
             const std::uint32_t* register_slot = nullptr);

  // Adds everything counted so far to `histogram`, and each state's first
  // date to `first_seen` (keeping the earlier of two) when given. An
  // instance whose state fails the test's filter is not a state of the
  // test: it goes to `filtered` instead, when given (else it is dropped).
  void drain_into(OutcomeHistogram& histogram, std::map<StateValues, double>* first_seen = nullptr,
                  std::uint64_t* filtered = nullptr) const;

 private:
  static constexpr std::size_t kSlots = 256;  // power of two
  struct Slot {
    std::uint64_t key = 0;  // packed state + 1; 0 marks an empty slot
    std::uint64_t count = 0;
    double first_seen = 0;
  };

  void add_slow(const StateValues& state, double seconds);
  // The packed path for one instance.
  void count_packed(const InstanceBuffer& buffer, const std::vector<const std::int32_t*>& registers,
                    std::size_t i, std::size_t position, double seconds);
  // Instances [first, last) through the direct table; false if it cannot serve them.
  bool count_direct(const InstanceBuffer& buffer, const std::vector<const std::int32_t*>& registers,
                    std::size_t first, std::size_t last, double seconds);

  static constexpr std::size_t kDirectKeys = 4;  // 2 bits each: 256 counts
  static constexpr int kDirectValues = 4;        // values 0..3

  const Test& test_;
  std::vector<ObservedSource> sources_;
  std::vector<std::size_t> register_counts_;
  std::array<Slot, kSlots> slots_{};
  bool direct_ = false;  // every key a register, at most kDirectKeys of them
  std::array<std::uint64_t, 256> direct_counts_{};
  std::array<double, 256> direct_first_seen_{};
  OutcomeHistogram slow_;
  std::map<StateValues, double> slow_first_seen_;
  StateValues scratch_;
};

}  // namespace litmuslab::run
