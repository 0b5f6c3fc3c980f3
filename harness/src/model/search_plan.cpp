#include "search_plan.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <tuple>

namespace litmuslab::model {

namespace {

// The final value of a location whose writes after the initial one are all
// RMWs of one commutative operator with constant operands: the initial value
// combined with every operand, whatever co is. Sets `value`; false otherwise.
bool order_free_final_value(const Test& test, const EventStructure& s, int location,
                            std::int32_t& value) {
  const int init = s.initial_write[static_cast<std::size_t>(location)];
  value = test.locations[static_cast<std::size_t>(location)].initial;
  OpKind group = OpKind::store;
  for (EventSet left = s.writes_of[static_cast<std::size_t>(location)] & ~bit(init); left;
       left &= left - 1) {
    const Event& w = s.events[static_cast<std::size_t>(std::countr_zero(left))];
    OpKind kind = w.op_kind == OpKind::fetch_sub ? OpKind::fetch_add : w.op_kind;
    if (kind != OpKind::fetch_add && kind != OpKind::fetch_or && kind != OpKind::fetch_and &&
        kind != OpKind::fetch_xor)
      return false;
    if (group != OpKind::store && kind != group) return false;
    group = kind;
    // The written value is `read op operand`: the operand is its second operand.
    const ValueNode& written = s.values.node(w.value);
    if (written.kind != ValueNode::Kind::binary || !s.values.is_constant(written.b)) return false;
    value = apply_rmw(w.op_kind, value, s.values.node(written.b).constant);
  }
  return true;
}

KeySource source_of(const Test& test, const EventStructure& s, const StateKey& key) {
  KeySource k;
  if (key.kind == StateKey::Kind::reg) {
    k.node = s.registers.at(static_cast<std::size_t>(key.thread))
                 .at(static_cast<std::size_t>(key.index));
    return k;
  }
  const auto l = static_cast<std::size_t>(key.index);
  if (test.locations[l].thread_local_cell && s.cells[l] >= 0) {
    k.node = s.cells[l];
  } else if (s.initial_write[l] >= 0) {
    if (order_free_final_value(test, s, key.index, k.constant))
      k.is_constant = true;
    else
      k.location = key.index;
  } else {
    k.is_constant = true;
    k.constant = test.locations[l].initial;
  }
  return k;
}

// Where read r may read from, before any choice: a write to its location
// that is not later in its own thread, not overwritten by a later write of
// its own thread before r (coherence), and whose value, when it is a
// constant, passes the checks that depend on r alone.
EventSet sources_of(const EventStructure& s, int r) {
  const Event& e = s.events[static_cast<std::size_t>(r)];
  const EventSet same = s.writes_of[static_cast<std::size_t>(e.location)];
  EventSet out = same & ~s.po.row(r);
  for (EventSet mine = same & s.same_thread.row(r) & ~s.po.row(r); mine; mine &= mine - 1) {
    const int w = std::countr_zero(mine);
    // Another write of this thread between w and r hides w from r.
    if (s.po.row(w) & same & s.same_thread.row(r) & ~s.po.row(r)) out &= ~bit(w);
  }
  std::array<std::int32_t, kMaxEvents> values{};
  for (const EventCheck& c : s.checks) {
    if (s.values.reads_of(c.value) != bit(r) || c.address_offset) continue;
    for (EventSet left = out; left; left &= left - 1) {
      const int w = std::countr_zero(left);
      const int node = s.events[static_cast<std::size_t>(w)].value;
      if (s.values.reads_of(node) != 0) continue;  // not a constant: decided later
      values[static_cast<std::size_t>(r)] = s.values.evaluate(node, nullptr);
      if (s.values.evaluate(c.value, values.data()) == 0) out &= ~bit(w);
    }
  }
  return out;
}

// Atomicity lets each write feed at most one RMW read: is there a way to
// give every RMW read a source of its own? (A tiny bipartite matching.)
bool distinct_rmw_sources(const std::vector<EventSet>& sources, EventSet rmw_reads) {
  std::array<int, kMaxEvents> owner;  // write -> RMW read that has it
  owner.fill(-1);
  for (EventSet left = rmw_reads; left; left &= left - 1) {
    const int r = std::countr_zero(left);
    EventSet visited = 0;
    // Augmenting path search from r.
    auto augment = [&](auto&& self, int read) -> bool {
      for (EventSet ws = sources[static_cast<std::size_t>(read)] & ~visited; ws; ws &= ws - 1) {
        const int w = std::countr_zero(ws);
        visited |= bit(w);
        const int holder = owner[static_cast<std::size_t>(w)];
        if (holder < 0 || self(self, holder)) {
          owner[static_cast<std::size_t>(w)] = read;
          return true;
        }
      }
      return false;
    };
    if (!augment(augment, r)) return false;
  }
  return true;
}

}  // namespace

SearchPlan plan_search(const Test& test, const EventStructure& s,
                       const std::vector<int>& interchangeable) {
  SearchPlan plan;
  for (const auto* keys : {&test.observed, &test.filter_keys})
    for (const StateKey& key : *keys) plan.keys.push_back(source_of(test, s, key));

  plan.sources.assign(static_cast<std::size_t>(s.size), 0);
  for (EventSet left = s.reads; left; left &= left - 1) {
    const int r = std::countr_zero(left);
    plan.sources[static_cast<std::size_t>(r)] = sources_of(s, r);
    if (plan.sources[static_cast<std::size_t>(r)] == 0) plan.feasible = false;
    if (s.rmw.row(r)) plan.rmw_reads |= bit(r);
  }
  if (plan.feasible) plan.feasible = distinct_rmw_sources(plan.sources, plan.rmw_reads);

  // Reads whose values matter: they reach a written value, a check, or a key.
  EventSet relevant = 0;
  for (const Event& e : s.events)
    if (e.kind == EventKind::write) relevant |= s.values.reads_of(e.value);
  for (const EventCheck& c : s.checks) relevant |= s.values.reads_of(c.value);
  for (const KeySource& k : plan.keys)
    if (k.node >= 0) relevant |= s.values.reads_of(k.node);
  relevant &= s.reads;
  // Fewest sources first (a guess that can fail fails early), then in
  // rounds of program order across threads, so coherence prunes early.
  std::vector<std::tuple<int, int, int>> order;  // (sources, position in thread, read)
  std::vector<int> position(test.threads.size(), 0);
  for (int i = 0; i < s.size; ++i) {
    const Event& e = s.events[static_cast<std::size_t>(i)];
    if (e.kind != EventKind::read) continue;
    order.emplace_back(std::popcount(plan.sources[static_cast<std::size_t>(i)]),
                       position[static_cast<std::size_t>(e.thread)]++, i);
  }
  std::sort(order.begin(), order.end());
  // Locations with an RMW write get their co built from the front, so each
  // RMW's read is decided with its place in co and its value follows at once.
  EventSet chained_reads = 0;
  for (std::size_t l = 0; l < s.writes_of.size(); ++l) {
    const EventSet writes = s.writes_of[l];
    if (!(writes & (plan.rmw_reads << 1))) continue;
    plan.chained |= writes;
    chained_reads |= plan.rmw_reads & (writes >> 1);
    for (int k = std::popcount(writes & ~s.initial); k > 0; --k)
      plan.decisions.push_back({SearchPlan::Step::next_write, static_cast<int>(l)});
  }
  // Interchangeable threads place their first write to the first chained
  // location they write in thread order: one execution per orbit.
  plan.placed_after.assign(static_cast<std::size_t>(s.size), -1);
  auto first_write = [&](int thread, EventSet writes) {
    for (EventSet left = writes; left; left &= left - 1) {
      const int w = std::countr_zero(left);
      if (s.events[static_cast<std::size_t>(w)].thread == thread) return w;
    }
    return -1;
  };
  for (std::size_t t = 0; t < interchangeable.size(); ++t) {
    const int previous = interchangeable[t];
    if (previous < 0) continue;
    for (std::size_t l = 0; l < s.writes_of.size(); ++l) {
      const EventSet writes = s.writes_of[l] & plan.chained;
      const int mine = first_write(static_cast<int>(t), writes);
      if (mine < 0) continue;
      plan.placed_after[static_cast<std::size_t>(mine)] = first_write(previous, writes);
      break;
    }
  }
  for (const auto& [count, pos, r] : order)
    if ((relevant & bit(r)) && !(chained_reads & bit(r)))
      plan.decisions.push_back({SearchPlan::Step::read_from, r});
  for (const KeySource& k : plan.keys)
    if (k.location >= 0 && !(plan.chained & s.writes_of[static_cast<std::size_t>(k.location)]))
      plan.decisions.push_back({SearchPlan::Step::last_write, k.location});
  for (const auto& [count, pos, r] : order)
    if (!(relevant & bit(r)) && !(chained_reads & bit(r)))
      plan.decisions.push_back({SearchPlan::Step::read_from, r});

  const EventSet mem = s.memory() & ~s.initial;
  for (int a = 0; a < s.size && !plan.race_possible; ++a) {
    if (!(mem & bit(a))) continue;
    EventSet other = s.same_loc.row(a) & mem & ~s.same_thread.row(a);
    if (!(s.writes & bit(a))) other &= s.writes;
    if (s.atomic & bit(a)) other &= ~s.atomic;
    plan.race_possible = other != 0;
  }
  return plan;
}

}  // namespace litmuslab::model
