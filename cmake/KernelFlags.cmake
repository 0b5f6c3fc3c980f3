# LITMUSLAB_KERNEL_FLAGS: compiler flags that fix which instructions the
# kernels use, so the code that runs is the code `show --asm` prints.
#
# aarch64: Debian's gcc defaults to -moutline-atomics, which turns every RMW
# into a call that picks LSE or an LL/SC loop at run time. Kernels get a fixed
# -march and -mno-outline-atomics instead. armv8.2-a includes LSE (single
# ldadd/swp/cas instructions) and is the baseline of current Arm servers and
# boards (Neoverse N1, Graviton2, Ampere Altra, Cortex-A76); armv8.3-a+rcpc
# would buy nothing, since gcc 12 never emits LDAPR, so acquire loads stay LDAR.
# A native build on a CPU without LSE (Cortex-A72, Raspberry Pi 4) falls back
# to armv8-a, whose RMWs are LL/SC loops.
#
# x86_64: gcc's atomics do not depend on -march, so no flags are needed.

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(_litmuslab_march armv8.2-a)
  if(NOT CMAKE_CROSSCOMPILING AND EXISTS /proc/cpuinfo)
    file(STRINGS /proc/cpuinfo _litmuslab_features REGEX "^Features[ \t]*:")
    if(NOT _litmuslab_features MATCHES "[ \t]atomics([ ;]|$)")
      set(_litmuslab_march armv8-a)
    endif()
  endif()
  set(LITMUSLAB_AARCH64_MARCH ${_litmuslab_march} CACHE STRING
      "-march for the litmus kernels on aarch64 (armv8.2-a has LSE; armv8-a uses LL/SC)")
  set(_litmuslab_kernel_flags "-march=${LITMUSLAB_AARCH64_MARCH} -mno-outline-atomics")
else()
  set(_litmuslab_kernel_flags "")
endif()

set(LITMUSLAB_KERNEL_FLAGS "${_litmuslab_kernel_flags}" CACHE STRING
    "Compiler flags for the litmus kernels, space-separated")
separate_arguments(LITMUSLAB_KERNEL_FLAG_LIST UNIX_COMMAND "${LITMUSLAB_KERNEL_FLAGS}")
message(STATUS "litmuslab kernel flags: ${LITMUSLAB_KERNEL_FLAGS}")
