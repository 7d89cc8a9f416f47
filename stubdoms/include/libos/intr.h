/* SPDX-License-Identifier: MIT */
/* Masking and unmasking IRQs on the calling vCPU (PSTATE.DAIF.I). */
#ifndef LIBOS_INTR_H
#define LIBOS_INTR_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Only the I bit is touched: the libOS takes no FIQs (every interrupt is
 * Group 1), and SError and debug stay masked as start.S left them. Each
 * vCPU starts with IRQs masked. The "memory" clobbers keep the compiler from
 * moving memory accesses across a mask change.
 */

/* DAIF as MRS reads it: D bit 9, A bit 8, I bit 7, F bit 6. */
#define INTR_DAIF_I (1u << 7)

/** Let IRQs in. */
static inline void intr_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

/** Keep IRQs out. */
static inline void intr_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/** Mask IRQs and return the previous DAIF, for intr_restore. */
static inline uint64_t intr_save(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(daif) : : "memory");
	return daif;
}

/** Put back the IRQ mask intr_save returned. */
static inline void intr_restore(uint64_t daif)
{
	if (daif & INTR_DAIF_I) {
		intr_disable();
	} else {
		intr_enable();
	}
}

/** Whether IRQs are unmasked on the calling vCPU. */
static inline bool intr_enabled(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif" : "=r"(daif));
	return (daif & INTR_DAIF_I) == 0;
}

#endif
