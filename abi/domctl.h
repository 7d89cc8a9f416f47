/* SPDX-License-Identifier: MIT */
/* domain_control: how a toolstack makes, runs and ends the domains it controls. */
#ifndef ABI_DOMCTL_H
#define ABI_DOMCTL_H

#include <stdint.h>

/*
 * Hypercall __HYPERVISOR_domain_control (Tessera's; Xen on Arm leaves its
 * arch-specific slots unused): domain_control(struct domctl *op).
 *
 * The core's control verbs, offered to domains holding the toolstack right
 * (DOMAIN_RIGHT_TOOLSTACK, abi/domain_info.h) over the domains they control:
 * those they created, and boot domains whose boot configuration names them
 * as controller (domain_info reports each domain's controller). Xen's domctl
 * is an unstable toolstack interface; this one is Tessera's own and not
 * meant to be compatible with it.
 *
 * Every op returns 0 or -XEN_E*:
 *   -XEN_EPERM   the caller lacks the toolstack right, or does not control
 *                op->domid (a domain never controls itself), or asks to pass
 *                on rights it does not hold;
 *   -XEN_ESRCH   no live domain op->domid (looked for only after the right);
 *   -XEN_EFAULT  op, or a buffer it names, cannot be read or written;
 *   -XEN_EINVAL  an unknown cmd, a non-zero pad, a value out of range;
 *   -XEN_EBUSY   the target is in the wrong state for the op (named below).
 * After DOMCTL_offer_rings, the target's HVM params (abi/hvm.h), which its
 * controller may read, say where its rings and their ports are.
 * Ops marked "any" need the right only: they describe, never change. The
 * domains and their vCPUs are described by domain_info (abi/domain_info.h).
 *
 * DOMCTL_destroy frees the domain's id at once; its memory comes back after,
 * a bounded step at a time, on idle pCPUs. An op marked "memory" first waits
 * for all of it, paying for the steps itself: the call is continued (the
 * caller's vCPU enters it again, a step each time) until none is left, so
 * what it sees and asks for counts every destroyed domain's memory as free.
 */
#define __HYPERVISOR_domain_control 49

#define DOMCTL_create 1         /* any, memory: make a domain, paused, without RAM */
#define DOMCTL_destroy 2        /* end it now and free what it holds (see above) */
#define DOMCTL_pause 3          /* one more pause: its vCPUs stop running */
#define DOMCTL_unpause 4        /* one pause less; -EINVAL if not paused */
#define DOMCTL_populate 5       /* memory: give it RAM pages */
#define DOMCTL_copy_in 6        /* copy bytes of the caller's into its RAM: paused only */
#define DOMCTL_vcpu_context 7   /* set an offline vCPU's entry: paused only */
#define DOMCTL_offer_rings 8    /* its console and store rings, once: paused only */
#define DOMCTL_set_limits 9     /* its memory limit, weight and cap */
#define DOMCTL_physinfo 10      /* any, memory: describe the machine (domid ignored) */
#define DOMCTL_read_log 11      /* any: read the core's log (domid ignored), as xl dmesg */
#define DOMCTL_vcpu_affinity 12 /* the pCPUs one vCPU may run on, as xl vcpu-pin: paused only */

#define DOMCTL_VCPUS_MAX 8u         /* vCPUs of one domain */
#define DOMCTL_POPULATE_MAX 512u    /* pages one DOMCTL_populate may give (2 MiB) */
#define DOMCTL_COPY_MAX (64u << 10) /* bytes one DOMCTL_copy_in may copy */
#define DOMCTL_PAUSE_MAX 255u       /* pauses a domain may hold: -EBUSY past it */
#define DOMCTL_LOG_READ_MAX 512u    /* bytes one DOMCTL_read_log may copy */

/** DOMCTL_create: the new domain's configuration (64 bytes). */
struct domctl_create {
	char name[32];         /* IN: 1..31 of [A-Za-z0-9_.+-], NUL-terminated */
	uint32_t vcpus;        /* IN: 1..DOMCTL_VCPUS_MAX; all start offline */
	uint32_t rights;       /* IN: DOMAIN_RIGHT_* it holds: only rights the caller holds */
	uint64_t max_pages;    /* IN: the most RAM pages it may own, 1..the machine's pages */
	uint32_t weight;       /* IN: scheduling weight, 1..65535 (Xen's default: 256) */
	uint32_t cap;          /* IN: % of one pCPU per period, 0 (none)..100 * vcpus */
	uint32_t affinity;     /* IN: pCPUs its vCPUs may use (bit i: pCPU i); 0: all */
	uint32_t grant_frames; /* IN: most frames its grant table may grow to, 1..64 */
};
_Static_assert(sizeof(struct domctl_create) == 64, "domctl_create size");
_Static_assert(__builtin_offsetof(struct domctl_create, max_pages) == 40, "offset");

