# Cross build for 64-bit Arm Linux on a Debian 12 x86_64 host:
#   apt-get install g++-aarch64-linux-gnu qemu-user, plus the arm64 multiarch
#   -dev packages (scripts/install-deps does both).
#   cmake --preset aarch64 && cmake --build --preset aarch64 && ctest --preset aarch64
# Binaries run under qemu-user, so tests, the build-time generator and ctest's
# test discovery all go through CMAKE_CROSSCOMPILING_EMULATOR.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# CMake then finds aarch64-linux-gnu-objdump by the compiler's prefix
# (CMAKE_OBJDUMP); it disassembles the kernels for `litmuslab show --asm`.

# Debian multiarch: libraries and their CMake packages live in
# /usr/lib/aarch64-linux-gnu, headers in /usr/include; there is no sysroot.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# -L alone hangs once the arm64 multiarch libc is installed; naming the
# cross libc's folder for the loader as well works with or without it.
set(CMAKE_CROSSCOMPILING_EMULATOR
    qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib)
