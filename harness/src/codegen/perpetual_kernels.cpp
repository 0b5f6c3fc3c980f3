// Perpetual kernels: the test's code once per lane per iteration, each store
// writing the iteration number k and each load logged, with no barrier
// between iterations. Orders are spelled as constants, as in batched kernels.
#include <sstream>

#include "codegen/codegen.hpp"
#include "kernel/perpetual_shape.hpp"

namespace litmuslab::codegen {
namespace {

// The location as the kernel names it: a std::atomic_ref<int>, as in batched kernels.
std::string access(const Test& test, int location) {
  return "loc_" + test.locations.at(location).name;
}

// A plain access (`*x`) is relaxed, so it neither tears nor moves.
MemoryOrder order_of(const Operation& op) { return op.atomic ? op.order : MemoryOrder::relaxed; }

std::string statement(const Test& test, const Operation& op, int& slot) {
  switch (op.kind) {
    case OpKind::load: {
      const int s = slot++;
      const std::string at = s == 0   ? "0"
                             : s == 1 ? "slot_span"
                                      : std::to_string(s) + " * slot_span";
      return "out[" + at + "] = " + access(test, op.static_location()) + ".load(" +
             cpp_spelling(order_of(op)) + ");";
    }
    case OpKind::store:
      return access(test, op.static_location()) + ".store(k, " + cpp_spelling(order_of(op)) + ");";
    case OpKind::exchange:  // only with its result dropped (analyse_perpetual)
      return "(void)" + access(test, op.static_location()) + ".exchange(k, " +
             cpp_spelling(op.order) + ");";
    case OpKind::fence:
      return std::string("std::atomic_thread_fence(") + cpp_spelling(op.order) + ");";
    default:
      return "";  // analyse_perpetual refuses every other kind
  }
}

bool thread_uses(const Thread& thread, int location) {
  for (const Operation* op : operations_of(thread))
    if (op->static_location() == location) return true;
  return false;
}

}  // namespace

std::string perpetual_kernels(const Test& test) {
  const kernel::PerpetualAnalysis analysis = kernel::analyse_perpetual(test);
  if (!analysis.shape) return "";
  std::ostringstream out;
  const std::string symbol = symbol_for(test.name);
  for (const Thread& thread : test.threads) {
    const std::size_t loads = analysis.shape->threads.at(thread.index).loads.size();
    out << "void " << symbol << "_perpetual_P" << thread.index
        << "(const ::litmuslab::kernel::PerpetualArgs& args) {\n";
    for (std::size_t l = 0; l < test.locations.size(); ++l)
      if (thread_uses(thread, static_cast<int>(l)))
        out << "  const std::ptrdiff_t off_" << test.locations[l].name << " = args.location_offset["
            << l << "];\n";
    // Locals, so the compiler need not reload args after each logged value.
    out << "  std::byte* const base = args.base;\n"
        << "  const std::ptrdiff_t stride = args.stride;\n"
        << "  const std::size_t lanes = args.lanes;\n"
        << "  const std::int32_t iterations = args.iterations;\n";
    if (loads > 0)
      out << "  std::int32_t* const log = args.log;\n"
          << "  const std::size_t slot_span = static_cast<std::size_t>(iterations);\n"
          << "  const std::size_t lane_span = " << loads << " * slot_span;\n";
    out << "  for (std::int32_t k = 1; k <= iterations; ++k) {\n"
        << "    std::byte* lane = base;\n";
    if (loads > 0) out << "    std::int32_t* out = log + (k - 1);\n";
    out << "    for (std::size_t l = 0; l < lanes; ++l, lane += stride"
        << (loads > 0 ? ", out += lane_span" : "") << ") {\n";
    for (std::size_t l = 0; l < test.locations.size(); ++l) {
      if (!thread_uses(thread, static_cast<int>(l))) continue;
      const Location& loc = test.locations[l];
      out << "      std::atomic_ref<int> loc_" << loc.name
          << "(*std::launder(reinterpret_cast<int*>(lane + off_" << loc.name << ")));\n";
    }
    int slot = 0;
    for (const Operation* op : operations_of(thread))
      out << "      " << statement(test, *op, slot) << "\n";
    out << "    }\n  }\n}\n\n";
  }
  return out.str();
}

}  // namespace litmuslab::codegen
