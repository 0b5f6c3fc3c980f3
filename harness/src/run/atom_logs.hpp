// The log of each atom kind of a condition with at most one atom per kind,
// and the bounds they put on the partners of an outer iteration u. Shared by
// the sweep's forms and the no-match proof; always inlined, as a call from a
// vector clone (vector_clones.hpp) would run the default build's code.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "perpetual_sweep.hpp"

namespace litmuslab::run::sweep {

// Logs are 0-based arrays of 1-based iterations: iteration k is at a[k - 1].
template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
struct AtomLogs {
  AtomLogs(const LaneLogs& logs, int outer, const SweepAtoms& atoms) : n(logs.iterations) {
    const std::int32_t* own = logs.log[outer];
    const std::int32_t* other = logs.log[1 - outer];
    const auto slot = [this](const std::int32_t* base, const std::vector<int>& slots, bool used) {
      return used ? base + static_cast<std::size_t>(slots[0]) * static_cast<std::size_t>(n) : base;
    };
    own_write = slot(own, atoms.own_write, OwnWrite);
    own_initial = slot(own, atoms.own_initial, OwnInitial);
    other_write = slot(other, atoms.partner_write, PartnerWrite);
    other_initial = slot(other, atoms.partner_initial, PartnerInitial);
  }

  // The partners u's own atoms allow are [own_lo(u), hi(u)].
  [[gnu::always_inline]] std::int32_t own_lo(std::int32_t u) const {
    return OwnInitial ? own_initial[u - 1] + 1 : 1;
  }
  [[gnu::always_inline]] std::int32_t hi(std::int32_t u) const {
    return OwnWrite ? std::min(n, own_write[u - 1]) : n;
  }
  // max(p, lo(u)); `reach` is the first v whose saw-write log reaches u.
  [[gnu::always_inline]] std::int32_t candidate(std::int32_t u, std::int32_t p,
                                                std::int32_t reach) const {
    std::int32_t v = std::max(p, own_lo(u));
    if (PartnerWrite) v = std::max(v, reach);
    return v;
  }

  std::int32_t n;
  const std::int32_t* own_write;
  const std::int32_t* own_initial;
  const std::int32_t* other_write;
  const std::int32_t* other_initial;
};

}  // namespace litmuslab::run::sweep
