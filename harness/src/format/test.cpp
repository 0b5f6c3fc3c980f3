#include "litmuslab/test.hpp"

#include <algorithm>

namespace litmuslab {

const char* to_string(MemoryOrder order) {
  switch (order) {
    case MemoryOrder::relaxed:
      return "relaxed";
    case MemoryOrder::acquire:
      return "acquire";
    case MemoryOrder::release:
      return "release";
    case MemoryOrder::acq_rel:
      return "acq_rel";
    case MemoryOrder::seq_cst:
      return "seq_cst";
  }
  return "?";
}

const char* cpp_spelling(MemoryOrder order) {
  switch (order) {
    case MemoryOrder::relaxed:
      return "std::memory_order_relaxed";
    case MemoryOrder::acquire:
      return "std::memory_order_acquire";
    case MemoryOrder::release:
      return "std::memory_order_release";
    case MemoryOrder::acq_rel:
      return "std::memory_order_acq_rel";
    case MemoryOrder::seq_cst:
      return "std::memory_order_seq_cst";
  }
  return "?";
}

const char* to_string(OpKind kind) {
  switch (kind) {
    case OpKind::load:
      return "load";
    case OpKind::store:
      return "store";
    case OpKind::exchange:
      return "exchange";
    case OpKind::fetch_add:
      return "fetch_add";
    case OpKind::fetch_sub:
      return "fetch_sub";
    case OpKind::fetch_and:
      return "fetch_and";
    case OpKind::fetch_or:
      return "fetch_or";
    case OpKind::fetch_xor:
      return "fetch_xor";
    case OpKind::compare_exchange:
      return "compare_exchange";
    case OpKind::fence:
      return "fence";
    case OpKind::set_register:
      return "set_register";
  }
  return "?";
}

bool is_rmw(OpKind kind) {
  switch (kind) {
    case OpKind::exchange:
    case OpKind::fetch_add:
    case OpKind::fetch_sub:
    case OpKind::fetch_and:
    case OpKind::fetch_or:
    case OpKind::fetch_xor:
    case OpKind::compare_exchange:
      return true;
    default:
      return false;
  }
}

bool reads_memory(OpKind kind) { return kind == OpKind::load || is_rmw(kind); }
bool writes_memory(OpKind kind) { return kind == OpKind::store || is_rmw(kind); }

int32_t apply_rmw(OpKind kind, int32_t old, int32_t operand) {
  // Wrap like the hardware does, without signed-overflow UB.
  const auto u_old = static_cast<uint32_t>(old);
  const auto u_op = static_cast<uint32_t>(operand);
  switch (kind) {
    case OpKind::exchange:
      return operand;
    case OpKind::fetch_add:
      return static_cast<int32_t>(u_old + u_op);
    case OpKind::fetch_sub:
      return static_cast<int32_t>(u_old - u_op);
    case OpKind::fetch_and:
      return static_cast<int32_t>(u_old & u_op);
    case OpKind::fetch_or:
      return static_cast<int32_t>(u_old | u_op);
    case OpKind::fetch_xor:
      return static_cast<int32_t>(u_old ^ u_op);
    case OpKind::compare_exchange:
      return operand;
    default:
      return old;
  }
}

std::string family_of(std::string_view test_name) {
  std::size_t end = test_name.find('+');
  const std::string_view first = test_name.substr(0, end);
  const bool count_prefix =
      !first.empty() && first.find_first_not_of("0123456789") == std::string_view::npos;
  if (count_prefix && end != std::string_view::npos) end = test_name.find('+', end + 1);
  return std::string(test_name.substr(0, end));
}

std::string to_string(const StateKey& key) {
  if (key.kind == StateKey::Kind::reg) return std::to_string(key.thread) + ":" + key.name;
  return "[" + key.name + "]";
}

const char* to_string(Condition::Quantifier q) {
  switch (q) {
    case Condition::Quantifier::exists:
      return "exists";
    case Condition::Quantifier::not_exists:
      return "~exists";
    case Condition::Quantifier::forall:
      return "forall";
  }
  return "?";
}

namespace {
int32_t value_of(const Test& test, const StateKey& key, const StateValues& state) {
  for (std::size_t i = 0; i < test.observed.size(); ++i)
    if (test.observed[i] == key) return state.at(i);
  return 0;  // the parser puts every condition key into observed
}
}  // namespace

bool matches(const Test& test, const Proposition& prop, const StateValues& state) {
  switch (prop.kind) {
    case Proposition::Kind::truth:
      return true;
    case Proposition::Kind::atom:
      return value_of(test, prop.key, state) == prop.value;
    case Proposition::Kind::negation:
      return !matches(test, prop.children.at(0), state);
    case Proposition::Kind::conj:
      return std::all_of(prop.children.begin(), prop.children.end(),
                         [&](const Proposition& c) { return matches(test, c, state); });
    case Proposition::Kind::disj:
      return std::any_of(prop.children.begin(), prop.children.end(),
                         [&](const Proposition& c) { return matches(test, c, state); });
  }
  return false;
}

bool matches(const Test& test, const StateValues& state) {
  return matches(test, test.condition.proposition, state);
}

std::string format_state(const Test& test, const StateValues& state) {
  std::string out;
  for (std::size_t i = 0; i < test.observed.size() && i < state.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += to_string(test.observed[i]) + "=" + std::to_string(state[i]) + ";";
  }
  return out;
}

std::vector<MemoryOrder> orders_used(const Test& test) {
  std::vector<MemoryOrder> orders;
  for (const auto& thread : test.threads)
    for (const auto& op : thread.operations) {
      if (op.kind == OpKind::set_register) continue;
      if (std::find(orders.begin(), orders.end(), op.order) == orders.end())
        orders.push_back(op.order);
    }
  std::sort(orders.begin(), orders.end());
  return orders;
}

}  // namespace litmuslab
