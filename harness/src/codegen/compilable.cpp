// What a kernel cannot run, refused before any code is written, with the
// position and the reason.
#include "kernel_code.hpp"

namespace litmuslab::codegen {
namespace {

// A pointer location holds an int* in the kernels: loads, stores and
// exchanges move it whole; arithmetic on it means nothing there.
void require_pointer_accesses(const Test& test) {
  for (const Thread& thread : test.threads)
    for (const Operation* op : operations_of(thread)) {
      const int location = op->address.pointer_register < 0 ? op->address.location : -1;
      if (location < 0 || test.locations[location].type != ValueType::pointer) continue;
      const std::string& name = test.locations[location].name;
      if (op->address.offset)
        refuse(test, op->address.pos, "an offset from pointer location " + name);
      if (is_rmw(op->kind) && op->kind != OpKind::exchange)
        refuse(test, op->pos,
               std::string(to_string(op->kind)) + " on pointer location " + name +
                   " (kernels take loads, stores and exchanges of pointers)");
    }
}

}  // namespace

void require_compilable(const Test& test) {
  require_pointer_accesses(test);
  require_zero_offsets(test);
  require_lock_discipline(test);
}

}  // namespace litmuslab::codegen
