// Batched kernels: one function per thread that runs the thread's body on
// every instance of a batch, through std::atomic_ref with the test's exact
// orders. README.md (this folder) gives the mapping of each construct.
#include <algorithm>
#include <sstream>

#include "codegen/codegen.hpp"
#include "kernel_code.hpp"

namespace litmuslab::codegen {
namespace {

// A plain access (`*x`) is non-atomic to the models; the kernel makes it a
// relaxed atomic access, so the compiler neither tears nor invents it.
const char* order_of(const Operation& op) {
  return cpp_spelling(op.atomic ? op.order : MemoryOrder::relaxed);
}

// A CAS's success order, raised to cover its failure order when that is
// stronger (C++17 allows the pair; gcc 12 rejects it and makes the CAS
// seq_cst), so the kernel says what the instruction does.
MemoryOrder cas_success_order(const Operation& op) {
  const MemoryOrder failure = op.failure_order;
  if (failure == MemoryOrder::seq_cst) return MemoryOrder::seq_cst;
  if (failure != MemoryOrder::acquire) return op.order;
  switch (op.order) {
    case MemoryOrder::relaxed:
      return MemoryOrder::acquire;
    case MemoryOrder::release:
      return MemoryOrder::acq_rel;
    default:
      return op.order;
  }
}

// What one thread's kernel needs of each location.
struct LocationUse {
  std::vector<bool> by_name;     // loc_x: accessed as x
  std::vector<bool> by_address;  // at_x: an offset from it, or its address as a pointer value
};

void mark_addresses_taken(const Expr& expr, std::vector<bool>& by_address) {
  if (expr.op == ExprOp::address_of) by_address.at(static_cast<std::size_t>(expr.index)) = true;
  for (const Expr& operand : expr.operands) mark_addresses_taken(operand, by_address);
}

LocationUse location_use(const Test& test, const Thread& thread) {
  LocationUse use{std::vector<bool>(test.locations.size()),
                  std::vector<bool>(test.locations.size())};
  for_each_expression(thread.body,
                      [&](const Expr& expr) { mark_addresses_taken(expr, use.by_address); });
  for (const Operation* op : operations_of(thread)) {
    const int location = op->address.pointer_register < 0 ? op->address.location : -1;
    if (location >= 0) (op->address.offset ? use.by_address : use.by_name)[location] = true;
    if (op->expected_location >= 0) use.by_name[op->expected_location] = true;
  }
  // A pointer register's final value is found among the addresses it may hold.
  const bool pointer_registers =
      std::any_of(thread.registers.begin(), thread.registers.end(),
                  [](const Register& reg) { return reg.type == ValueType::pointer; });
  if (pointer_registers) {
    const std::vector<bool> targets = pointer_targets(test);
    for (std::size_t l = 0; l < targets.size(); ++l)
      if (targets[l]) use.by_address[l] = true;
  }
  return use;
}

// The per-instance names of the locations a thread uses.
void declare_locations(const Test& test, const LocationUse& use, std::ostringstream& out) {
  for (std::size_t l = 0; l < test.locations.size(); ++l) {
    const Location& loc = test.locations[l];
    const std::string at = "std::launder(reinterpret_cast<int*>(instance + off_" + loc.name + "))";
    if (use.by_address[l]) out << "    int* const at_" << loc.name << " = " << at << ";\n";
    if (!use.by_name[l]) continue;
    if (loc.thread_local_cell) {
      // Private to this thread (the parser checks): a plain int is exact.
      out << "    int& loc_" << loc.name << " = *" << at << ";\n";
    } else if (loc.type == ValueType::pointer) {
      out << "    std::atomic_ref<int*> loc_" << loc.name
          << "(*std::launder(reinterpret_cast<int**>(instance + off_" << loc.name << ")));\n";
    } else {
      out << "    std::atomic_ref<int> loc_" << loc.name << "(*"
          << (use.by_address[l] ? "at_" + loc.name : at) << ");\n";
    }
  }
}

// Writes a thread's statements. Each operation (and each branch condition)
// that reads registers first takes opaque copies of them (kernel_ops.hpp),
// `v<n>_<register>`, numbered per statement so nested blocks never shadow.
class BodyWriter {
 public:
  BodyWriter(const Test& test, const Thread& thread, std::ostringstream& out)
      : test_(test), thread_(thread), out_(out) {}

  void body(const std::vector<Statement>& statements, const std::string& indent) {
    for (const Statement& statement : statements) {
      if (statement.kind == Statement::Kind::branch) {
        branch(statement, indent);
      } else {
        operation(statement.op, indent);
      }
    }
  }

