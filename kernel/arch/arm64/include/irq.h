/* SPDX-License-Identifier: MIT */
/* Handling the physical interrupts that reach EL2. */
#ifndef IRQ_H
#define IRQ_H

#include <vcpu.h>

/** Take every pending interrupt; v is the vCPU that was running, or NULL. */
void irq_handle(struct vcpu *v);

#endif
