// A lock-free Treiber stack of uint64_t values whose memory orders come from a
// policy type, so the same algorithm can be run (and benchmarked) under
// relaxed, acquire/release and seq_cst orders. Relaxed is deliberately too weak:
// see harness/bench/README.md ("Why relaxed is too weak") for the MP argument.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace litmuslab::bench {

// Ordering policies: the orders of the head load, of the head CAS on success
// and on failure, and of the loads and stores of a node's `next` link.

// Too weak: nothing orders a node's payload write before its publication.
struct Relaxed {
  static constexpr const char* name = "relaxed";
  static constexpr std::memory_order head_load = std::memory_order_relaxed;
  static constexpr std::memory_order cas_success = std::memory_order_relaxed;
  static constexpr std::memory_order cas_failure = std::memory_order_relaxed;
  static constexpr std::memory_order next_load = std::memory_order_relaxed;
  static constexpr std::memory_order next_store = std::memory_order_relaxed;
};

// The minimum that is correct: the CAS that publishes a node releases the
// payload and `next` written before it, and the head load that finds the node
// acquires them (message passing, MP+relacq).
struct AcqRel {
  static constexpr const char* name = "acq_rel";
  static constexpr std::memory_order head_load = std::memory_order_acquire;
  static constexpr std::memory_order cas_success = std::memory_order_acq_rel;
  static constexpr std::memory_order cas_failure = std::memory_order_acquire;
  static constexpr std::memory_order next_load = std::memory_order_relaxed;
  static constexpr std::memory_order next_store = std::memory_order_relaxed;
};

// Everything seq_cst: correct, and the default a careful programmer reaches for.
struct SeqCst {
  static constexpr const char* name = "seq_cst";
  static constexpr std::memory_order head_load = std::memory_order_seq_cst;
  static constexpr std::memory_order cas_success = std::memory_order_seq_cst;
  static constexpr std::memory_order cas_failure = std::memory_order_seq_cst;
  static constexpr std::memory_order next_load = std::memory_order_seq_cst;
  static constexpr std::memory_order next_store = std::memory_order_seq_cst;
};

// Nodes live in a fixed pool owned by the stack and are recycled through a free
// list that is itself a Treiber stack, so push and pop never allocate.
//
// Type stability: a pop reads `nodes_[head].next` before its CAS, and by then
// another thread may have popped that node and pushed it again, rewriting
// `next`. Because pool nodes are never freed while the stack lives, the stale
// index still names a live Node; because `next` is a std::atomic, that
// concurrent read and write is not a data race. The stale value is harmless:
// the head's tag changed, so the CAS that would use it fails. The payload, in
// contrast, is a plain uint64_t that is read only after the CAS that makes the
// popping thread its sole owner.
template <class Ordering>
class TreiberStack {
 public:
  explicit TreiberStack(std::uint32_t capacity)
      : capacity_(capacity), nodes_(std::make_unique<Node[]>(capacity)) {
    // Thread every node onto the free list; no other thread can see us yet.
    for (std::uint32_t i = 0; i < capacity; ++i) {
      nodes_[i].next.store(i + 1 < capacity ? i + 1 : kNull, std::memory_order_relaxed);
    }
    free_.store(pack(capacity > 0 ? 0 : kNull, 0), std::memory_order_relaxed);
  }

  TreiberStack(const TreiberStack&) = delete;
  TreiberStack& operator=(const TreiberStack&) = delete;

  // False when all `capacity()` nodes are in the stack.
  bool push(std::uint64_t value) {
    const std::uint32_t node = pop_node(free_);
    if (node == kNull) return false;
    nodes_[node].value = value;  // published by the CAS in push_node
    push_node(head_, node);
    return true;
  }

  std::optional<std::uint64_t> pop() {
    const std::uint32_t node = pop_node(head_);
    if (node == kNull) return std::nullopt;
    const std::uint64_t value = nodes_[node].value;  // we own the node now
    push_node(free_, node);
    return value;
  }

  std::uint32_t capacity() const { return capacity_; }

 private:
  static constexpr std::uint32_t kNull = UINT32_MAX;

  struct Node {
    std::atomic<std::uint32_t> next{kNull};
    std::uint64_t value = 0;
  };

  // The head is one word: the node index in the low half and, in the high
  // half, a tag bumped by every successful CAS, so a head that was popped and
  // pushed back in between (ABA) no longer compares equal. The 32-bit tag
  // wraps after 2^32 updates; a thread would have to sleep through exactly
  // that many to be fooled.
  static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
                "the tagged head must be a single lock-free word");
  static constexpr std::uint64_t pack(std::uint32_t index, std::uint32_t tag) {
    return (std::uint64_t{tag} << 32) | index;
  }
  static constexpr std::uint32_t index_of(std::uint64_t head) {
    return static_cast<std::uint32_t>(head);
  }
  static constexpr std::uint32_t tag_of(std::uint64_t head) {
    return static_cast<std::uint32_t>(head >> 32);
  }

  void push_node(std::atomic<std::uint64_t>& head, std::uint32_t node) {
    std::uint64_t old_head = head.load(Ordering::head_load);
    for (;;) {
      nodes_[node].next.store(index_of(old_head), Ordering::next_store);
      const std::uint64_t new_head = pack(node, tag_of(old_head) + 1);
      if (head.compare_exchange_weak(old_head, new_head, Ordering::cas_success,
                                     Ordering::cas_failure)) {
        return;
      }
    }
  }

  // Returns kNull when the list is empty.
  std::uint32_t pop_node(std::atomic<std::uint64_t>& head) {
    std::uint64_t old_head = head.load(Ordering::head_load);
    for (;;) {
      const std::uint32_t node = index_of(old_head);
      if (node == kNull) return kNull;
      // May be stale (see the type-stability note above); the CAS then fails.
      const std::uint32_t next = nodes_[node].next.load(Ordering::next_load);
      const std::uint64_t new_head = pack(next, tag_of(old_head) + 1);
      if (head.compare_exchange_weak(old_head, new_head, Ordering::cas_success,
                                     Ordering::cas_failure)) {
        return node;
      }
    }
  }

  const std::uint32_t capacity_;
  std::unique_ptr<Node[]> nodes_;
  // Each head on its own cache line, so the stack and the free list do not
  // falsely share.
  alignas(64) std::atomic<std::uint64_t> head_{pack(kNull, 0)};
  alignas(64) std::atomic<std::uint64_t> free_{pack(kNull, 0)};
};

}  // namespace litmuslab::bench
