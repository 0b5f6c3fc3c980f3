#include "state_tally.hpp"

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
                       std::size_t last) {
  const std::size_t keys = sources_.size();
  const bool packable = keys <= kPackedKeys;
  for (std::size_t i = first; i < last; ++i) {
    bool fits = packable;
    std::uint64_t packed = 0;
    for (std::size_t k = 0; k < keys; ++k) {
      const ObservedSource& s = sources_[k];
      const int value =
          s.is_register
              ? registers[s.thread][i * register_counts_[s.thread] + s.register_index]
              : buffer.read(i, static_cast<std::size_t>(s.location));
      scratch_[k] = value;
      if (value < -128 || value > 127) fits = false;
      packed |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(value)) << (8 * (k & 7));
    }
    if (!fits) {
      add_slow(scratch_);
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
        break;
      }
      if (probe + 1 == kSlots / 2) {  // table nearly full: rare, exact fallback
        add_slow(scratch_);
        break;
      }
      slot = (slot + 1) & (kSlots - 1);
    }
  }
}

void StateTally::add_slow(const StateValues& state) { slow_.add(state, 1); }

void StateTally::drain_into(OutcomeHistogram& histogram) const {
  histogram.merge(slow_);
  for (const Slot& s : slots_)
    if (s.key != 0) histogram.add(unpack(s.key - 1, sources_.size()), s.count);
}

}  // namespace litmuslab::run
