/* SPDX-License-Identifier: MIT */
/* Interrupt dispatch: the IRQ exception acknowledges each pending INTID and calls its handler. */
#ifndef LIBOS_IRQ_H
#define LIBOS_IRQ_H

#include <stdint.h>

/*
 * One handler per INTID below LIBOS_IRQ_COUNT, shared by all vCPUs (an SGI
 * or PPI handler runs on whichever vCPU took the interrupt: smp_cpu_id()).
 * Handlers run with IRQs masked, on the interrupted vCPU's stack, and must
 * remove the cause of a level-sensitive interrupt before returning; the
 * dispatcher then ends the interrupt (EOI). FP/SIMD registers may be used:
 * the IRQ entry saves them.
 *
 * An INTID without a handler (or beyond the table) is counted, disabled at
 * the GIC so it cannot storm, and ended.
 */

/** A handler: the INTID taken and the argument given to irq_set_handler. */
typedef void (*irq_handler_fn)(unsigned int intid, void *arg);

/**
 * Install fn (NULL: none) for intid. Install before enabling the INTID at
 * the GIC. Returns 0, or -EINVAL for an INTID beyond the table.
 */
int irq_set_handler(unsigned int intid, irq_handler_fn fn, void *arg);

/** How many interrupts this vCPU took that had no handler. */
uint64_t irq_unhandled_count(void);

/** Called by exc_entry.S for an IRQ taken at EL1: acknowledge, dispatch, end. */
void irq_handle(void);

#endif
