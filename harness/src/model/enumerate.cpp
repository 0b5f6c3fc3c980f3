#include "enumerate.hpp"

#include <algorithm>
#include <vector>

#include "litmuslab/parse.hpp"

namespace litmuslab::model {

namespace {

// One coherent choice of co and rf for the events of a single location.
struct LocationChoice {
  Relation rf, co, fr;
  std::vector<std::pair<int, int32_t>> values;  // (event, value) for this location's events
  int last_write = -1;
};

// Values flow along rf and through each RMW's read; a cycle in that flow
// would be a value out of thin air on one location, which coherence forbids.
class ValueSolver {
 public:
  ValueSolver(const Test& test, const EventStructure& s, const std::vector<int>& rf_source)
      : test_(test), s_(s), rf_source_(rf_source), value_(s.size, 0), state_(s.size, 0) {}

  bool solve(int e) {
    if (state_[e] == 2) return true;
    if (state_[e] == 1) return false;
    state_[e] = 1;
    const Event& ev = s_.events[e];
    if (ev.kind == EventKind::read) {
      if (!solve(rf_source_[e])) return false;
      value_[e] = value_[rf_source_[e]];
    } else if (ev.initial) {
      value_[e] = test_.locations[ev.location].initial;
    } else {
      // Values are constants in the straight-line subset, checked on entry.
      const std::int32_t operand = s_.operations[ev.thread][ev.op]->value.value;
      if (ev.op_kind == OpKind::store || ev.op_kind == OpKind::compare_exchange) {
        value_[e] = operand;
      } else {  // exchange or fetch_*: its read is the event just before it
        if (!solve(e - 1)) return false;
        value_[e] = apply_rmw(ev.op_kind, value_[e - 1], operand);
      }
    }
    state_[e] = 2;
    return true;
  }
  int32_t value(int e) const { return value_[e]; }

 private:
  const Test& test_;
  const EventStructure& s_;
  const std::vector<int>& rf_source_;
  std::vector<int32_t> value_;
  std::vector<char> state_;
};

std::vector<LocationChoice> choices_for_location(const Test& test, const EventStructure& s, int loc,
                                                 std::uint64_t& raw) {
  std::vector<LocationChoice> out;
  const std::vector<int>& writes = s.writes_of[loc];
  const std::vector<int>& reads = s.reads_of[loc];
  if (writes.empty()) return out;  // a thread-local cell: no memory events
  std::vector<int> order(writes.begin() + 1, writes.end());
  std::sort(order.begin(), order.end());
  order.insert(order.begin(), writes.front());  // the initial write is co-first

  // The read of an RMW can only read from the write just before its own in
  // co: any write in between would be fre;coe (atomicity) or would break
  // sc-per-location. So only the other reads are enumerated.
  std::vector<int> free_reads;
  for (int r : reads)
    if (!s.events[r].rmw) free_reads.push_back(r);

  Execution x;
  x.events = &s;
  std::vector<int> rf_source(s.size, -1);
  do {
    x.co = Relation(s.size);
    for (std::size_t a = 0; a < order.size(); ++a)
      for (std::size_t b = a + 1; b < order.size(); ++b) x.co.add(order[a], order[b]);
    for (std::size_t a = 1; a < order.size(); ++a)
      if (s.events[order[a]].rmw) rf_source[order[a] - 1] = order[a - 1];
    std::vector<std::size_t> pick(free_reads.size(), 0);
    while (true) {
      ++raw;
      for (std::size_t r = 0; r < free_reads.size(); ++r)
        rf_source[free_reads[r]] = writes[pick[r]];
      x.rf = Relation(s.size);
      for (int r : reads) x.rf.add(rf_source[r], r);
      x.fr = x.rf.inverse().then(x.co);
      ValueSolver values(test, s, rf_source);
      bool ok = sc_per_location(x) && rmw_atomicity(x);
      for (int e : writes) ok = ok && values.solve(e);
      for (int e : reads) ok = ok && values.solve(e);
      if (ok) {
        LocationChoice c{x.rf, x.co, x.fr, {}, order.back()};
        for (int e : writes) c.values.emplace_back(e, values.value(e));
        for (int e : reads) c.values.emplace_back(e, values.value(e));
        out.push_back(std::move(c));
      }
      // Next rf choice, odometer style.
      std::size_t r = 0;
      while (r < pick.size() && ++pick[r] == writes.size()) pick[r++] = 0;
      if (r == pick.size()) break;
    }
  } while (std::next_permutation(order.begin() + 1, order.end()));
  return out;
}

// Registers and thread-local cells along program order. False when a CAS
// outcome assumed by the event structure disagrees with the values read.
bool run_threads(const Test& test, Execution& x) {
  const EventStructure& s = *x.events;
  x.registers.assign(test.threads.size(), {});
  for (const Thread& thread : test.threads) {
    auto& regs = x.registers[thread.index];
    regs.assign(thread.registers.size(), 0);
    const std::vector<const Operation*>& operations = s.operations[thread.index];
    for (int i = 0; i < static_cast<int>(operations.size()); ++i) {
      const Operation& op = *operations[i];
      const int e = s.event_of[thread.index][i];
      int32_t result = 0;
      switch (op.kind) {
        case OpKind::assign:
          result = op.value.value;
          break;
        case OpKind::store:
        case OpKind::fence:
          continue;
        case OpKind::compare_exchange: {
          int32_t& expected = x.location_values[op.expected_location];
          const bool success = x.value[e] == expected;
          if (success != s.cas_success[thread.index][i]) return false;
          if (!success) expected = x.value[e];
          result = success ? 1 : 0;
          break;
        }
        default:
          result = x.value[e];
          break;  // load, or the old value of an RMW
      }
      if (op.dest_register >= 0) regs[op.dest_register] = result;
    }
  }
  return true;
}

class Combiner {
 public:
  Combiner(const Test& test, const EventStructure& s,
           const std::vector<std::vector<LocationChoice>>& per_location,
           const std::function<void(const Execution&)>& visit, std::uint64_t& coherent)
      : test_(test), s_(s), per_location_(per_location), visit_(visit), coherent_(coherent) {
    x_.events = &s;
    x_.rf = x_.co = x_.fr = Relation(s.size);
    x_.value.assign(s.size, 0);
    x_.location_values.resize(test.locations.size());
  }