/** DOMCTL_populate: RAM for [gfn, gfn + count) (16 bytes). */
struct domctl_populate {
	uint64_t gfn;   /* IN: first frame, guest-physical */
	uint64_t count; /* IN: 1..DOMCTL_POPULATE_MAX; all or none are given */
};

/** DOMCTL_copy_in: len bytes from the caller's va to the target's gpa (24 bytes). */
struct domctl_copy_in {
	uint64_t gpa; /* IN: guest-physical destination, all of it the target's RAM */
	uint64_t va;  /* IN: the caller's virtual address of the bytes */
	uint64_t len; /* IN: 1..DOMCTL_COPY_MAX */
};

/** DOMCTL_vcpu_context: where an offline vCPU starts, per the arm64 boot protocol (24 bytes). */
struct domctl_vcpu_context {
	uint32_t vcpu; /* IN: its index */
	uint32_t pad;  /* IN: 0 */
	uint64_t pc;   /* IN: entry, guest-physical (the MMU is off) */
	uint64_t x0;   /* IN: x0 at entry (the DTB's gpa) */
};

/**
 * DOMCTL_set_limits: all three at once; domain_info tells the current ones,
 * so a toolstack changing one passes the others back as they are (16 bytes).
 */
struct domctl_limits {
	uint64_t max_pages; /* IN: 1..the machine's pages; below what it owns: it must balloon */
	uint32_t weight;    /* IN: 1..65535 */
	uint32_t cap;       /* IN: 0..100 * its vCPUs */
};

/** DOMCTL_physinfo: the machine, as `xl info` shows it (32 bytes). */
struct domctl_physinfo {
	uint32_t nr_cpus;     /* OUT: pCPUs online */
	uint32_t pad;         /* OUT: 0 */
	uint64_t total_pages; /* OUT: pages of RAM the core hands out to domains */
	uint64_t free_pages;  /* OUT: of which free now */
	uint64_t uptime_ns;   /* OUT: since the core started */
};

/**
 * DOMCTL_read_log: bytes of the core's log, its lines ("tessera: ...\n") as
 * they went to the serial line. Bytes are numbered from 0 at boot; the core
 * keeps the last CONSOLE_LOG_BYTES (16 KiB) of them, so a reader that falls
 * behind loses the oldest and learns it from `from` (24 bytes).
 */
struct domctl_read_log {
	uint64_t va;   /* IN: the caller's virtual address to copy to */
	uint64_t from; /* IN: the first byte wanted; OUT: the first byte copied, later than
			* asked when those were overwritten, the log's end when none is left */
	uint32_t len;  /* IN: room at va, 1..DOMCTL_LOG_READ_MAX; OUT: bytes copied */
	uint32_t pad;  /* IN: 0 */
};
_Static_assert(sizeof(struct domctl_read_log) == 24, "domctl_read_log size");
_Static_assert(__builtin_offsetof(struct domctl_read_log, len) == 16, "offset");

/**
 * DOMCTL_vcpu_affinity: which pCPUs one vCPU may run on from now on (its hard
 * affinity, as xl vcpu-pin sets it); one waiting elsewhere moves when the
 * domain is unpaused (8 bytes). -XEN_EINVAL: no such vCPU, or no online pCPU
 * in affinity; -XEN_EBUSY: the domain is not paused, or a pCPU still holds the
 * vCPU (it was stopped a moment ago: ask again).
 */
struct domctl_vcpu_affinity {
	uint32_t vcpu;     /* IN: its index, below the domain's vCPU count */
	uint32_t affinity; /* IN: pCPUs it may run on (bit i: pCPU i) */
};
_Static_assert(sizeof(struct domctl_vcpu_affinity) == 8, "domctl_vcpu_affinity size");

/** The argument of every op (72 bytes). */
struct domctl {
	uint32_t cmd;   /* IN: DOMCTL_* */
	uint16_t domid; /* IN: the target; OUT for create (the new id) */
	uint16_t pad;   /* IN: 0 */
	union {
		struct domctl_create create;
		struct domctl_populate populate;
		struct domctl_copy_in copy_in;
		struct domctl_vcpu_context vcpu_context;
		struct domctl_limits limits;
		struct domctl_physinfo physinfo;
		struct domctl_read_log read_log;
		struct domctl_vcpu_affinity vcpu_affinity;
	} u;
};
_Static_assert(sizeof(struct domctl) == 72, "domctl size");
_Static_assert(__builtin_offsetof(struct domctl, u) == 8, "offset");

#endif
