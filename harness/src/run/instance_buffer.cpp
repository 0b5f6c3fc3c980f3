#include "instance_buffer.hpp"

#include <atomic>
#include <bit>
#include <new>

#include "instance_memory_pool.hpp"

namespace litmuslab::run {

bool stored_as_atomic(const Location& location) {
  return location.atomic && !location.thread_local_cell;
}

InstanceBuffer::InstanceBuffer(const Test& test, Layout layout, std::size_t capacity,
                               std::size_t line_size, InstanceMemoryPool* pool)
    : test_(test), capacity_(capacity), alignment_(line_size), owns_memory_(pool == nullptr) {
  const std::size_t locations = test.locations.size();
  const auto slot = static_cast<std::ptrdiff_t>(sizeof(int));
  const auto line = static_cast<std::ptrdiff_t>(line_size);
  offsets_.resize(locations);
  switch (layout) {
    case Layout::shared_line:
      // Round up to a power of two so an instance never straddles a line.
      stride_ =
          static_cast<std::ptrdiff_t>(std::bit_ceil(std::max<std::size_t>(locations, 1))) * slot;
      for (std::size_t l = 0; l < locations; ++l)
        offsets_[l] = static_cast<std::ptrdiff_t>(l) * slot;
      break;
    case Layout::line_per_instance:
      stride_ = ((static_cast<std::ptrdiff_t>(locations) * slot + line - 1) / line) * line;
      for (std::size_t l = 0; l < locations; ++l)
        offsets_[l] = static_cast<std::ptrdiff_t>(l) * slot;
      break;
    case Layout::arrays: {
      stride_ = slot;
      // Pad each array to whole lines, so arrays never share a line.
      const std::ptrdiff_t array_bytes =
          ((static_cast<std::ptrdiff_t>(capacity) * slot + line - 1) / line) * line;
      for (std::size_t l = 0; l < locations; ++l)
        offsets_[l] = static_cast<std::ptrdiff_t>(l) * array_bytes;
      break;
    }
    case Layout::padded:
      stride_ = static_cast<std::ptrdiff_t>(std::max<std::size_t>(locations, 1)) * line;
      for (std::size_t l = 0; l < locations; ++l)
        offsets_[l] = static_cast<std::ptrdiff_t>(l) * line;
      break;
  }
  std::ptrdiff_t end = 0;
  for (std::size_t l = 0; l < locations; ++l)
    end = std::max(end, offsets_[l] + static_cast<std::ptrdiff_t>(capacity - 1) * stride_ + slot);
  bytes_ = static_cast<std::size_t>(std::max<std::ptrdiff_t>(end, line));
  bytes_ = (bytes_ + line_size - 1) / line_size * line_size;
  base_ = pool ? pool->allocate(bytes_, alignment_)
               : static_cast<std::byte*>(::operator new(bytes_, std::align_val_t(alignment_)));
  for (const Location& location : test.locations) atomic_.push_back(stored_as_atomic(location));
  for (std::size_t i = 0; i < capacity_; ++i)
    for (std::size_t l = 0; l < locations; ++l) {
      if (atomic_[l]) {
        new (address(i, l)) std::atomic<int>(test.locations[l].initial);
      } else {
        new (address(i, l)) int(test.locations[l].initial);
      }
    }
}

InstanceBuffer::~InstanceBuffer() {
  // std::atomic<int> and int are trivially destructible; only the storage goes.
  if (owns_memory_) ::operator delete(base_, std::align_val_t(alignment_));
}

int InstanceBuffer::read(std::size_t instance, std::size_t location) const {
  std::byte* p = address(instance, location);
  if (atomic_[location])
    return std::launder(reinterpret_cast<std::atomic<int>*>(p))->load(std::memory_order_relaxed);
  return *std::launder(reinterpret_cast<int*>(p));
}

void InstanceBuffer::reset(std::size_t first, std::size_t last) {
  const std::size_t locations = test_.locations.size();
  for (std::size_t l = 0; l < locations; ++l) {
    const int initial = test_.locations[l].initial;
    for (std::size_t i = first; i < last; ++i) {
      std::byte* p = address(i, l);
      if (atomic_[l]) {
        std::launder(reinterpret_cast<std::atomic<int>*>(p))
            ->store(initial, std::memory_order_relaxed);
      } else {
        *std::launder(reinterpret_cast<int*>(p)) = initial;
      }
    }
  }
}

}  // namespace litmuslab::run
