// What generated kernels use besides std::atomic_ref: herd7's 32-bit
// wrapping arithmetic (C++'s signed overflow is undefined), values the
// optimiser cannot see through (so dependencies survive compilation),
// branch markers, and the spinlocks. Everything is forced inline, so a
// kernel's machine code holds only the test's own instructions.
#pragma once

#include <atomic>
#include <cstdint>
#include <type_traits>

namespace litmuslab::kernel {

#define LITMUSLAB_KERNEL_INLINE [[gnu::always_inline]] inline

// ---------------------------------------------------------------- arithmetic

// herd7's int: add, sub, mul and negate wrap at 32 bits, computed in unsigned.
LITMUSLAB_KERNEL_INLINE int wrapping_add(int a, int b) {
  return static_cast<int>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
}
LITMUSLAB_KERNEL_INLINE int wrapping_sub(int a, int b) {
  return static_cast<int>(static_cast<std::uint32_t>(a) - static_cast<std::uint32_t>(b));
}
LITMUSLAB_KERNEL_INLINE int wrapping_mul(int a, int b) {
  return static_cast<int>(static_cast<std::uint32_t>(a) * static_cast<std::uint32_t>(b));
}
LITMUSLAB_KERNEL_INLINE int wrapping_negate(int a) {
  return static_cast<int>(0U - static_cast<std::uint32_t>(a));
}

// ---------------------------------------------------------------- dependencies

// A copy of a register that the compiler knows nothing about: it cannot
// prove its value from an earlier branch, fold an expression over it, or
// merge it with another copy (the asm is volatile). Each use of a register
// in an operation reads such a copy, so an address, a stored value or a
// branch condition computed from a loaded value is computed from it in the
// machine code too: the dependency the model counts is in the instructions.
template <class T>
LITMUSLAB_KERNEL_INLINE T opaque(T value) {
  asm volatile("" : "+r"(value));
  return value;
}

template <class T>
LITMUSLAB_KERNEL_INLINE std::uintptr_t bits_of(T value) {
  if constexpr (std::is_pointer_v<T>) {
    return reinterpret_cast<std::uintptr_t>(value);
  } else {
    return static_cast<std::uint32_t>(value);
  }
}

// `value`, made to depend on the registers `from` in the machine code: it
// adds `a ^ a` for each, computed from two opaque copies, so the compiler
// must emit the `eor` and the add. The sum is `value` itself. After an
// if/else, a register one of the arms set holds a value the condition
// chose (dependencies.hpp counts the condition's reads for it); the arms'
// own code may be constants, so this is what makes a later address or
// stored value derive from the condition in the instructions too.
template <class T, class... From>
LITMUSLAB_KERNEL_INLINE T carry(T value, From... from) {
  const std::uintptr_t zero = ((bits_of(opaque(from)) ^ bits_of(opaque(from))) | ...);
  if constexpr (std::is_pointer_v<T>) {
    return value + zero;
  } else {
    return static_cast<T>(static_cast<std::uint32_t>(value) + static_cast<std::uint32_t>(zero));
  }
}

// Opens arm N of an if/else (N unique in the kernel). The arms differ by
// this empty asm, so the compiler can neither merge identical arms nor turn
// the branch into a select: what the test writes inside a branch stays
// behind a conditional branch on its condition.
template <int N>
LITMUSLAB_KERNEL_INLINE void branch_arm() {
  asm volatile("" : : "i"(N));
}

// ---------------------------------------------------------------- spinlocks

// As the models read them (RC11's treatment of locks): spin_lock is an
// acquire RMW from 0 (unlocked) to 1; while it cannot take the lock it only
// reads, relaxed, and writes nothing. spin_unlock is a release store of 0.
// spin_trylock is one strong attempt: 1 after the acquire RMW, 0 after a
// relaxed read of a held lock (a strong CAS never fails spuriously).
LITMUSLAB_KERNEL_INLINE void spin_lock(std::atomic_ref<int> lock) {
  for (int expected = 0; !lock.compare_exchange_strong(expected, 1, std::memory_order_acquire,
                                                       std::memory_order_relaxed);
       expected = 0)
    while (lock.load(std::memory_order_relaxed) != 0) {
    }
}
LITMUSLAB_KERNEL_INLINE void spin_unlock(std::atomic_ref<int> lock) {
  lock.store(0, std::memory_order_release);
}
LITMUSLAB_KERNEL_INLINE int spin_trylock(std::atomic_ref<int> lock) {
  int expected = 0;
  return lock.compare_exchange_strong(expected, 1, std::memory_order_acquire,
                                      std::memory_order_relaxed)
             ? 1
             : 0;
}

#undef LITMUSLAB_KERNEL_INLINE

}  // namespace litmuslab::kernel
