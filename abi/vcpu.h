/* SPDX-License-Identifier: MIT */
/* vcpu_op hypercall: per-vCPU runstate and registration areas. */
#ifndef ABI_VCPU_H
#define ABI_VCPU_H

#include <stdint.h>

/*
 * vcpu_op(cmd, vcpu id, arg). The vCPU id names a vCPU of the calling domain
 * (-XEN_EINVAL if out of range). Unknown commands return -XEN_ENOSYS.
 */

/* arg: guest VA of struct vcpu_runstate_info, OUT: the vCPU's runstate now. */
#define VCPUOP_get_runstate_info 4
/* arg: guest VA of struct vcpu_register_runstate_memory_area: the core keeps
 * the runstate at that VA current whenever the vCPU is scheduled. */
#define VCPUOP_register_runstate_memory_area 5
/* arg: guest VA of struct vcpu_register_vcpu_info: where the vCPU's vcpu_info lives,
 * in a page of the domain's own RAM; once per vCPU (-XEN_EINVAL after that). The
 * new area gets the old one's contents (zeros for a vCPU without one), then
 * evtchn_upcall_pending = 1 and evtchn_pending_sel = all ones, and the upcall is
 * raised, as on Xen: the guest rescans, so no event sent meanwhile is lost. */
#define VCPUOP_register_vcpu_info 10

/* Runstates. Times are in nanoseconds of the generic counter. */
#define RUNSTATE_running 0  /* on a pCPU */
#define RUNSTATE_runnable 1 /* ready, waiting for a pCPU */
#define RUNSTATE_blocked 2  /* waiting for an event or interrupt (WFI, SCHEDOP_block) */
#define RUNSTATE_offline 3  /* not started, or stopped (PSCI CPU_OFF) */

/** A vCPU's runstate (48 bytes). */
struct vcpu_runstate_info {
	int32_t state; /* RUNSTATE_* now */
	uint32_t pad;
	uint64_t state_entry_time; /* when it entered that state, ns since boot */
	uint64_t time[4];          /* total ns spent in each RUNSTATE_* */
};
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "vcpu_runstate_info size");
_Static_assert(__builtin_offsetof(struct vcpu_runstate_info, state_entry_time) == 8, "offset");
_Static_assert(__builtin_offsetof(struct vcpu_runstate_info, time) == 16, "offset");

/** Argument of VCPUOP_register_runstate_memory_area (8 bytes). */
struct vcpu_register_runstate_memory_area {
	uint64_t addr; /* IN: guest VA of a struct vcpu_runstate_info */
};
_Static_assert(sizeof(struct vcpu_register_runstate_memory_area) == 8, "size");

/** Argument of VCPUOP_register_vcpu_info (16 bytes). */
struct vcpu_register_vcpu_info {
	uint64_t mfn;    /* IN: guest frame number of the page holding the vcpu_info */
	uint32_t offset; /* IN: offset of the vcpu_info in that page: 8-byte aligned, and
			  * the 48 bytes must fit in the page (-XEN_EINVAL otherwise) */
	uint32_t rsvd;   /* IN: must be 0 */
};
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "size");
_Static_assert(__builtin_offsetof(struct vcpu_register_vcpu_info, offset) == 8, "offset");

#endif
