// The consistency predicates, one per model family. Each receives a coherent
// candidate (sc-per-location and RMW atomicity already hold).
#pragma once

#include "execution.hpp"

namespace litmuslab::model {

// acyclic(po | rf | co | fr).
bool sc_consistent(const Execution& x);

// x86-TSO (herd7 x86tso.cat) on the code gcc emits for the C++ operations.
bool tso_consistent(const Execution& x);

// ARMv8 (Pulte et al. 2018, herd7 aarch64.cat) on the code gcc emits.
bool armv8_consistent(const Execution& x, bool rcpc);

struct Rc11Verdict {
  bool consistent = false;
  bool data_race = false;  // meaningful only when consistent
};

// RC11 (Lahav et al. 2017); `no_thin_air` false gives the `cpp` model.
Rc11Verdict rc11_check(const Execution& x, bool no_thin_air);

}  // namespace litmuslab::model
