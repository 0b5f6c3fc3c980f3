#include "execution.hpp"

#include <stdexcept>
#include <string>

namespace litmuslab::model {

namespace {

int add_event(EventStructure& s, const Event& e) {
  if (static_cast<int>(s.events.size()) >= kMaxEvents)
    throw std::invalid_argument("test too big to model: more than " + std::to_string(kMaxEvents) +
                                " memory events");
  s.events.push_back(e);
  return static_cast<int>(s.events.size()) - 1;
}

}  // namespace

EventStructure build_events(const Test& test, const std::vector<bool>& cas_outcomes) {
  EventStructure s;
  // Initial writes first, one per shared location; CAS expected cells are
  // thread-local registers in disguise and get no memory events.
  for (int loc = 0; loc < static_cast<int>(test.locations.size()); ++loc) {
    if (test.locations[loc].thread_local_cell) continue;
    Event e;
    e.kind = EventKind::write;
    e.location = loc;
    e.initial = true;
    e.atomic = true;  // initialisation never races (it happens before everything)
    add_event(s, e);
  }
  std::size_t next_cas = 0;
  std::vector<std::vector<int>> thread_events;
  s.cas_success.resize(test.threads.size());
  s.event_of.resize(test.threads.size());
  s.operations.resize(test.threads.size());
  for (const Thread& thread : test.threads) {
    const int t = thread.index;
    auto& mine = thread_events.emplace_back();
    const std::vector<const Operation*>& operations = s.operations[t] = operations_of(thread);
    s.cas_success[t].assign(operations.size(), false);
    s.event_of[t].assign(operations.size(), -1);
    for (int i = 0; i < static_cast<int>(operations.size()); ++i) {
      const Operation& op = *operations[i];
      if (op.kind == OpKind::assign) continue;
      Event e;
      e.thread = t;
      e.op = i;
      e.location = op.static_location();
      e.op_kind = op.kind;
      e.order = op.order;
      e.instruction_order = op.order;
      e.failure_order = op.failure_order;
      e.atomic = op.atomic;
      if (op.kind == OpKind::fence) {
        e.kind = EventKind::fence;
        e.location = -1;
        s.event_of[t][i] = add_event(s, e);
        mine.push_back(s.event_of[t][i]);
        continue;
      }
      bool writes = writes_memory(op.kind);
      if (op.kind == OpKind::compare_exchange) {
        const bool success = next_cas < cas_outcomes.size() && cas_outcomes[next_cas];
        ++next_cas;
        s.cas_success[t][i] = success;
        writes = success;
        if (!success) e.order = op.failure_order;
      }
      if (reads_memory(op.kind)) {
        e.kind = EventKind::read;
        e.rmw = is_rmw(op.kind) && writes;
        const int r = add_event(s, e);
        s.event_of[t][i] = r;
        mine.push_back(r);
      }
      if (writes) {
        e.kind = EventKind::write;
        e.order = op.order;
        e.rmw = is_rmw(op.kind);
        const int w = add_event(s, e);
        if (s.event_of[t][i] < 0) s.event_of[t][i] = w;
        mine.push_back(w);
      }
    }
  }

  s.size = static_cast<int>(s.events.size());
  s.po = Relation(s.size);
  s.rmw = Relation(s.size);
  s.same_loc = Relation(s.size);
  s.same_thread = Relation(s.size);
  for (const auto& mine : thread_events) {
    EventSet all = 0;
    for (int e : mine) all |= bit(e);
    for (std::size_t a = 0; a < mine.size(); ++a) {
      s.same_thread.set_row(mine[a], all);
      for (std::size_t b = a + 1; b < mine.size(); ++b) s.po.add(mine[a], mine[b]);
    }
  }
  s.writes_of.resize(test.locations.size());
  s.reads_of.resize(test.locations.size());
  for (int i = 0; i < s.size; ++i) {
    const Event& e = s.events[i];
    if (e.kind == EventKind::fence) {
      s.fences |= bit(i);
      continue;
    }
    if (e.kind == EventKind::read) {
      s.reads |= bit(i);
      s.reads_of[e.location].push_back(i);
      if (e.rmw) s.rmw.add(i, i + 1);  // the write always follows its read
    } else {
      s.writes |= bit(i);
      s.writes_of[e.location].push_back(i);
    }
    if (e.initial) s.initial |= bit(i);
  }
  for (int i = 0; i < s.size; ++i) {
    if (s.events[i].kind == EventKind::fence) continue;
    for (int j = 0; j < s.size; ++j)
      if (s.events[j].kind != EventKind::fence && s.events[j].location == s.events[i].location)
        s.same_loc.add(i, j);
  }
  return s;
}

bool sc_per_location(const Execution& x) { return (x.po_loc() | x.com()).acyclic(); }

bool rmw_atomicity(const Execution& x) {
  return (x.events->rmw & x.external(x.fr).then(x.external(x.co))).empty();
}

}  // namespace litmuslab::model