 private:
  ExpressionCode copies(const std::vector<int>& registers, const std::string& indent) {
    return ExpressionCode(test_, thread_, copy_names(registers, indent));
  }

  std::vector<std::string> copy_names(const std::vector<int>& registers,
                                      const std::string& indent) {
    std::vector<std::string> names(thread_.registers.size());
    if (!registers.empty()) ++copy_set_;
    for (int r : registers) {
      const Register& reg = thread_.registers.at(static_cast<std::size_t>(r));
      names[static_cast<std::size_t>(r)] = "v" + std::to_string(copy_set_) + "_" + reg.name;
      out_ << indent << (reg.type == ValueType::pointer ? "int* const " : "const int ")
           << names[static_cast<std::size_t>(r)] << " = ops::opaque(reg_" << reg.name << ");\n";
    }
    return names;
  }

  void branch(const Statement& statement, const std::string& indent) {
    const std::vector<int> condition_registers = registers_read(statement.condition);
    const std::vector<std::string> names = copy_names(condition_registers, indent);
    const ExpressionCode code(test_, thread_, names);
    out_ << indent << "if (" << code.condition(statement.condition) << ") {\n"
         << indent << "  ops::branch_arm<" << arm_++ << ">();\n";
    body(statement.then_body, indent + "  ");
    out_ << indent << "} else {\n" << indent << "  ops::branch_arm<" << arm_++ << ">();\n";
    body(statement.else_body, indent + "  ");
    out_ << indent << "}\n";
    if (condition_registers.empty()) return;
    // What either arm set now holds a value the condition chose.
    std::string from;
    for (int r : condition_registers) from += ", " + names[static_cast<std::size_t>(r)];
    std::vector<bool> registers(thread_.registers.size()), cells(test_.locations.size());
    set_in(statement.then_body, registers, cells);
    set_in(statement.else_body, registers, cells);
    for (std::size_t r = 0; r < registers.size(); ++r)
      if (registers[r]) {
        const std::string reg = "reg_" + thread_.registers[r].name;
        out_ << indent << reg << " = ops::carry(" << reg << from << ");\n";
      }
    for (std::size_t c = 0; c < cells.size(); ++c)
      if (cells[c]) {
        const std::string cell = "loc_" + test_.locations[c].name;
        out_ << indent << cell << " = ops::carry(" << cell << from << ");\n";
      }
  }

  // The registers and CAS expected cells that the statements set.
  static void set_in(const std::vector<Statement>& statements, std::vector<bool>& registers,
                     std::vector<bool>& cells) {
    for (const Statement& statement : statements) {
      if (statement.kind == Statement::Kind::branch) {
        set_in(statement.then_body, registers, cells);
        set_in(statement.else_body, registers, cells);
        continue;
      }
      const Operation& op = statement.op;
      if (op.dest_register >= 0) registers[static_cast<std::size_t>(op.dest_register)] = true;
      if (op.kind == OpKind::compare_exchange)
        cells[static_cast<std::size_t>(op.expected_location)] = true;
    }
  }

  // The std::atomic_ref the operation accesses.
  std::string access(const Operation& op, const ExpressionCode& code) const {
    if (op.address.pointer_register >= 0)
      return "std::atomic_ref<int>(*" +
             code.pointer(Expr::register_of(op.address.pointer_register)) + ")";
    const std::string& name = test_.locations.at(op.address.location).name;
    if (op.address.offset)
      return "std::atomic_ref<int>(at_" + name + "[" + code.integer(*op.address.offset) + "])";
    return "loc_" + name;
  }

  bool targets_pointer(const Operation& op) const {
    if (op.kind == OpKind::assign)
      return thread_.registers.at(op.dest_register).type == ValueType::pointer;
    return op.address.pointer_register < 0 && op.address.location >= 0 &&
           test_.locations.at(op.address.location).type == ValueType::pointer;
  }

  void operation(const Operation& op, const std::string& indent) {
    std::vector<int> registers;
    const auto add = [&registers](int r) {
      if (std::find(registers.begin(), registers.end(), r) == registers.end())
        registers.push_back(r);
    };
    if (uses_value(op.kind))
      for (int r : registers_read(op.value)) add(r);
    if (op.address.offset)
      for (int r : registers_read(*op.address.offset)) add(r);
    if (op.address.pointer_register >= 0) add(op.address.pointer_register);
    const ExpressionCode code = copies(registers, indent);
    const std::string value = uses_value(op.kind) ? (targets_pointer(op) ? code.pointer(op.value)
                                                                         : code.integer(op.value))
                                                  : "";
    out_ << indent << statement(op, code, value) << "\n";
  }

