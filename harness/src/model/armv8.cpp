// ARMv8 (other-multi-copy-atomic), after Pulte et al. POPL 2018 and herd7's
// aarch64.cat, applied to the AArch64 code gcc 12 emits for each C++ access.
#include "models.hpp"

namespace litmuslab::model {

namespace {

bool acquire_like(MemoryOrder o) {
  return o == MemoryOrder::acquire || o == MemoryOrder::acq_rel || o == MemoryOrder::seq_cst;
}
bool release_like(MemoryOrder o) {
  return o == MemoryOrder::release || o == MemoryOrder::acq_rel || o == MemoryOrder::seq_cst;
}

// What an event becomes in AArch64: A = LDAR-style acquire read (also the
// read of LDAXR/CASA/SWPA...), Q = LDAPR, L = STLR-style release write.
struct ArmEvents {
  EventSet acquire = 0, acquire_pc = 0, release = 0, dmb_full = 0, dmb_ld = 0;
};

ArmEvents classify(const EventStructure& s, bool rcpc) {
  ArmEvents a;
  for (int i = 0; i < s.size; ++i) {
    const Event& e = s.events[i];
    if (e.initial) continue;
    if (e.kind == EventKind::fence) {
      // acquire fence -> dmb ishld; release, acq_rel and seq_cst -> dmb ish.
      (e.order == MemoryOrder::acquire ? a.dmb_ld : a.dmb_full) |= bit(i);
      continue;
    }
    if (!e.atomic) continue;  // plain accesses compile to ldr/str
    if (e.kind == EventKind::read) {
      if (e.op_kind == OpKind::load) {
        // gcc uses LDAPR (with +rcpc) for acquire loads only; seq_cst loads
        // stay LDAR so that STLR;LDAR keeps store->load order.
        if (e.order == MemoryOrder::acquire && rcpc)
          a.acquire_pc |= bit(i);
        else if (acquire_like(e.order))
          a.acquire |= bit(i);
      } else {
        // One RMW instruction serves both CAS outcomes; gcc strengthens it to
        // cover the failure order as well.
        const bool acq = acquire_like(e.instruction_order) ||
                         (e.op_kind == OpKind::compare_exchange && acquire_like(e.failure_order));
        if (acq) a.acquire |= bit(i);
      }
    } else if (release_like(e.instruction_order)) {
      a.release |= bit(i);
    }
  }
  return a;
}

}  // namespace

bool armv8_consistent(const Execution& x, bool rcpc) {
  const EventStructure& s = *x.events;
  const ArmEvents a = classify(s, rcpc);
  const EventSet mem = s.memory();
  const Relation& po = s.po;

  // Observed-by: obs = rfe | coe | fre.
  Relation ob = x.external(x.rf) | x.external(x.co) | x.external(x.fr);
  // Atomic-ordered-before: rmw | [range(rmw)]; rfi; [A | Q].
  ob |= s.rmw;
  const EventSet rmw_writes = s.writes & s.where([](const Event& e) { return e.rmw; });
  ob |= x.internal(x.rf).restrict(rmw_writes, a.acquire | a.acquire_pc);
  // Dependency-ordered-before is empty: litmus values are constants, and an
  // RMW's own data dependency is already in rmw (see README).
  // Barrier-ordered-before:
  ob |= po.restrict(mem, a.dmb_full).then(po).restrict(mem, mem);        // po; [dmb.full]; po
  ob |= po.restrict(a.release, a.acquire);                               // [L]; po; [A]
  ob |= po.restrict(s.reads, a.dmb_ld).then(po).restrict(s.reads, mem);  // [R]; po; [dmb.ld]; po
  ob |= po.restrict(a.acquire | a.acquire_pc, mem);                      // [A | Q]; po
  ob |= po.restrict(mem, a.release);                                     // po; [L]
  return ob.acyclic();
}

}  // namespace litmuslab::model