  void run(std::size_t loc) {
    if (loc == per_location_.size()) return finish();
    if (s_.writes_of[loc].empty()) return run(loc + 1);
    const Relation rf = x_.rf, co = x_.co, fr = x_.fr;
    for (const LocationChoice& c : per_location_[loc]) {
      x_.rf = rf | c.rf;
      x_.co = co | c.co;
      x_.fr = fr | c.fr;
      for (auto [e, v] : c.values) x_.value[e] = v;
      x_.location_values[loc] = x_.value[c.last_write];
      run(loc + 1);
    }
    x_.rf = rf;
    x_.co = co;
    x_.fr = fr;
  }

 private:
  void finish() {
    for (std::size_t loc = 0; loc < test_.locations.size(); ++loc)
      if (test_.locations[loc].thread_local_cell)
        x_.location_values[loc] = test_.locations[loc].initial;
    if (!run_threads(test_, x_)) return;
    ++coherent_;
    visit_(x_);
  }

  const Test& test_;
  const EventStructure& s_;
  const std::vector<std::vector<LocationChoice>>& per_location_;
  const std::function<void(const Execution&)>& visit_;
  std::uint64_t& coherent_;
  Execution x_;
};

}  // namespace

EnumerationStats for_each_execution(const Test& test,
                                    const std::function<void(const Execution&)>& visit) {
  format::require_straight_line_subset(test, "modelled");
  std::size_t cas_count = 0;
  for (const Thread& t : test.threads)
    for (const Operation* op : operations_of(t)) cas_count += op->kind == OpKind::compare_exchange;
  EnumerationStats stats;
  // Each CAS either succeeds (read + write) or fails (read only); the values
  // read must then agree with the guess, which run_threads checks.
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << cas_count); ++mask) {
    std::vector<bool> outcomes(cas_count);
    for (std::size_t i = 0; i < cas_count; ++i) outcomes[i] = (mask >> i) & 1U;
    const EventStructure s = build_events(test, outcomes);
    std::vector<std::vector<LocationChoice>> per_location(test.locations.size());
    std::uint64_t raw_product = 1;
    bool any_empty = false;
    for (int loc = 0; loc < static_cast<int>(test.locations.size()); ++loc) {
      if (s.writes_of[loc].empty()) continue;
      std::uint64_t raw = 0;
      per_location[loc] = choices_for_location(test, s, loc, raw);
      raw_product *= raw;
      any_empty = any_empty || per_location[loc].empty();
    }
    stats.candidates += raw_product;
    if (any_empty) continue;
    Combiner(test, s, per_location, visit, stats.coherent).run(0);
  }
  return stats;
}

}  // namespace litmuslab::model
