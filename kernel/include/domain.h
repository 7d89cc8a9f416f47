/* SPDX-License-Identifier: MIT */
/* Domains: an isolated guest-physical space, its vCPUs and its rights. */
#ifndef DOMAIN_H
#define DOMAIN_H

#include <abi/guest_layout.h>
#include <arch_domain.h>
#include <boot_info.h>
#include <console.h>
#include <spinlock.h>
#include <abi/xen.h>
#include <stage2.h>
#include <vcpu.h>

struct evtchn;
struct grant_table;

enum domain_state {
	DOMAIN_ACTIVE,
	DOMAIN_DYING, /* shut down; torn down once no pCPU has one of its vCPUs loaded */
};

struct domain {
	uint16_t domid;
	char name[DOMAIN_NAME_MAX];
	uint32_t rights;         /* RIGHT_* from the boot config */
	uint32_t generation;     /* builds so far: a rebuilt domain is a new peer */
	struct boot_domain boot; /* how to build it, again on reboot */

	struct spinlock lock; /* protects s2 and ram_pages; taken after sched_lock */
	struct stage2 s2;
	uint64_t ram_pages; /* pages of RAM it owns */

	unsigned int vcpu_count;
	struct vcpu *vcpus[DOMAIN_VCPUS_MAX];

	/* Protected by sched_lock. */
	unsigned int weight; /* share of CPU time against other domains */
	unsigned int cap;    /* most a period it may use, % of one pCPU; 0: no cap */
	uint32_t affinity;   /* pCPUs its vCPUs may run on (bit i: pCPU i) */
	uint64_t cap_used;   /* ns used in the period cap_period */
	uint64_t cap_period;
	enum domain_state state;
	unsigned int shutdown_reason; /* SHUTDOWN_* once dying */
	unsigned int vcpus_loaded;    /* vCPUs now loaded on a pCPU */

	unsigned int refs; /* atomic: the domain list's plus each lookup's */

	struct shared_info *shared_info;   /* the core's frame, mapped where the guest asks */
	uint64_t shared_info_gfn;          /* where it is mapped; 0: nowhere; protected by lock */
	struct spinlock evtchn_lock;       /* protects evtchn_buckets and every port */
	struct evtchn *evtchn_buckets[16]; /* ports in pages of 256; NULL: all free */
	struct grant_table *grant;         /* protected by lock */
	uint64_t hvm_params[64];           /* protected by lock */
	uint64_t max_pages;                /* most RAM pages it may own; protected by lock */
	uint64_t max_gpfn;                 /* highest gfn ever mapped; protected by lock */

	struct domain_arch arch; /* the virtual interrupt controller, on arm64 */
	struct console_line con; /* protected by the console lock */
	struct domain *next;     /* protected by domain_list_lock */
};

/** Create and build a boot-time domain, not started yet (domain_build_start);
 * returns NULL after logging why not. */
struct domain *domain_create_boot(const struct boot_domain *bd);

/**
 * End a domain for a SHUTDOWN_* reason. Takes its vCPUs off every pCPU; once
 * the last one is off, the domain is destroyed or, for a reboot, rebuilt.
 * May be called more than once: only the first call counts.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/** Tear down or rebuild a dying domain that no pCPU has loaded (sched.c calls it). */
void domain_finalize(struct domain *d);

/** true if the page holding ipa is RAM of d's own (ballooning leaves holes). */
bool domain_ipa_is_ram(struct domain *d, uint64_t ipa);

/** Reset the architectural part of a domain (its interrupt controller). */
void arch_domain_init(struct domain *d);

/** Deliver physical SPI intid to d from now on, as the same virtual INTID. */
void arch_domain_assign_irq(struct domain *d, uint32_t intid);

/** Start delivering d's passed-through interrupts (creation, reboot). */
void domain_assign_irqs(struct domain *d);

/** Stop delivering intid to d and mask it. */
void arch_domain_release_irq(struct domain *d, uint32_t intid);

/**
 * The domain with id domid, holding a reference (domain_put when done), or
 * NULL if there is none or it is ending. self is returned for DOMID_SELF and
 * for its own id.
 */
struct domain *domain_get(struct domain *self, uint16_t domid);

/** Back to a fresh shared info, no event channels or grants, default params (reboot). */
int domain_reset_abi(struct domain *d);

/**
 * The domain with the lowest id >= domid, ending ones included, holding a
 * reference; NULL if there is none. For walking every domain.
 */
struct domain *domain_get_next(uint16_t domid);

/** The id of a live domain holding right (the first one found); DOMID_INVALID if none. */
uint16_t domain_holding(uint32_t right);

/** Tell the console and xenstore domains (VIRQ_DOM_EXC) that domains have changed. */
void domain_notify_services(void);

/** Drop a reference from domain_get. */
void domain_put(struct domain *d);

/** Find a vCPU of d by MPIDR affinity; NULL if none. */
struct vcpu *domain_vcpu_by_mpidr(struct domain *d, uint64_t mpidr);

#endif
