/* SPDX-License-Identifier: MIT */
/* Hypercalls issued on the host: a guest's HVC as the trap entry hands it to the core. */
#ifndef HYPERCALL_FIXTURE_H
#define HYPERCALL_FIXTURE_H

#include "abi_fixture.h"
#include <hypercall.h>

/* Where the fixture's HVC instruction is; the trap leaves the PC past it. */
#define FIXTURE_HVC_PC 0x1000ull

/** Make v the vCPU running on this pCPU: guest copies are only for it. Its
 * guest virtual addresses are its IPAs (stage 1 off). */
void fixture_run(struct vcpu *v);

/** cmocka setup and teardown of a hypercall test: the fixture's domains made, and its first
 * domain's vCPU 0 running on this pCPU; then all of it gone. */
int fixture_setup_running(void **state);
int fixture_teardown_running(void **state);

/** Trap one HVC of v into the core with hypercall nr and x0..x2; returns x0 after. */
long fixture_hvc_once(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2);

/** Re-execute the HVC the core left v's PC on, as the guest would; returns x0 after. */
long fixture_hvc_again(struct vcpu *v);

/** Issue the call and re-execute it until the core leaves the PC past the HVC,
 * as a guest does without knowing; returns how many times the core was entered. */
unsigned int fixture_hvc(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2);

#endif
