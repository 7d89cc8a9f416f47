/* SPDX-License-Identifier: MIT */
/* The shared info page and per-vCPU info: memory the core and a guest share. */
#ifndef ABI_XEN_H
#define ABI_XEN_H

#include <stdint.h>

typedef uint16_t domid_t;

/** Time data of a vCPU (32 bytes). Tessera leaves it zero: guests use the generic counter. */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	int8_t flags;
	uint8_t pad1[2];
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info size");

/**
 * Per-vCPU event state (48 bytes), in shared_info (vCPU 0 only) or wherever
 * VCPUOP_register_vcpu_info put it. Written by the core when it marks an
 * event for the vCPU; cleared by the guest as it handles them.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending; /* core sets: an event awaits; guest clears */
	uint8_t evtchn_upcall_mask;    /* unused on Arm (the upcall PPI's enable is the mask) */
	uint8_t pad[6];
	uint64_t evtchn_pending_sel; /* core sets bit i: a port in evtchn_pending[i] is pending */
	struct vcpu_time_info time;
};
_Static_assert(sizeof(struct vcpu_info) == 48, "vcpu_info size");
_Static_assert(__builtin_offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "offset");
_Static_assert(__builtin_offsetof(struct vcpu_info, time) == 16, "offset");

#define EVTCHN_2L_WORDS 64 /* 64 words of 64 bits: 4096 ports */

/** The shared info page (1088 bytes used of the 4 KiB frame). */
struct shared_info {
	struct vcpu_info vcpu_info[1];            /* vCPU 0's until it registers its own */
	uint64_t evtchn_pending[EVTCHN_2L_WORDS]; /* core sets, guest clears */
	uint64_t evtchn_mask[EVTCHN_2L_WORDS];    /* guest sets and clears */
	uint32_t wc_version; /* seqlock: odd while wc_* change, even (>0) once set */
	uint32_t wc_sec;     /* wall clock at boot (counter 0): seconds, */
	uint32_t wc_nsec;    /* nanoseconds */
	uint32_t wc_sec_hi;  /* and the seconds' high 32 bits */
};
_Static_assert(sizeof(struct shared_info) == 1088, "shared_info size");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_pending) == 48, "offset");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_mask) == 560, "offset");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 1072, "offset");
_Static_assert(__builtin_offsetof(struct shared_info, wc_sec_hi) == 1084, "offset");

#endif
