#include "event_structure.hpp"

#include <string>

#include "litmuslab/model.hpp"

namespace litmuslab::model {

TestDependencies test_dependencies(const Test& test) {
  TestDependencies out;
  for (const Thread& thread : test.threads) out.push_back(dependencies_of(test, thread));
  return out;
}

namespace {

[[noreturn]] void too_big() {
  throw LimitReached("test too big to model: more than " + std::to_string(kMaxEvents) +
                         " memory events in one execution",
                     ModelResult{}, false);
}

int add_event(EventStructure& s, const Event& e) {
  if (static_cast<int>(s.events.size()) >= kMaxEvents) too_big();
  s.events.push_back(e);
  return static_cast<int>(s.events.size()) - 1;
}

}  // namespace

EventStructure build_events(const Test& test, const std::vector<const ThreadPath*>& paths,
                            const TestDependencies& dependencies) {
  EventStructure s;
  const std::size_t n_locations = test.locations.size();
  // Initial writes for the locations this choice of paths touches.
  std::vector<bool> used(n_locations, false);
  for (const ThreadPath* path : paths)
    for (const Event& e : path->events)
      if (e.location >= 0) used[static_cast<std::size_t>(e.location)] = true;
  s.initial_write.assign(n_locations, -1);
  for (std::size_t l = 0; l < n_locations; ++l) {
    if (!used[l]) continue;
    Event e;
    e.kind = EventKind::write;
    e.location = static_cast<int>(l);
    e.initial = true;
    e.value = s.values.constant(test.locations[l].initial);
    s.initial_write[l] = add_event(s, e);
  }

  s.registers.resize(paths.size());
  s.cells.assign(n_locations, -1);
  std::vector<int> first_event(paths.size(), 0);
  for (std::size_t t = 0; t < paths.size(); ++t) {
    const ThreadPath& path = *paths[t];
    const int offset = static_cast<int>(s.events.size());
    first_event[t] = offset;
    if (offset + static_cast<int>(path.events.size()) > kMaxEvents) too_big();
    const int node_offset = s.values.append(path.values, offset);
    for (Event e : path.events) {
      if (e.value >= 0) e.value += node_offset;
      add_event(s, e);
    }
    for (const PathCheck& c : path.checks)
      s.checks.push_back(
          {c.value + node_offset, c.address_offset, static_cast<int>(t), c.op_index});
    for (int r : path.registers) s.registers[t].push_back(r + node_offset);
    for (std::size_t l = 0; l < n_locations; ++l)
      if (path.cells[l] >= 0) s.cells[l] = path.cells[l] + node_offset;
  }
  s.size = static_cast<int>(s.events.size());

  s.po = s.rmw = s.same_loc = s.same_thread = s.addr = s.data = s.ctrl = Relation(s.size);
  s.writes_of.assign(n_locations, 0);
  s.reads_of.assign(n_locations, 0);
  for (int i = 0; i < s.size; ++i) {
    const Event& e = s.events[static_cast<std::size_t>(i)];
    if (e.initial) s.initial |= bit(i);
    if (e.kind == EventKind::fence) {
      s.fences |= bit(i);
    } else if (e.kind == EventKind::read) {
      s.reads |= bit(i);
      s.reads_of[static_cast<std::size_t>(e.location)] |= bit(i);
      if (e.rmw) s.rmw.add(i, i + 1);  // a successful RMW's write follows its read
    } else {
      s.writes |= bit(i);
      s.writes_of[static_cast<std::size_t>(e.location)] |= bit(i);
    }
    if (e.atomic && !e.initial && e.kind != EventKind::fence) s.atomic |= bit(i);
  }
  for (int i = 0; i < s.size; ++i) {
    const Event& e = s.events[static_cast<std::size_t>(i)];
    if (e.location >= 0)
      s.same_loc.set_row(i, s.reads_of[static_cast<std::size_t>(e.location)] |
                                s.writes_of[static_cast<std::size_t>(e.location)]);
  }

  for (std::size_t t = 0; t < paths.size(); ++t) {
    const int first = first_event[t];
    const int count = static_cast<int>(paths[t]->events.size());
    EventSet mine = 0;
    for (int i = first; i < first + count; ++i) mine |= bit(i);
    for (int i = first; i < first + count; ++i) {
      s.same_thread.set_row(i, mine);
      s.po.set_row(i, mine & ~((bit(i) << 1) - 1));  // the thread's later events
    }
    // Dependencies, from operation indices to this path's events.
    std::vector<EventSet> events_of_op, reads_of_op, writes_of_op;
    for (int i = first; i < first + count; ++i) {
      const Event& e = s.events[static_cast<std::size_t>(i)];
      const auto op = static_cast<std::size_t>(e.op_index);
      if (op >= events_of_op.size()) {
        events_of_op.resize(op + 1, 0);
        reads_of_op.resize(op + 1, 0);
        writes_of_op.resize(op + 1, 0);
      }
      events_of_op[op] |= bit(i);
      if (e.kind == EventKind::read) reads_of_op[op] |= bit(i);
      if (e.kind == EventKind::write) writes_of_op[op] |= bit(i);
    }
    auto at = [](const std::vector<EventSet>& v, int op) {
      return static_cast<std::size_t>(op) < v.size() ? v[static_cast<std::size_t>(op)] : 0;
    };
    for (const Dependency& d : dependencies[t]) {
      const EventSet from = at(reads_of_op, d.from);
      if (!from) continue;
      const int r = std::countr_zero(from);
      switch (d.kind) {
        case DependencyKind::address:
          s.addr.set_row(r, s.addr.row(r) | at(events_of_op, d.to));
          break;
        case DependencyKind::data:
          s.data.set_row(r, s.data.row(r) | at(writes_of_op, d.to));
          break;
        case DependencyKind::control:
          s.ctrl.set_row(r, s.ctrl.row(r) | at(events_of_op, d.to));
          break;
      }
    }
  }
  return s;
}

}  // namespace litmuslab::model