  std::string assign(const Operation& op, const std::string& expr) const {
    if (op.dest_register < 0) return "(void)" + expr + ";";
    return "reg_" + thread_.registers.at(op.dest_register).name + " = " + expr + ";";
  }

  std::string statement(const Operation& op, const ExpressionCode& code,
                        const std::string& value) const {
    switch (op.kind) {
      case OpKind::load:
        return assign(op, access(op, code) + ".load(" + order_of(op) + ")");
      case OpKind::store:
        return access(op, code) + ".store(" + value + ", " + order_of(op) + ");";
      case OpKind::exchange:
      case OpKind::fetch_add:
      case OpKind::fetch_sub:
      case OpKind::fetch_and:
      case OpKind::fetch_or:
      case OpKind::fetch_xor:
        // The op's name in the IR is std::atomic_ref's member for it.
        return assign(op, access(op, code) + "." + to_string(op.kind) + "(" + value + ", " +
                              order_of(op) + ")");
      case OpKind::compare_exchange: {
        const std::string cell = "loc_" + test_.locations.at(op.expected_location).name;
        return assign(op, std::string("static_cast<int>(") + access(op, code) +
                              (op.weak ? ".compare_exchange_weak(" : ".compare_exchange_strong(") +
                              cell + ", " + value + ", " + cpp_spelling(cas_success_order(op)) +
                              ", " + cpp_spelling(op.failure_order) + "))");
      }
      case OpKind::fence:
        return std::string("std::atomic_thread_fence(") + cpp_spelling(op.order) + ");";
      case OpKind::assign:
        return assign(op, value);
      case OpKind::lock:
        return "ops::spin_lock(" + access(op, code) + ");";
      case OpKind::unlock:
        return "ops::spin_unlock(" + access(op, code) + ");";
      case OpKind::trylock:
        return assign(op, "ops::spin_trylock(" + access(op, code) + ")");
    }
    return "";
  }

  const Test& test_;
  const Thread& thread_;
  std::ostringstream& out_;
  int copy_set_ = 0;
  int arm_ = 0;
};

// A pointer register leaves the kernel as the index of the location it
// points to, as the IR counts pointer values; -1 if it points nowhere known.
std::string register_output(const Test& test, const Thread& thread, std::size_t r) {
  const Register& reg = thread.registers[r];
  if (reg.type != ValueType::pointer) return "reg_" + reg.name;
  std::string chain;
  const std::vector<bool> targets = pointer_targets(test);
  for (std::size_t l = 0; l < targets.size(); ++l)
    if (targets[l])
      chain += "reg_" + reg.name + " == at_" + test.locations[l].name + " ? " + std::to_string(l) +
               " : ";
  return chain + "-1";
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
  require_compilable(test);
  std::ostringstream out;
  const std::string symbol = symbol_for(test.name);
  for (const Thread& thread : test.threads) {
    const std::size_t reg_count = thread.registers.size();
    const LocationUse use = location_use(test, thread);
    std::ostringstream body;
    declare_locations(test, use, body);
    for (const Register& reg : thread.registers)
      body << "    " << (reg.type == ValueType::pointer ? "int* reg_" : "int reg_") << reg.name
           << (reg.type == ValueType::pointer ? " = nullptr;\n" : " = 0;\n");
    BodyWriter(test, thread, body).body(thread.body, "    ");
    for (std::size_t r = 0; r < reg_count; ++r)
      body << "    out[" << r << "] = " << register_output(test, thread, r) << ";\n";

    out << "void " << symbol << "_P" << thread.index
        << "(const ::litmuslab::kernel::KernelArgs& args) {\n";
    if (body.str().find("ops::") != std::string::npos)
      out << "  namespace ops = ::litmuslab::kernel;\n";
    out << "  std::byte* instance = args.base;\n"
        << "  std::int32_t* out = args.registers;\n";
    for (std::size_t l = 0; l < test.locations.size(); ++l)
      if (use.by_name[l] || use.by_address[l])
        out << "  const std::ptrdiff_t off_" << test.locations[l].name << " = args.location_offset["
            << l << "];\n";
    out << "  for (std::size_t i = 0; i < args.count; ++i, instance += args.stride, out += "
        << reg_count << ") {\n"
        << body.str() << "  }\n}\n\n";
  }
  return out.str();
}

}  // namespace litmuslab::codegen
