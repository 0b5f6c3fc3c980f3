// The spin-wait hint: lets the other hyperthread run and saves power while a
// thread waits on a flag another CPU will set.
#pragma once

namespace litmuslab::run {

inline void cpu_pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

}  // namespace litmuslab::run
