/* SPDX-License-Identifier: MIT */
/* vCPU identity and the C side of secondary vCPU start-up. */
#ifndef LIBOS_SMP_H
#define LIBOS_SMP_H

#include <stdint.h>

/** The calling vCPU's id: MPIDR_EL1 Aff0 (the libOS supports vCPUs 0..LIBOS_MAX_CPUS-1). */
unsigned int smp_cpu_id(void);

/**
 * Register what secondary vCPUs run once their MMU is on: fn(context id of
 * CPU_ON). When fn returns the vCPU calls PSCI CPU_OFF.
 */
void smp_set_secondary_main(void (*fn)(uint64_t context));

/** The entry address to pass to PSCI CPU_ON (start_secondary in start.S). */
uintptr_t smp_secondary_entry(void);

/** Called by start.S on a secondary vCPU with its stack set up. */
void smp_secondary_main(uint64_t context);

#endif
