// Where instance memory comes from, as the --placement knob says: the heap,
// or a fixed arena in the binary's zero-initialised data (litmus7's static
// allocation). The arena is the one piece of process-wide memory a run may
// hold; a pool claims it for its lifetime, so two runs never share it.
#pragma once

#include <cstddef>
#include <vector>

#include "litmuslab/knobs.hpp"

namespace litmuslab::run {

class InstanceMemoryPool {
 public:
  // Throws std::invalid_argument when the static arena is held by another run.
  explicit InstanceMemoryPool(InstanceMemory memory);
  ~InstanceMemoryPool();
  InstanceMemoryPool(const InstanceMemoryPool&) = delete;
  InstanceMemoryPool& operator=(const InstanceMemoryPool&) = delete;

  // Memory that lives as long as the pool. Throws std::invalid_argument when
  // the static arena is too small for the request.
  std::byte* allocate(std::size_t bytes, std::size_t alignment);

  static std::size_t static_arena_bytes();

 private:
  struct HeapBlock {
    std::byte* memory;
    std::size_t alignment;
  };

  InstanceMemory memory_;
  std::vector<HeapBlock> heap_blocks_;
  std::size_t arena_used_ = 0;
};

}  // namespace litmuslab::run
