#include <sstream>

#include "codegen/codegen.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab::codegen {
namespace {

std::string location_ref(const Test& test, int location) {
  return "loc_" + test.locations.at(location).name;
}

// The constant an operation stores or applies; the straight-line subset,
// checked on entry, has no other values.
std::string operand(const Operation& op) { return std::to_string(op.value.value); }

// The expression that reads the op's location as the op asks.
std::string load_expression(const Test& test, const Operation& op) {
  const Location& loc = test.locations.at(op.static_location());
  const std::string ref = location_ref(test, op.static_location());
  if (!loc.atomic)  // plain int storage: relaxed through atomic_ref, so it neither tears nor moves
    return "std::atomic_ref<int>(" + ref + ").load(std::memory_order_relaxed)";
  return ref + ".load(" + cpp_spelling(op.atomic ? op.order : MemoryOrder::relaxed) + ")";
}

std::string store_statement(const Test& test, const Operation& op) {
  const Location& loc = test.locations.at(op.static_location());
  const std::string ref = location_ref(test, op.static_location());
  const std::string value = operand(op);
  if (!loc.atomic)
    return "std::atomic_ref<int>(" + ref + ").store(" + value + ", std::memory_order_relaxed);";
  return ref + ".store(" + value + ", " +
         cpp_spelling(op.atomic ? op.order : MemoryOrder::relaxed) + ");";
}

std::string register_ref(const Thread& thread, int reg) {
  return "reg_" + thread.registers.at(reg).name;
}

std::string assign(const Thread& thread, const Operation& op, const std::string& expr) {
  if (op.dest_register < 0) return "(void)" + expr + ";";
  return register_ref(thread, op.dest_register) + " = " + expr + ";";
}

std::string statement(const Test& test, const Thread& thread, const Operation& op) {
  switch (op.kind) {
    case OpKind::load:
      return assign(thread, op, load_expression(test, op));
    case OpKind::store:
      return store_statement(test, op);
    case OpKind::exchange:
    case OpKind::fetch_add:
    case OpKind::fetch_sub:
    case OpKind::fetch_and:
    case OpKind::fetch_or:
    case OpKind::fetch_xor: {
      std::string ref = location_ref(test, op.static_location());
      if (!test.locations.at(op.static_location()).atomic)
        ref = "std::atomic_ref<int>(" + ref + ")";
      // The op's name in the IR is std::atomic's member for it.
      return assign(
          thread, op,
          ref + "." + to_string(op.kind) + "(" + operand(op) + ", " + cpp_spelling(op.order) + ")");
    }
    case OpKind::compare_exchange: {
      // The expected cell is private to this thread, so a plain int is exact.
      const std::string cell = location_ref(test, op.expected_location);
      std::string ref = location_ref(test, op.static_location());
      if (!test.locations.at(op.static_location()).atomic)
        ref = "std::atomic_ref<int>(" + ref + ")";
      // The op's name in the IR is std::atomic's member for it.
      const std::string call = ref + ".compare_exchange_strong(" + cell + ", " + operand(op) +
                               ", " + cpp_spelling(op.order) + ", " +
                               cpp_spelling(op.failure_order) + ")";
      return assign(thread, op, "static_cast<int>(" + call + ")");
    }
    case OpKind::fence:
      return std::string("std::atomic_thread_fence(") + cpp_spelling(op.order) + ");";
    case OpKind::assign:
      return assign(thread, op, operand(op));
    case OpKind::lock:
    case OpKind::unlock:
    case OpKind::trylock:
      break;  // outside the straight-line subset, rejected on entry
  }
  return "";
}

bool thread_uses(const Thread& thread, int location) {
  for (const Operation* op : operations_of(thread))
    if (op->static_location() == location || op->expected_location == location) return true;
  return false;
}

}  // namespace

std::string symbol_for(std::string_view test_name) {
  std::string out = "litmuslab_kernel_";
  for (char c : test_name) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c == '_') {
      out += "__";
    } else {
      // Escape everything else so distinct names never collide.
      static const char* hex = "0123456789abcdef";
      out += "_";
      out += hex[(static_cast<unsigned char>(c) >> 4) & 15];
      out += hex[static_cast<unsigned char>(c) & 15];
    }
  }
  return out;
}

std::string thread_kernels(const Test& test) {
  format::require_straight_line_subset(test, "compiled");
  std::ostringstream out;
  const std::string symbol = symbol_for(test.name);
  for (const Thread& thread : test.threads) {
    const std::size_t reg_count = thread.registers.size();
    out << "void " << symbol << "_P" << thread.index
        << "(const ::litmuslab::kernel::KernelArgs& args) {\n"
        << "  std::byte* instance = args.base;\n"
        << "  std::int32_t* out = args.registers;\n";
    for (std::size_t l = 0; l < test.locations.size(); ++l)
      if (thread_uses(thread, static_cast<int>(l)))
        out << "  const std::ptrdiff_t off_" << test.locations[l].name << " = args.location_offset["
            << l << "];\n";
    out << "  for (std::size_t i = 0; i < args.count; ++i, instance += args.stride, out += "
        << reg_count << ") {\n";
    for (std::size_t l = 0; l < test.locations.size(); ++l) {
      if (!thread_uses(thread, static_cast<int>(l))) continue;
      const Location& loc = test.locations[l];
      const char* type = loc.atomic && !loc.thread_local_cell ? "std::atomic<int>" : "int";
      out << "    " << type << "& loc_" << loc.name << " = *std::launder(reinterpret_cast<" << type
          << "*>(instance + off_" << loc.name << "));\n";
    }
    for (const Register& reg : thread.registers) out << "    int reg_" << reg.name << " = 0;\n";
    for (const Operation* op : operations_of(thread))
      out << "    " << statement(test, thread, *op) << "\n";
    for (std::size_t r = 0; r < reg_count; ++r)
      out << "    out[" << r << "] = reg_" << thread.registers[r].name << ";\n";
    out << "  }\n}\n\n";
  }
  return out.str();
}

}  // namespace litmuslab::codegen
