// C++ orders by what they promise: the one place the models ask it.
#pragma once

#include "litmuslab/test.hpp"

namespace litmuslab::model {

inline bool acquire_like(MemoryOrder o) {
  return o == MemoryOrder::acquire || o == MemoryOrder::acq_rel || o == MemoryOrder::seq_cst;
}
inline bool release_like(MemoryOrder o) {
  return o == MemoryOrder::release || o == MemoryOrder::acq_rel || o == MemoryOrder::seq_cst;
}

}  // namespace litmuslab::model
