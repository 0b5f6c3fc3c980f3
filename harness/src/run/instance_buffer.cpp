#include "instance_buffer.hpp"

#include <algorithm>
#include <bit>
#include <new>

#include "instance_memory_pool.hpp"

namespace litmuslab::run {

namespace {

std::ptrdiff_t slot_size(const Location& location) {
  return location.type == ValueType::pointer ? static_cast<std::ptrdiff_t>(sizeof(int*))
                                             : static_cast<std::ptrdiff_t>(sizeof(int));
}

std::ptrdiff_t round_up(std::ptrdiff_t value, std::ptrdiff_t to) {
  return (value + to - 1) / to * to;
}

}  // namespace

InstanceBuffer::InstanceBuffer(const Test& test, Layout layout, std::size_t capacity,
                               std::size_t line_size, InstanceMemoryPool* pool)
    : test_(test), capacity_(capacity), alignment_(line_size), owns_memory_(pool == nullptr) {
  const std::size_t locations = test.locations.size();
  const auto line = static_cast<std::ptrdiff_t>(line_size);
  offsets_.resize(locations);
  // An instance's locations side by side, each at its natural alignment
  // (with only ints: 0, 4, 8, ...).
  std::ptrdiff_t packed = 0, widest = static_cast<std::ptrdiff_t>(sizeof(int));
  for (std::size_t l = 0; l < locations; ++l) {
    const std::ptrdiff_t size = slot_size(test.locations[l]);
    packed = round_up(packed, size);
    offsets_[l] = packed;
    packed += size;
    widest = std::max(widest, size);
  }
  packed = round_up(packed, widest);
  switch (layout) {
    case Layout::shared_line:
      // Round up to a power of two so an instance never straddles a line.
      stride_ = static_cast<std::ptrdiff_t>(
          std::bit_ceil(static_cast<std::size_t>(std::max(packed, widest))));
      break;
    case Layout::line_per_instance:
      stride_ = round_up(std::max<std::ptrdiff_t>(packed, 1), line);
      break;
    case Layout::arrays: {
      stride_ = widest;
      // Pad each array to whole lines, so arrays never share a line.
      const std::ptrdiff_t array_bytes =
          round_up(static_cast<std::ptrdiff_t>(capacity) * widest, line);
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
    end = std::max(end, offsets_[l] + static_cast<std::ptrdiff_t>(capacity - 1) * stride_ +
                            slot_size(test.locations[l]));
  bytes_ = static_cast<std::size_t>(std::max<std::ptrdiff_t>(end, line));
  bytes_ = (bytes_ + line_size - 1) / line_size * line_size;
  base_ = pool ? pool->allocate(bytes_, alignment_)
               : static_cast<std::byte*>(::operator new(bytes_, std::align_val_t(alignment_)));
  for (const Location& location : test.locations)
    pointer_.push_back(location.type == ValueType::pointer);
  for (std::size_t i = 0; i < capacity_; ++i)
    for (std::size_t l = 0; l < locations; ++l) {
      if (pointer_[l]) {
        new (address(i, l)) int*(nullptr);
      } else {
        new (address(i, l)) int(0);
      }
      initialise(i, l);
    }
}

InstanceBuffer::~InstanceBuffer() {
  // int and int* are trivially destructible; only the storage goes.
  if (owns_memory_) ::operator delete(base_, std::align_val_t(alignment_));
}

int*& InstanceBuffer::pointer_at(std::size_t instance, std::size_t location) const {
  return *std::launder(reinterpret_cast<int**>(address(instance, location)));
}

int& InstanceBuffer::integer_at(std::size_t instance, std::size_t location) const {
  return *std::launder(reinterpret_cast<int*>(address(instance, location)));
}

// A pointer starts at its target in the same instance (`int *p = z;`).
void InstanceBuffer::initialise(std::size_t instance, std::size_t location) const {
  const int initial = test_.locations[location].initial;
  if (pointer_[location]) {
    pointer_at(instance, location) = &integer_at(instance, static_cast<std::size_t>(initial));
  } else {
    integer_at(instance, location) = initial;
  }
}

// Kernels only run between barriers, so plain accesses here do not race.
int InstanceBuffer::read(std::size_t instance, std::size_t location) const {
  if (!pointer_[location]) return integer_at(instance, location);
  const int* target = pointer_at(instance, location);
  for (std::size_t l = 0; l < test_.locations.size(); ++l)
    if (!pointer_[l] && target == &integer_at(instance, l)) return static_cast<int>(l);
  return -1;
}

void InstanceBuffer::reset(std::size_t first, std::size_t last) {
  const std::size_t locations = test_.locations.size();
  for (std::size_t l = 0; l < locations; ++l) {
    if (pointer_[l]) {
      for (std::size_t i = first; i < last; ++i) initialise(i, l);
      continue;
    }
    const int initial = test_.locations[l].initial;
    for (std::size_t i = first; i < last; ++i) integer_at(i, l) = initial;
  }
}

}  // namespace litmuslab::run
