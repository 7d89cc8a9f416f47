/* SPDX-License-Identifier: MIT */
/* Fixed sizes of the library OS; plain numbers so assembly can use them too. */
#ifndef LIBOS_CONFIG_H
#define LIBOS_CONFIG_H

/* vCPUs a libOS image supports, indexed by MPIDR Aff0 (vCPU 0..7). */
#define LIBOS_MAX_CPUS 8
/* Stack of each vCPU, in bytes (16-byte multiple). */
#define LIBOS_STACK_SIZE 0x8000
/* INTIDs with a slot in the IRQ handler table: SGIs, PPIs and SPIs up to 255. */
#define LIBOS_IRQ_COUNT 256

#endif
