// The IR written back in herd7's C syntax, for `show` and for messages:
// operations in their _explicit forms, branches indented, propositions with
// herd7's connectives.
#include "litmuslab/test.hpp"

namespace litmuslab {

namespace {

std::string order_text(MemoryOrder order) {
  return std::string("memory_order_") + to_string(order);
}

std::string register_name(const Thread& thread, int reg) {
  if (reg >= 0 && static_cast<std::size_t>(reg) < thread.registers.size())
    return thread.registers[static_cast<std::size_t>(reg)].name;
  return "reg#" + std::to_string(reg);
}

std::string location_name(const Test& test, int location) {
  if (location >= 0 && static_cast<std::size_t>(location) < test.locations.size())
    return test.locations[static_cast<std::size_t>(location)].name;
  return "loc#" + std::to_string(location);
}

std::string address_text(const Address& address, const Thread& thread, const Test& test) {
  std::string base = address.pointer_register >= 0 ? register_name(thread, address.pointer_register)
                                                   : location_name(test, address.location);
  if (!address.offset) return base;
  const Expr& offset = *address.offset;
  const bool leaf = offset.operands.empty();
  const std::string text = to_string(offset, thread, test);
  return base + " + " + (leaf ? text : "(" + text + ")");
}

std::string call(const std::string& function, const std::vector<std::string>& arguments) {
  std::string out = function + "(";
  for (std::size_t i = 0; i < arguments.size(); ++i) out += (i ? ", " : "") + arguments[i];
  return out + ")";
}

void append_body(std::string& out, const std::vector<Statement>& body, const Thread& thread,
                 const Test& test, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const Statement& statement : body) {
    if (statement.kind == Statement::Kind::operation) {
      out += pad + to_string(statement.op, thread, test) + "\n";
      continue;
    }
    out += pad + "if (" + to_string(statement.condition, thread, test) + ") {\n";
    append_body(out, statement.then_body, thread, test, indent + 2);
    if (!statement.else_body.empty()) {
      out += pad + "} else {\n";
      append_body(out, statement.else_body, thread, test, indent + 2);
    }
    out += pad + "}\n";
  }
}

// herd7's binding strength: \/ < /\ < => < ~.
int strength(Proposition::Kind kind) {
  switch (kind) {
    case Proposition::Kind::disj:
      return 1;
    case Proposition::Kind::conj:
      return 2;
    case Proposition::Kind::implies:
      return 3;
    default:
      return 4;
  }
}

}  // namespace

std::string to_string(const Operation& op, const Thread& thread, const Test& test) {
  const std::string address = address_text(op.address, thread, test);
  const std::string value = to_string(op.value, thread, test);
  const std::string dest =
      op.dest_register >= 0 ? register_name(thread, op.dest_register) + " = " : "";
  const std::string deref = op.address.offset ? "*(" + address + ")" : "*" + address;
  switch (op.kind) {
    case OpKind::load:
      if (!op.atomic) return dest + deref + ";";
      return dest + call("atomic_load_explicit", {address, order_text(op.order)}) + ";";
    case OpKind::store:
      if (!op.atomic) return deref + " = " + value + ";";
      return call("atomic_store_explicit", {address, value, order_text(op.order)}) + ";";
    case OpKind::exchange:
    case OpKind::fetch_add:
    case OpKind::fetch_sub:
    case OpKind::fetch_and:
    case OpKind::fetch_or:
    case OpKind::fetch_xor:
      return dest +
             call(std::string("atomic_") + to_string(op.kind) + "_explicit",
                  {address, value, order_text(op.order)}) +
             ";";
    case OpKind::compare_exchange:
      return dest +
             call(op.weak ? "atomic_compare_exchange_weak_explicit"
                          : "atomic_compare_exchange_strong_explicit",
                  {address, location_name(test, op.expected_location), value, order_text(op.order),
                   order_text(op.failure_order)}) +
             ";";
    case OpKind::fence:
      return call("atomic_thread_fence", {order_text(op.order)}) + ";";
    case OpKind::assign:
      return dest + value + ";";
    case OpKind::lock:
      return call("spin_lock", {address}) + ";";
    case OpKind::unlock:
      return call("spin_unlock", {address}) + ";";
    case OpKind::trylock:
      return dest + call("spin_trylock", {address}) + ";";
  }
  return "?";
}

std::string body_text(const Thread& thread, const Test& test, int indent) {
  std::string out;
  append_body(out, thread.body, thread, test, indent);
  return out;
}

std::string to_string(const Proposition& prop, const Test& test) {
  switch (prop.kind) {
    case Proposition::Kind::truth:
      return "true";
    case Proposition::Kind::atom: {
      const std::string value = prop.key.type == ValueType::pointer
                                    ? location_name(test, prop.value)
                                    : std::to_string(prop.value);
      return to_string(prop.key) + "=" + value;
    }
    case Proposition::Kind::negation: {
      const Proposition& inner = prop.children.at(0);
      if (inner.kind == Proposition::Kind::truth) return "false";
      const std::string text = to_string(inner, test);
      return strength(inner.kind) < 4 ? "~(" + text + ")" : "~" + text;
    }
    default:
      break;
  }
  const int mine = strength(prop.kind);
  const char* connective = prop.kind == Proposition::Kind::disj   ? " \\/ "
                           : prop.kind == Proposition::Kind::conj ? " /\\ "
                                                                  : " => ";
  // \/ and /\ group leftwards, => rightwards.
  const bool right_assoc = prop.kind == Proposition::Kind::implies;
  const auto side = [&](const Proposition& child, bool right) {
    const std::string text = to_string(child, test);
    const int theirs = strength(child.kind);
    const bool wrap = theirs < mine || (theirs == mine && right != right_assoc);
    return wrap ? "(" + text + ")" : text;
  };
  return side(prop.children.at(0), false) + connective + side(prop.children.at(1), true);
}

}  // namespace litmuslab
