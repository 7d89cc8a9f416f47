/* SPDX-License-Identifier: MIT */
/* Interrupt set-up shared by the test guests: GIC, virtual timer, IRQs unmasked. */
#ifndef TEST_GUESTS_IRQ_SETUP_H
#define TEST_GUESTS_IRQ_SETUP_H

#include <stdbool.h>

/**
 * On the boot vCPU: the distributor, this vCPU's redistributor and CPU
 * interface, its virtual timer, then IRQs unmasked. Only the first call does
 * the work; later ones return its verdict. Returns whether all of it worked
 * (after printing what failed).
 */
bool irq_setup_boot(void);

/** On a secondary vCPU (after irq_setup_boot on the boot vCPU): the same for itself. */
bool irq_setup_secondary(void);

#endif
