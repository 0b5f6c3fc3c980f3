#include "state_tally.hpp"

#include <algorithm>

namespace litmuslab::run {

std::vector<ObservedSource> observed_sources(const Test& test) {
  std::vector<ObservedSource> sources;
  std::vector<StateKey> keys = test.observed;
  keys.insert(keys.end(), test.filter_keys.begin(), test.filter_keys.end());
  for (const StateKey& key : keys) {
    ObservedSource source;
    if (key.kind == StateKey::Kind::reg) {
      source.is_register = true;
      source.thread = key.thread;
      source.register_index = key.index;
    } else {
      source.location = key.index;
    }
    sources.push_back(source);
  }
  return sources;
}

StateTally::StateTally(const Test& test) : test_(test), sources_(observed_sources(test)) {
  for (const Thread& thread : test.threads) register_counts_.push_back(thread.registers.size());
  scratch_.resize(sources_.size());
  direct_ = !sources_.empty() && sources_.size() <= kDirectKeys &&
            std::all_of(sources_.begin(), sources_.end(),
                        [](const ObservedSource& s) { return s.is_register; });
}

namespace {
// Keys of one byte each share a 64-bit word; values outside a byte do not.
constexpr std::size_t kPackedKeys = 7;  // the top byte stays 0, so packed + 1 never wraps

std::uint64_t mix(std::uint64_t key) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdull;
  key ^= key >> 33;
  return key;
}

StateValues unpack(std::uint64_t packed, std::size_t keys) {
  StateValues state(keys);
  for (std::size_t k = 0; k < keys; ++k)
    state[k] = static_cast<std::int8_t>(static_cast<std::uint8_t>(packed >> (8 * k)));
  return state;
}
}  // namespace

void StateTally::count(const InstanceBuffer& buffer,
                       const std::vector<const std::int32_t*>& registers, std::size_t first,
                       std::size_t last, double seconds, const std::uint32_t* register_slot) {
  if (!register_slot && count_direct(buffer, registers, first, last, seconds)) return;
  for (std::size_t i = first; i < last; ++i)
    count_packed(buffer, registers, i, register_slot ? register_slot[i] : i, seconds);
}

// Each key's register is at a fixed stride in its thread's buffer, so an
// instance costs a load per key and one increment; an instance with a value
// outside 0..3 takes the packed path instead.
bool StateTally::count_direct(const InstanceBuffer& buffer,
                              const std::vector<const std::int32_t*>& registers, std::size_t first,
                              std::size_t last, double seconds) {
  if (!direct_) return false;
  const std::size_t keys = sources_.size();
  const std::int32_t* base[kDirectKeys] = {};
  std::size_t stride[kDirectKeys] = {};
  for (std::size_t k = 0; k < keys; ++k) {
    const ObservedSource& s = sources_[k];
    stride[k] = register_counts_[s.thread];
    base[k] = registers[s.thread] + s.register_index;
  }
  for (std::size_t i = first; i < last; ++i) {
    unsigned index = 0, outside = 0;
    for (std::size_t k = 0; k < keys; ++k) {
      const std::int32_t value = base[k][i * stride[k]];
      outside |= static_cast<unsigned>(value) >= kDirectValues;  // negatives wrap high
      index |= (static_cast<unsigned>(value) & (kDirectValues - 1)) << (2 * k);
    }
    if (outside) {
      count_packed(buffer, registers, i, i, seconds);
    } else if (direct_counts_[index]++ == 0) {
      direct_first_seen_[index] = seconds;
    }
  }
  return true;
}

void StateTally::count_packed(const InstanceBuffer& buffer,
                              const std::vector<const std::int32_t*>& registers, std::size_t i,
                              std::size_t position, double seconds) {
  const std::size_t keys = sources_.size();
  bool fits = keys <= kPackedKeys;
  std::uint64_t packed = 0;
  for (std::size_t k = 0; k < keys; ++k) {
    const ObservedSource& s = sources_[k];
    const int value =
        s.is_register
            ? registers[s.thread][position * register_counts_[s.thread] + s.register_index]
            : buffer.read(i, static_cast<std::size_t>(s.location));
    scratch_[k] = value;
    if (value < -128 || value > 127) fits = false;
    packed |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(value)) << (8 * (k & 7));
  }
  if (!fits) {
    add_slow(scratch_, seconds);
    return;
  }
  const std::uint64_t key = packed + 1;
  std::size_t slot = mix(key) & (kSlots - 1);
  for (std::size_t probe = 0;; ++probe) {
    Slot& s = slots_[slot];
    if (s.key == key) {
      ++s.count;
      return;
    }
    if (s.key == 0) {
      s.key = key;
      s.count = 1;
      s.first_seen = seconds;
      return;
    }
    if (probe + 1 == kSlots / 2) {  // table nearly full: rare, exact fallback
      add_slow(scratch_, seconds);
      return;
    }
    slot = (slot + 1) & (kSlots - 1);
  }
}

void StateTally::add_slow(const StateValues& state, double seconds) {
  slow_.add(state, 1);
  slow_first_seen_.emplace(state, seconds);  // keeps the first date
}

void StateTally::drain_into(OutcomeHistogram& histogram, std::map<StateValues, double>* first_seen,
                            std::uint64_t* filtered) const {
  // States carry the filter's own keys after the observed ones: judge the
  // filter on all of them, then keep the observed part.
  const std::size_t observed = test_.observed.size();
  const auto add = [&](const StateValues& state, std::uint64_t count, double seconds) {
    if (!passes_filter(test_, state)) {
      if (filtered) *filtered += count;
      return;
    }
    const StateValues kept(state.begin(), state.begin() + static_cast<std::ptrdiff_t>(observed));
    histogram.add(kept, count);
    if (!first_seen) return;
    auto [it, inserted] = first_seen->emplace(kept, seconds);
    if (!inserted) it->second = std::min(it->second, seconds);
  };
  for (const auto& [state, count] : slow_.counts()) add(state, count, slow_first_seen_.at(state));
  for (std::size_t index = 0; index < direct_counts_.size(); ++index) {
    if (direct_counts_[index] == 0) continue;
    StateValues state(sources_.size());
    for (std::size_t k = 0; k < state.size(); ++k) state[k] = (index >> (2 * k)) & 3;
    add(state, direct_counts_[index], direct_first_seen_[index]);
  }
  for (const Slot& s : slots_) {
    if (s.key == 0) continue;
    add(unpack(s.key - 1, sources_.size()), s.count, s.first_seen);
  }
}

}  // namespace litmuslab::run
