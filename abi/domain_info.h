/* SPDX-License-Identifier: MIT */
/* domain_info: how the service and control domains learn which domains exist. */
#ifndef ABI_DOMAIN_INFO_H
#define ABI_DOMAIN_INFO_H

#include <stdint.h>

/*
 * Tessera has no dom0 and, at boot, no toolstack to introduce domains to the
 * service domains. The core builds each domain's console and store rings
 * (abi/console_ring.h, abi/xs_wire.h) itself; a service domain then asks it
 * which domains exist and which of their ports are meant for it.
 *
 * Hypercall __HYPERVISOR_domain_info (Xen's first arch-specific slot, which
 * Xen on Arm leaves unused): domain_info(struct domain_info *info).
 *
 * Finds the existing domain with the lowest id >= info->domid and fills in
 * info. Only a domain holding the console, the xenstore, the toolstack or
 * the driver right may ask (the toolstack lists every domain for `xl list`;
 * a driver domain learns when its frontends are gone and when nobody is left
 * to serve); each port
 * is filled in only for the service serving that domain (the one its ring was
 * offered to). Each field is a snapshot read on its own.
 * Returns 0; -XEN_ESRCH when no domain has an id >= info->domid;
 * -XEN_EPERM without one of those rights; -XEN_EFAULT if info cannot be read
 * or written.
 *
 * VIRQ_DOM_EXC fires on the holders of these rights whenever a domain is created, starts to shut
 * down, or is destroyed (a restart is both): they then walk the list again.
 */
#define __HYPERVISOR_domain_info 48

/* Rights, as the boot configuration's "tessera,rights" grants them. */
#define DOMAIN_RIGHT_CONSOLE (1u << 0)   /* the serial line; every domain's PV console */
#define DOMAIN_RIGHT_XENSTORE (1u << 1)  /* every domain's store ring */
#define DOMAIN_RIGHT_TOOLSTACK (1u << 2) /* creates and controls domains */
#define DOMAIN_RIGHT_DEVEMU (1u << 3)    /* device model of other domains */
#define DOMAIN_RIGHT_DRIVER (1u << 4)    /* owns passed-through devices */

#define DOMAIN_INFO_DYING (1u << 0)   /* shut down (see shutdown_reason); going away */
#define DOMAIN_INFO_STOPPED (1u << 1) /* dying, and none of its vCPUs runs any more */
#define DOMAIN_INFO_PAUSED (1u << 2)  /* paused by its maker or controller */
#define DOMAIN_INFO_RUNNING (1u << 3) /* a vCPU of it is on a pCPU now */
#define DOMAIN_INFO_BLOCKED (1u << 4) /* every online vCPU waits for an event */

#define DOMAIN_INFO_VCPUS 8 /* vCPUs a domain may have, all described */

/** What domain_info reports of one domain (184 bytes). */
struct domain_info {
	uint16_t domid;           /* IN: lowest id wanted; OUT: the domain found */
	uint16_t vcpu_count;      /* OUT */
	uint32_t flags;           /* OUT: DOMAIN_INFO_* */
	uint32_t shutdown_reason; /* OUT: SHUTDOWN_* once DOMAIN_INFO_DYING is set */
	uint32_t generation; /* OUT: unique to this incarnation: a restarted domain has a new one */
	uint32_t rights;     /* OUT: DOMAIN_RIGHT_* it holds */
	uint32_t store_port; /* OUT: its unbound port for the caller's store; 0: none */
	uint32_t console_port; /* OUT: its unbound port for the caller's console; 0: none */
	uint16_t controller;   /* OUT: the domain controlling it (a toolstack), 0: none */
	uint16_t pad;          /* OUT: 0 */
	char name[32];         /* OUT: NUL-terminated */
	uint64_t ram_pages;    /* OUT: RAM pages it owns */
	uint64_t max_pages;    /* OUT: the most it may own */
	uint64_t cpu_time_ns;  /* OUT: time its vCPUs have run, summed */
	uint16_t vcpus_online; /* OUT: of its vcpu_count, those not offline */
	uint16_t weight;       /* OUT: its scheduling weight */
	uint32_t cap;          /* OUT: its cap, % of one pCPU; 0: none */
	/* Each vCPU (index < vcpu_count; the rest 0), as `xl vcpu-list` shows them. */
	int8_t vcpu_state[DOMAIN_INFO_VCPUS];     /* OUT: RUNSTATE_* (abi/vcpu.h) */
	uint8_t vcpu_pcpu[DOMAIN_INFO_VCPUS];     /* OUT: the pCPU it runs or waits on */
	uint64_t vcpu_time_ns[DOMAIN_INFO_VCPUS]; /* OUT: time it has run */
	uint8_t vcpu_affinity[DOMAIN_INFO_VCPUS]; /* OUT: pCPUs it may run on (bit i: pCPU i) */
};
_Static_assert(sizeof(struct domain_info) == 184, "domain_info size");
_Static_assert(__builtin_offsetof(struct domain_info, ram_pages) == 64, "offset");
_Static_assert(__builtin_offsetof(struct domain_info, vcpus_online) == 88, "offset");
_Static_assert(__builtin_offsetof(struct domain_info, vcpu_time_ns) == 112, "offset");
_Static_assert(__builtin_offsetof(struct domain_info, flags) == 4, "offset");
_Static_assert(__builtin_offsetof(struct domain_info, generation) == 12, "offset");
_Static_assert(__builtin_offsetof(struct domain_info, store_port) == 20, "offset");
_Static_assert(__builtin_offsetof(struct domain_info, controller) == 28, "offset");
_Static_assert(__builtin_offsetof(struct domain_info, name) == 32, "offset");

#endif
