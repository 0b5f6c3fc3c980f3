#include "state_tally.hpp"

#include <algorithm>

namespace litmuslab::run {

std::vector<ObservedSource> observed_sources(const Test& test) {
  std::vector<ObservedSource> sources;
  for (const StateKey& key : test.observed) {
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

StateTally::StateTally(const Test& test) : sources_(observed_sources(test)) {
  for (const Thread& thread : test.threads) register_counts_.push_back(thread.registers.size());
  scratch_.resize(sources_.size());
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
  const std::size_t keys = sources_.size();
  const bool packable = keys <= kPackedKeys;
  for (std::size_t i = first; i < last; ++i) {
    const std::size_t position = register_slot ? register_slot[i] : i;
    bool fits = packable;
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
      continue;
    }
    const std::uint64_t key = packed + 1;
    std::size_t slot = mix(key) & (kSlots - 1);
    for (std::size_t probe = 0;; ++probe) {
      Slot& s = slots_[slot];
      if (s.key == key) {
        ++s.count;
        break;
      }
      if (s.key == 0) {
        s.key = key;
        s.count = 1;
        s.first_seen = seconds;
        break;
      }
      if (probe + 1 == kSlots / 2) {  // table nearly full: rare, exact fallback
        add_slow(scratch_, seconds);
        break;
      }
      slot = (slot + 1) & (kSlots - 1);
    }
  }
}

void StateTally::add_slow(const StateValues& state, double seconds) {
  slow_.add(state, 1);
  slow_first_seen_.emplace(state, seconds);  // keeps the first date
}

void StateTally::drain_into(OutcomeHistogram& histogram,
                            std::map<StateValues, double>* first_seen) const {
  const auto date = [first_seen](const StateValues& state, double seconds) {
    if (!first_seen) return;
    auto [it, inserted] = first_seen->emplace(state, seconds);
    if (!inserted) it->second = std::min(it->second, seconds);
  };
  histogram.merge(slow_);
  for (const auto& [state, seconds] : slow_first_seen_) date(state, seconds);
  for (const Slot& s : slots_) {
    if (s.key == 0) continue;
    const StateValues state = unpack(s.key - 1, sources_.size());
    histogram.add(state, s.count);
    date(state, s.first_seen);
  }
}

}  // namespace litmuslab::run
