/* SPDX-License-Identifier: MIT */
/* Handling the physical interrupts that reach EL2. */
#ifndef IRQ_H
#define IRQ_H

#include <vcpu.h>

/** Take the pending interrupts, a bounded batch of them; v is the vCPU that
 * was running, or NULL. An SPI that has no owner is left masked. */
void irq_handle(struct vcpu *v);

/** d's guest has completed device SPI intid: unmask it, only while d still
 * owns it (a vCPU's late completion after the SPI was released leaves it
 * masked). Takes a leaf lock; callable under the vGIC's locks. */
void irq_spi_completed(struct domain *d, unsigned int intid);

#endif
