/* SPDX-License-Identifier: MIT */
/* Calls from the core to the machine's PSCI firmware (EL3, or QEMU's emulation). */
#ifndef FIRMWARE_H
#define FIRMWARE_H

#include <types.h>

/** Power a pCPU on at the physical address entry with x0 = context; PSCI result. */
int64_t firmware_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context);

#endif
