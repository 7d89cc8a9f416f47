/* SPDX-License-Identifier: MIT */
/* The core's own stage-1 map at EL2. */
#ifndef MMU_H
#define MMU_H

#include <boot_info.h>

/** Root of the final EL2 tables; secondary pCPUs read it with their MMU off. */
extern uint64_t el2_ttbr0;

/**
 * Build the final identity map and switch to it: RAM read/write and never
 * executable, the core's text read-only and executable, its read-only data
 * read-only, devices the core drives as Device memory; nothing else.
 * Returns 0 or -ENOMEM.
 */
int mmu_init(const struct boot_info *bi);

#endif
