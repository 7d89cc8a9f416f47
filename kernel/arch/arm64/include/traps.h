/* SPDX-License-Identifier: MIT */
/* Exceptions the core injects into the running vCPU. */
#ifndef TRAPS_H
#define TRAPS_H

#include <vcpu.h>

/** Undefined instruction at the vCPU's current pc (the trapped instruction). */
void inject_undef(struct vcpu *v);

/** Synchronous external abort for a data (is_data) or instruction access at far. */
void inject_external_abort(struct vcpu *v, bool is_data, bool write, uint64_t far, bool far_valid);

/** Emulate a trapped MSR/MRS/SYS (EC 0x18); false if it is not one the core answers. */
bool sysreg_emulate(struct vcpu *v, uint64_t esr);

#endif
