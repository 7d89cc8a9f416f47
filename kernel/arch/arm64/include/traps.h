/* SPDX-License-Identifier: MIT */
/* Guest traps: the handlers traps.c hands them to, and the exceptions the core injects. */
#ifndef TRAPS_H
#define TRAPS_H

#include <vcpu.h>

/** Undefined instruction at the vCPU's current pc (the trapped instruction). */
void inject_undef(struct vcpu *v);

/** Synchronous external abort for a data (is_data) or instruction access at far. */
void inject_external_abort(struct vcpu *v, bool is_data, bool write, gva_t far, bool far_valid);

/**
 * Emulate a stage-2 data abort at ipa through the domain's MMIO table;
 * false if no range holds ipa, the syndrome does not describe the access,
 * or the device refuses it (the caller injects an external abort).
 */
bool mmio_trap(struct vcpu *v, ipa_t ipa, uint64_t esr);

/** Emulate a trapped MSR/MRS/SYS (EC 0x18); false if it is not one the core answers. */
bool sysreg_emulate(struct vcpu *v, uint64_t esr);

/* Entered from vectors.S. */
struct hyp_frame;

/** A trap from the guest running v (kind: sync, IRQ, FIQ, SError); returns the vCPU to run. */
struct vcpu *trap_guest(struct vcpu *v, unsigned long kind);

/** An exception taken at EL2: a bug of the core; prints frame f and stops. */
__attribute__((noreturn)) void trap_hyp(const struct hyp_frame *f, unsigned long kind);

#endif
