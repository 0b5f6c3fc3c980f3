// The memory of a batch's instances, laid out as a Layout says, with each
// location constructed as the kernel will access it.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "litmuslab/knobs.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::run {

class InstanceMemoryPool;

// True when kernels access the location as std::atomic<int>; otherwise it is a
// plain int (non-atomic locations and compare-exchange expected cells).
bool stored_as_atomic(const Location& location);

class InstanceBuffer {
 public:
  // Memory comes from `pool` when given (it must outlive the buffer), else the heap.
  InstanceBuffer(const Test& test, Layout layout, std::size_t capacity, std::size_t line_size,
                 InstanceMemoryPool* pool = nullptr);
  ~InstanceBuffer();
  InstanceBuffer(const InstanceBuffer&) = delete;
  InstanceBuffer& operator=(const InstanceBuffer&) = delete;

  std::byte* base() const { return base_; }
  std::ptrdiff_t stride() const { return stride_; }
  const std::ptrdiff_t* offsets() const { return offsets_.data(); }
  std::size_t capacity() const { return capacity_; }

  int read(std::size_t instance, std::size_t location) const;
  // Puts instances [first, last) back to their initial values.
  void reset(std::size_t first, std::size_t last);

 private:
  std::byte* address(std::size_t instance, std::size_t location) const {
    return base_ + static_cast<std::ptrdiff_t>(instance) * stride_ + offsets_[location];
  }

  const Test& test_;
  std::size_t capacity_;
  std::size_t bytes_ = 0;
  std::size_t alignment_ = 64;
  std::byte* base_ = nullptr;
  bool owns_memory_ = true;
  std::ptrdiff_t stride_ = 0;
  std::vector<std::ptrdiff_t> offsets_;
  std::vector<bool> atomic_;
};

}  // namespace litmuslab::run
