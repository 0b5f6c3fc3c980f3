#include "instance_memory_pool.hpp"

#include <atomic>
#include <new>
#include <stdexcept>
#include <string>

namespace litmuslab::run {
namespace {

constexpr std::size_t kArenaBytes = std::size_t{64} << 20;

// The arena and its claim flag. They are process-wide by the knob's nature
// (memory at a fixed place in the binary); the flag keeps runs from sharing it.
struct StaticArena {
  alignas(4096) std::byte memory[kArenaBytes];
  std::atomic<bool> claimed{false};
};

StaticArena& arena() {
  static StaticArena instance;  // zero-initialised: .bss, no pages touched until used
  return instance;
}

}  // namespace

InstanceMemoryPool::InstanceMemoryPool(InstanceMemory memory) : memory_(memory) {
  if (memory_ == InstanceMemory::static_arena && arena().claimed.exchange(true))
    throw std::invalid_argument("the static arena is in use by another run in this process");
}

InstanceMemoryPool::~InstanceMemoryPool() {
  for (const HeapBlock& block : heap_blocks_)
    ::operator delete(block.memory, std::align_val_t(block.alignment));
  if (memory_ == InstanceMemory::static_arena) arena().claimed.store(false);
}

std::size_t InstanceMemoryPool::static_arena_bytes() { return kArenaBytes; }

std::byte* InstanceMemoryPool::allocate(std::size_t bytes, std::size_t alignment) {
  if (memory_ == InstanceMemory::heap) {
    auto* memory = static_cast<std::byte*>(::operator new(bytes, std::align_val_t(alignment)));
    heap_blocks_.push_back({memory, alignment});
    return memory;
  }
  const std::size_t start = (arena_used_ + alignment - 1) / alignment * alignment;
  if (start + bytes > kArenaBytes)
    throw std::invalid_argument("the run needs more than the static arena's " +
                                std::to_string(kArenaBytes >> 20) +
                                " MiB; use a smaller batch or the heap");
  arena_used_ = start + bytes;
  return arena().memory + start;
}

}  // namespace litmuslab::run
