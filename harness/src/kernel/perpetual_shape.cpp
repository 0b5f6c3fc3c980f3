#include "kernel/perpetual_shape.hpp"

#include <algorithm>

namespace litmuslab::kernel {
namespace {

struct NotPerpetual {
  std::string reason;
};

[[noreturn]] void refuse(std::string reason) { throw NotPerpetual{std::move(reason)}; }

bool acts_as_store(const Operation& op) {
  // A dropped exchange writes like a store and logs nothing.
  return op.kind == OpKind::store || (op.kind == OpKind::exchange && op.dest_register < 0);
}

// The thread that stores to each location, or -1; refuses a second store.
std::vector<int> writers(const Test& test) {
  std::vector<int> writer(test.locations.size(), -1);
  for (const Thread& thread : test.threads)
    for (const Operation* op : operations_of(thread)) {
      if (op->kind == OpKind::load || op->kind == OpKind::fence) continue;
      if (!acts_as_store(*op))
        refuse(std::string("it uses ") + to_string(op->kind) +
               ", and perpetual mode needs plain loads and stores");
      const int location = op->static_location();
      if (writer[location] >= 0)
        refuse("location " + test.locations[location].name +
               " is written more than once, so its values do not name one iteration");
      writer[location] = thread.index;
      if (op->value.value == test.locations[location].initial)
        refuse("a store to " + test.locations[location].name + " writes its initial value");
    }
  return writer;
}

PerpetualThreadShape thread_shape(const Test& test, const Thread& thread,
                                  const std::vector<int>& writer) {
  PerpetualThreadShape shape;
  std::vector<int> loads_of_register(thread.registers.size(), 0);
  for (const Operation* op_pointer : operations_of(thread)) {
    const Operation& op = *op_pointer;
    if (op.kind == OpKind::assign)
      refuse("register " + thread.registers.at(op.dest_register).name + " is set to a constant");
    if (op.kind != OpKind::load) continue;
    const int location = op.static_location();
    const int w = writer[location];
    if (w == thread.index)
      refuse("P" + std::to_string(thread.index) + " loads " + test.locations[location].name +
             ", which it writes itself");
    PerpetualLoad load;
    load.location = location;
    load.register_index = op.dest_register;
    load.location_written = w >= 0;
    load.initial_value = test.locations[location].initial;
    if (load.location_written)
      for (const Operation* store : operations_of(test.threads[w]))
        if (acts_as_store(*store) && store->static_location() == location)
          load.written_value = store->value.value;
    if (op.dest_register >= 0 && ++loads_of_register[op.dest_register] > 1)
      refuse("register " + thread.registers[op.dest_register].name + " is loaded more than once");
    shape.loads.push_back(load);
  }
  return shape;
}

int slot_of(const PerpetualShape& shape, const StateKey& key) {
  const auto& loads = shape.threads.at(key.thread).loads;
  for (std::size_t s = 0; s < loads.size(); ++s)
    if (loads[s].register_index == key.index) return static_cast<int>(s);
  refuse("observed register " + to_string(key) + " is not set by a load");
}

// Adds `prop` (negated when !positive) to the conjunction.
void flatten(const Test& test, const Proposition& prop, bool positive, PerpetualShape& shape) {
  switch (prop.kind) {
    case Proposition::Kind::truth:
      if (!positive) shape.condition_possible = false;
      return;
    case Proposition::Kind::negation:
      flatten(test, prop.children.at(0), !positive, shape);
      return;
    case Proposition::Kind::conj:
    case Proposition::Kind::disj:
      // A disjunction pairs iterations into unions of intervals, which the
      // linear matching does not handle; ~(a \/ b) is ~a /\ ~b, which it does.
      if ((prop.kind == Proposition::Kind::conj) != positive)
        refuse("its condition is not a conjunction of register values");
      for (const Proposition& child : prop.children) flatten(test, child, positive, shape);
      return;
    case Proposition::Kind::implies:
      refuse("its condition has an implication");
    case Proposition::Kind::atom:
      break;
  }
  if (prop.key.kind != StateKey::Kind::reg)
    refuse("its condition reads the final value of a location");
  const int slot = slot_of(shape, prop.key);
  const PerpetualLoad& load = shape.threads[prop.key.thread].loads[slot];
  const bool is_written = load.location_written && prop.value == load.written_value;
  const bool is_initial = prop.value == load.initial_value;
  if (!is_written && !is_initial) {
    // The register never holds this value.
    if (positive) shape.condition_possible = false;
    return;
  }
  const bool saw_write = is_written == positive;
  if (!load.location_written) {
    // Nothing is ever written there: the load always sees the initial value.
    if (saw_write) shape.condition_possible = false;
    return;
  }
  shape.condition.push_back({prop.key.thread, slot, saw_write});
}

// The constructs a load log cannot express: the iteration number stands in
// for every stored value, and an instance's state must follow from the logs.
void require_straight_line(const Test& test) {
  if (test.filter) refuse("it has a filter");
  for (const Location& location : test.locations) {
    if (location.lock) refuse("it uses a lock (" + location.name + ")");
    if (location.type == ValueType::pointer)
      refuse("it uses pointers (location " + location.name + ")");
  }
  for (const Thread& thread : test.threads) {
    for (const Register& reg : thread.registers)
      if (reg.type == ValueType::pointer)
        refuse("it uses pointers (register " + std::to_string(thread.index) + ":" + reg.name + ")");
    if (!is_straight_line(thread))
      refuse("P" + std::to_string(thread.index) + " branches (if/else)");
    for (const Operation* op : operations_of(thread)) {
      if (op->address.pointer_register >= 0)
        refuse("P" + std::to_string(thread.index) + " accesses memory through a pointer");
      if (op->address.offset)
        refuse("P" + std::to_string(thread.index) +
               " has an address offset (an address dependency)");
      if (op->kind != OpKind::load && op->kind != OpKind::fence && !op->value.is_constant())
        refuse("P" + std::to_string(thread.index) + " computes a value from registers");
      if (op->kind == OpKind::compare_exchange && op->weak)
        refuse("it uses a weak compare-exchange");
    }
  }
}

PerpetualShape analyse(const Test& test) {
  require_straight_line(test);
  if (test.threads.size() != 2)
    refuse("perpetual mode pairs two threads, and it has " + std::to_string(test.threads.size()));
  for (const Location& location : test.locations)
    if (location.initial != 0) refuse(location.name + " does not start at 0");
  const std::vector<int> writer = writers(test);
  PerpetualShape shape;
  for (const Thread& thread : test.threads)
    shape.threads.push_back(thread_shape(test, thread, writer));
  if (test.observed.size() > kMaxPerpetualKeys)
    refuse("it observes more than " + std::to_string(kMaxPerpetualKeys) + " registers");
  for (const StateKey& key : test.observed) {
    if (key.kind != StateKey::Kind::reg) refuse("it observes the final value of " + key.name);
    shape.keys.push_back({key.thread, slot_of(shape, key)});
  }
  flatten(test, test.condition.proposition, true, shape);
  return shape;
}

}  // namespace

PerpetualAnalysis analyse_perpetual(const Test& test) {
  PerpetualAnalysis analysis;
  try {
    analysis.shape = analyse(test);
  } catch (const NotPerpetual& refusal) {
    analysis.reason = refusal.reason;
  }
  return analysis;
}

}  // namespace litmuslab::kernel
