// The memory of a batch's instances, laid out as a Layout says. Kernels
// access every location through std::atomic_ref: an integer location is an
// int, a pointer location an int* holding the address of a location of the
// same instance.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "litmuslab/knobs.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::run {

class InstanceMemoryPool;

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

  // A location's value; a pointer's is the index of the location it points
  // to, as the IR counts pointer values (-1 if it points nowhere known).
  int read(std::size_t instance, std::size_t location) const;
  // Puts instances [first, last) back to their initial values.
  void reset(std::size_t first, std::size_t last);

 private:
  std::byte* address(std::size_t instance, std::size_t location) const {
    return base_ + static_cast<std::ptrdiff_t>(instance) * stride_ + offsets_[location];
  }
  int*& pointer_at(std::size_t instance, std::size_t location) const;
  int& integer_at(std::size_t instance, std::size_t location) const;
  void initialise(std::size_t instance, std::size_t location) const;

  const Test& test_;
  std::size_t capacity_;
  std::size_t bytes_ = 0;
  std::size_t alignment_ = 64;
  std::byte* base_ = nullptr;
  bool owns_memory_ = true;
  std::ptrdiff_t stride_ = 0;
  std::vector<std::ptrdiff_t> offsets_;
  std::vector<bool> pointer_;
};

}  // namespace litmuslab::run
