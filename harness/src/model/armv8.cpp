// ARMv8 (other-multi-copy-atomic), after Pulte et al. POPL 2018 and herd7's
// aarch64.cat, applied to the AArch64 code gcc 12 emits for each C++ access.
#include "axioms.hpp"
#include "memory_orders.hpp"

namespace litmuslab::model {

namespace {

// What an event becomes in AArch64: A = an LDAR-style acquire read (also the
// read of LDAXR/CASA/SWPA/LDADDA...), Q = LDAPR, L = an STLR-style release write.
struct ArmEvents {
  EventSet acquire = 0, acquire_pc = 0, release = 0, dmb_full = 0, dmb_ld = 0;
};

ArmEvents classify(const EventStructure& s, bool rcpc) {
  ArmEvents a;
  for (int i = 0; i < s.size; ++i) {
    const Event& e = s.events[static_cast<std::size_t>(i)];
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
        // cover the failure order as well. Locks and trylocks are CASA/SWPA.
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

class Armv8 : public Axioms {
 public:
  Armv8(const EventStructure& s, bool rcpc) : s_(s), a_(classify(s, rcpc)), ob_(s.size) {
    const EventSet mem = s.memory();
    const Relation& po = s.po;
    // Dependency-ordered-before, the parts no rf or co choice changes:
    // addr | data | ctrl; [W] | addr; po; [W].
    ob_ |= s.addr | s.data;
    ob_ |= s.ctrl.restrict(s.all(), s.writes);
    ob_ |= s.addr.then(po).restrict(s.all(), s.writes);
    // Atomic-ordered-before: rmw.
    ob_ |= s.rmw;
    // Barrier-ordered-before.
    ob_ |= po.restrict(mem, a_.dmb_full).then(po).restrict(mem, mem);  // po; [dmb.full]; po
    ob_ |= po.restrict(a_.release, a_.acquire);                        // [L]; po; [A]
    ob_ |=
        po.restrict(s.reads, a_.dmb_ld).then(po).restrict(s.reads, mem);  // [R]; po; [dmb.ld]; po
    ob_ |= po.restrict(a_.acquire | a_.acquire_pc, mem);                  // [A | Q]; po
    ob_ |= po.restrict(mem, a_.release);                                  // po; [L]
    ob_ = ob_.restrict(mem, mem);
    ctrl_or_data_ = s.ctrl | s.data;
    addr_or_data_ = s.addr | s.data;
    to_release_ = po.restrict(mem, a_.release);
    rmw_writes_ = 0;
    for (int i = 0; i < s.size; ++i)
      if (s.rmw.row(i)) rmw_writes_ |= s.rmw.row(i);
  }

  bool consistent(const Candidate& c) const override {
    Relation ob = ob_;
    // Observed-by: rfe | coe | fre.
    ob |= c.rf.minus(s_.same_thread) | c.co.minus(s_.same_thread) | c.fr.minus(s_.same_thread);
    const Relation coi = c.co & s_.same_thread;
    const Relation rfi = c.rf & s_.same_thread;
    ob |= ctrl_or_data_.then(coi);                                // (ctrl | data); coi
    ob |= addr_or_data_.then(rfi);                                // (addr | data); rfi
    ob |= rfi.restrict(rmw_writes_, a_.acquire | a_.acquire_pc);  // [range(rmw)]; rfi; [A | Q]
    ob |= to_release_.then(coi);                                  // po; [L]; coi
    return ob.acyclic();
  }

 private:
  const EventStructure& s_;
  ArmEvents a_;
  Relation ob_;  // the parts of ob that rf and co do not change
  Relation ctrl_or_data_, addr_or_data_, to_release_;
  EventSet rmw_writes_;
};

}  // namespace

std::unique_ptr<Axioms> armv8_axioms(const EventStructure& s, bool rcpc) {
  return std::make_unique<Armv8>(s, rcpc);
}

}  // namespace litmuslab::model
