/* SPDX-License-Identifier: MIT */
/* Addresses and assembly probes shared by the hostile test cases. */
#ifndef TEST_GUESTS_HOSTILE_H
#define TEST_GUESTS_HOSTILE_H

#include <abi/guest_layout.h>
#include <libos/dt.h>
#include <stdint.h>

/*
 * A virtual address outside the libOS stage-1 map (40-bit VAs, so bits
 * 42..40 set fault at level 0): pointers here must come back -XEN_EFAULT.
 */
#define HOSTILE_UNMAPPED_VA 0x7FFF0000000ull

/* An IPA no domain has at stage 2 (between GIC and grant region); Device memory at stage 1. */
#define HOSTILE_HOLE_IPA 0x10000000ull

/* The last page of the 40-bit IPA space, identity-mapped by the libOS stage 1. */
#define HOSTILE_TOP_IPA 0xFFFFFFF000ull

/* The first IPA past the domain's RAM, per the DT's /memory node; 0 if unknown. */
static inline uint64_t hostile_ram_end(void)
{
	uint64_t base;
	uint64_t size;

	if (dt_memory(&base, &size) != 0) {
		return 0;
	}
	return base + size;
}

/* probes.S: SMC #0 with PSCI_VERSION; *steps = 3 if execution went on at the next instruction. */
uint64_t probe_smc_psci_version(uint64_t *steps);

/* probes.S: HVC #1, HVC #0xFFFF and SMC #1, each a lone instruction followed by ret. */
void probe_hvc_1(void);
void probe_hvc_ffff(void);
void probe_smc_1(void);
extern const char probe_hvc_1_insn[], probe_hvc_1_resume[];
extern const char probe_hvc_ffff_insn[], probe_hvc_ffff_resume[];
extern const char probe_smc_1_insn[], probe_smc_1_resume[];

/*
 * probes.S: fill every general-purpose register the call must preserve with a
 * known pattern, make the call, and return a mask with bit n set if xn
 * changed. For the hypercall (xen_version(XENVER_version)) that is x2..x15
 * and x17..x30; for PSCI_VERSION over HVC #0, x1..x30.
 */
uint64_t probe_hypercall_clobbers(void);
uint64_t probe_psci_clobbers(void);

#endif
