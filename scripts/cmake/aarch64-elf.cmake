# SPDX-License-Identifier: MIT
# Cross toolchain for Tessera's bare-metal aarch64 images (hypervisor, service domains, test guests).
# Only generic flags here: every target adds its own (-ffreestanding, -mgeneral-regs-only, ...).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(TESSERA_CROSS aarch64-linux-gnu-)
set(CMAKE_C_COMPILER ${TESSERA_CROSS}gcc)
set(CMAKE_ASM_COMPILER ${TESSERA_CROSS}gcc)
set(CMAKE_OBJCOPY ${TESSERA_CROSS}objcopy CACHE FILEPATH "objcopy for aarch64 images")
set(CMAKE_OBJDUMP ${TESSERA_CROSS}objdump CACHE FILEPATH "objdump for aarch64 images")
set(CMAKE_AR ${TESSERA_CROSS}ar CACHE FILEPATH "ar for aarch64 libraries")
set(CMAKE_RANLIB ${TESSERA_CROSS}ranlib CACHE FILEPATH "ranlib for aarch64 libraries")

# There is no C library for the compiler checks to link against.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_FLAGS_INIT "-march=armv8-a -mno-outline-atomics")
set(CMAKE_ASM_FLAGS_INIT "-march=armv8-a")

