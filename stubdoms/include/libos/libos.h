/* SPDX-License-Identifier: MIT */
/* Start-up and shutdown of a libOS domain. */
#ifndef LIBOS_LIBOS_H
#define LIBOS_LIBOS_H

#include <stddef.h>
#include <stdint.h>

/** Called by start.S on the boot vCPU with its stack set and .bss clear; runs main(). */
void libos_start(uintptr_t dtb);

/**
 * Bytes of the heap not handed out yet: the domain's RAM past its image, DTB
 * and initrd, less what malloc has taken. Services size their tables by it.
 */
size_t libos_heap_room(void);

/**
 * End the domain with SCHEDOP_shutdown and reason (SHUTDOWN_poweroff,
 * SHUTDOWN_crash, ...). Never returns: if the hypervisor refuses, the vCPU
 * waits for interrupts forever.
 */
void libos_shutdown(uint32_t reason) __attribute__((noreturn));

#endif
