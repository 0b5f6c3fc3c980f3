// Sequential consistency and x86-TSO.
#include "models.hpp"

namespace litmuslab::model {

bool sc_consistent(const Execution& x) { return (x.events->po | x.com()).acyclic(); }

namespace {

// gcc 12 on x86_64: every RMW is a locked instruction (a failed `lock
// cmpxchg` still reads locked), and a seq_cst store is `xchg`. The hidden read
// of that xchg only restores W->R order around it, so marking its write
// locked is enough.
bool locked(const Event& e) {
  if (e.initial || e.kind == EventKind::fence) return false;
  if (is_rmw(e.op_kind)) return true;
  return e.atomic && e.kind == EventKind::write && e.order == MemoryOrder::seq_cst;
}

// Only a seq_cst fence emits code (mfence); acquire/release fences are free.
bool mfence(const Event& e) {
  return e.kind == EventKind::fence && e.order == MemoryOrder::seq_cst;
}

}  // namespace

bool tso_consistent(const Execution& x) {
  const EventStructure& s = *x.events;
  const EventSet mem = s.memory();
  const EventSet locked_events = s.where(locked);
  const Relation po_mem = s.po.restrict(mem, mem);
  // Program order is kept except from a write to a later read ...
  const Relation w_to_r = po_mem.restrict(s.writes, s.reads);
  Relation ghb = po_mem.minus(w_to_r);
  // ... unless either side is locked, or an mfence sits between them.
  ghb |= w_to_r.restrict(s.writes, locked_events & s.reads);
  ghb |= w_to_r.restrict(locked_events & s.writes, s.reads);
  const Relation through_mfence = s.po.restrict(mem, s.where(mfence)).then(s.po);
  ghb |= through_mfence.restrict(mem, mem);
  ghb |= x.external(x.rf) | x.co | x.fr;
  return ghb.acyclic();
}

}  // namespace litmuslab::model
