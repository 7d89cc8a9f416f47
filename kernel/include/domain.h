/* SPDX-License-Identifier: MIT */
/* Domains: an isolated guest-physical space, its vCPUs and its rights. */
#ifndef DOMAIN_H
#define DOMAIN_H

#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <arch_domain.h>
#include <boot_info.h>
#include <frame.h>
#include <console.h>
#include <spinlock.h>
#include <abi/xen.h>
#include <stage2.h>
#include <vcpu.h>

struct evtchn;
struct grant_table;

enum domain_state {
	DOMAIN_BUILDING, /* listed for its ids, invisible to lookups */
	DOMAIN_ACTIVE,
	DOMAIN_DYING, /* shut down; its vCPUs are stopping or stopped */
};

#define DOMAIN_MMIO_MAX 8     /* passed-through MMIO ranges a domain may have */
#define DOMAIN_IRQS_MAX 8     /* passed-through SPIs a domain may have */
#define DOMAIN_BACKENDS_MAX 4 /* driver domains a domain's devices may be served by */

/*
 * What a domain is made from: everything domain_create needs, whoever asks
 * (the boot builder, or a controller's domain control). The creator has
 * checked it; domain_create checks again what the core's safety rests on.
 */
struct domain_config {
	char name[DOMAIN_NAME_MAX];
	uint16_t domid;          /* 1..DOMID_FIRST_RESERVED-1; 0: the lowest free one */
	unsigned int vcpu_count; /* 1..DOMAIN_VCPUS_MAX */
	uint64_t max_pages;      /* most RAM pages it may own */
	uint32_t rights;         /* RIGHT_* */
	unsigned int weight;     /* scheduling weight, 1..65535 */
	unsigned int cap;        /* % of one pCPU per period, 0: none */
	uint32_t affinity;       /* pCPUs its vCPUs may use, bit i: pCPU i */
	unsigned int
		grant_frames;  /* most frames its grant table may grow to, 1..GRANT_FRAMES_MAX */
	uint16_t controller;   /* the domain controlling it (a toolstack), 0: none */
	uint16_t device_model; /* its device model (devemu), 0: none */
	struct mem_range mmio[DOMAIN_MMIO_MAX]; /* page-aligned device pages, at IPA == PA */
	unsigned int mmio_count;
	uint32_t irqs[DOMAIN_IRQS_MAX]; /* SPI INTIDs, delivered as the same INTID */
	unsigned int irq_count;
	struct mem_range ram_block; /* size 0, or the reserved host block its RAM is (DMA) */
};

/** What a domain's shutdown leads to: decided by whoever made it (policy, not the core's). */
typedef void domain_ended_fn(struct domain *d);

/** One bounded step of the work a domain needs before it runs: >0 more is left, 0 done, -errno. */
typedef int domain_prepare_fn(struct domain *d);

struct domain {
	uint16_t domid;
	char name[DOMAIN_NAME_MAX];
	uint32_t rights;     /* RIGHT_*: what it may do at all; may() adds over whom */
	uint32_t generation; /* unique to this incarnation: a restarted domain is a new peer */

	/* Relations through which its rights reach other domains (rights.c); domids, 0: none.
	 * Written before the domain is registered, or under lock. */
	uint16_t controller;                    /* holds RIGHT_TOOLSTACK over it */
	uint16_t device_model;                  /* holds RIGHT_DEVEMU over it */
	uint16_t console_service;               /* was offered its console ring (RIGHT_CONSOLE) */
	uint16_t store_service;                 /* was offered its store ring (RIGHT_XENSTORE) */
	uint16_t backends[DOMAIN_BACKENDS_MAX]; /* driver domains serving it (RIGHT_DRIVER) */

	struct spinlock lock; /* protects s2 and ram_pages; taken after sched_lock */
	struct stage2 s2;
	uint64_t ram_pages;         /* pages of RAM it owns */
	struct mem_range ram_block; /* size 0, or the host block its RAM comes from */

	unsigned int vcpu_count;
	struct vcpu *vcpus[DOMAIN_VCPUS_MAX];

	/* Protected by sched_lock. */
	unsigned int weight; /* share of CPU time against other domains */
	unsigned int cap;    /* most a period it may use, % of one pCPU; 0: no cap */
	uint64_t cap_used;   /* ns used in the period cap_period */
	uint64_t cap_period;
	unsigned int pause_count; /* paused while not 0: its vCPUs are not run */
	enum domain_state state;
	unsigned int shutdown_reason; /* SHUTDOWN_* once dying */
	unsigned int vcpus_loaded;    /* vCPUs now loaded on a pCPU */
	bool stopped;                 /* dying, and no pCPU has one of its vCPUs loaded */
	bool destroy_pending;         /* destroy once stopped */
	bool torn_down;               /* its ids, ports, grants and scheduling are gone */
	struct domain *reap_next;     /* torn down, memory not all back yet (domain.c) */
	struct stage2 reap_s2;        /* then its tables, given back in steps (protected by
				       * reap_lock); s2 has none, so a walker finds nothing */

	/* Called once its vCPUs are all off after a shutdown (sched.c). */
	void (*vcpus_stopped)(struct domain *d);
	domain_ended_fn *ended; /* its creator's policy; NULL: kept until destroyed */
	/* Work done on vCPU 0's own turns before any vCPU enters the guest (a rebuild), so
	 * the domain pays for it; NULL: none. Set while it is paused, then atomic;
	 * prepare_progress is the setter's, used by vCPU 0 alone. */
	domain_prepare_fn *prepare;
	uint64_t prepare_progress;

	unsigned int refs; /* atomic: the registry's plus each lookup's */

	struct shared_info *shared_info;   /* the core's frame, mapped where the guest asks */
	uint64_t shared_info_gfn;          /* where it is mapped; 0: nowhere; protected by lock */
	struct spinlock evtchn_lock;       /* protects evtchn_buckets and every port */
	struct evtchn *evtchn_buckets[16]; /* ports in pages of 256; NULL: all free */
	struct grant_table *grant;         /* protected by lock */
	unsigned int grant_frames;         /* most frames its grant table may grow to */
	uint64_t hvm_params[64];           /* protected by lock */
	uint64_t max_pages;                /* most RAM pages it may own; protected by lock */
	uint64_t max_gpfn;                 /* highest gfn ever mapped; protected by lock */

	uint32_t irqs[DOMAIN_IRQS_MAX]; /* its passed-through SPIs */
	unsigned int irq_count;

	struct domain_arch arch; /* the virtual interrupt controller, on arm64 */
	struct console_line con; /* protected by its own lock */
	struct domain *next;     /* protected by the registry's lock */
};

/*
 * The control verbs: the one way to make, run and end a domain. The boot
 * builder is one client, a controller's domain control the other. Each
 * returns 0 or -errno and, when it fails, leaves nothing behind.
 */

/**
 * Make a domain from cfg: ids, vCPUs (all offline), stage 2, shared info,
 * grant table, devices. It starts paused, without RAM, and is registered
 * (others can look it up). -EEXIST: the domid is taken; -ENOSPC: no VMID or
 * scheduler room; -ENOMEM; -EINVAL: cfg out of range.
 */
int domain_create(const struct domain_config *cfg, struct domain **out);

/**
 * Give d count pages of RAM from ipa on (frames of the allocator, or its
 * ram_block page for page). -EINVAL: unaligned or outside its RAM block;
 * -EEXIST: a page is already mapped; -ENOMEM: no frame, or over max_pages. On
 * failure the pages this call mapped are given back.
 */
int domain_populate(struct domain *d, ipa_t ipa, uint64_t count);

/**
 * Copy len bytes of the core's memory to d's RAM at ipa, cleaned to the point
 * of coherency (d may start with its caches off). -EFAULT if any byte would
 * land outside its RAM, before anything is copied. The caller invalidates the
 * instruction caches (arch_icache_invalidate) once it has copied everything,
 * before d runs: once per batch of copies, not per copy, as it reaches every
 * pCPU.
 */
int domain_copy_in(struct domain *d, ipa_t ipa, const void *src, uint64_t len);

/**
 * Set an offline vCPU's entry: it starts at pc with x0 once d is unpaused.
 * -EINVAL: no such vCPU; -EBUSY: it is not offline, or d is dying.
 */
int domain_set_vcpu_context(struct domain *d, unsigned int vcpu, ipa_t pc, uint64_t x0);

/**
 * Stop running d's vCPUs until as many unpauses (asynchronous: pCPUs are
 * kicked). -EBUSY if it holds SCHED_PAUSES_MAX pauses already.
 */
int domain_pause(struct domain *d);

/** Undo one pause; -EINVAL if d is not paused. */
int domain_unpause(struct domain *d);

/**
 * End a domain for a SHUTDOWN_* reason: its devices' interrupts stop, its
 * vCPUs leave every pCPU, and the service domains hear of it. Once the last
 * is off, its creator's policy (d->ended) runs. Only the first call counts.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/**
 * Free what d holds: its ids, ports, grants and scheduling at once; its
 * memory in bounded steps after (domain_reap_some); the struct and vCPUs with
 * the last reference. A domain still running is shut down first and
 * destroyed once stopped. Calls after the first do nothing. When no domain is
 * left, the machine powers off.
 */
void domain_destroy(struct domain *d);

/**
 * Give back one bounded step of what destroyed domains still hold: at most
 * one level-3 table's pages and the table, or a walk over 512 empty entries.
 * Idle pCPUs do this, and so does whoever is about to ask for memory, first
 * (a restarting domain's fill, a controller's create or populate). Returns
 * whether there was any to do.
 */
bool domain_reap_some(void);

/**
 * Called with v just picked to run: if its domain has work to do before it
 * runs (d->prepare), do one bounded step of it on v's turn if v is vCPU 0,
 * and return true: v must not enter the guest, and the caller asks the
 * scheduler again (v yields, so the step is charged to it and others get
 * their turn). A step that fails destroys the domain after a message.
 * false: v may run.
 */
bool domain_prepare_step(struct vcpu *v);

/** true if the page holding ipa is RAM of d's own (ballooning leaves holes). */
bool domain_ipa_is_ram(struct domain *d, ipa_t ipa);

/** d's vCPU number index, or NULL past the last. index is a guest's or a peer's, so no
 * access through it is speculated past the check. */
static inline struct vcpu *domain_vcpu(const struct domain *d, uint64_t index)
{
	return index < d->vcpu_count ? d->vcpus[index_nospec(index, d->vcpu_count)] : NULL;
}

/** Find a vCPU of d by MPIDR affinity; NULL if none. */
struct vcpu *domain_vcpu_by_mpidr(struct domain *d, uint64_t mpidr);

/** Reset the architectural part of a domain (its interrupt controller). */
void arch_domain_init(struct domain *d);

/** Deliver physical SPI intid to d from now on, as the same virtual INTID. */
void arch_domain_assign_irq(struct domain *d, uint32_t intid);

/** Stop delivering intid to d and mask it. */
void arch_domain_release_irq(struct domain *d, uint32_t intid);

/* The registry (domain_registry.c): ids, references, lookup. */

/**
 * Give a new domain its ids (domid want, or if want is 0 the next free one
 * after the last handed out, and a VMID in *vmid) and list it, still building: lookups do not see
 * it until domain_create marks it active. -EEXIST: want is taken or out of range; -ENOSPC: no VMID
 * is free.
 */
int domain_register(struct domain *d, uint16_t want, uint16_t *vmid);

/** Take d off the list and free its VMID; lookups already holding it keep it. */
void domain_unregister(struct domain *d);

/**
 * The domain with id domid, holding a reference (domain_put when done), or
 * NULL if there is none or it is ending. self is returned for DOMID_SELF and
 * for its own id.
 */
struct domain *domain_get(struct domain *self, uint16_t domid);

/** Does domid name d itself: DOMID_SELF or its own id? */
static inline bool domain_is_self(const struct domain *d, uint16_t domid)
{
	return domid == DOMID_SELF || domid == d->domid;
}

/**
 * The domain with the lowest id >= domid, ending ones included, holding a
 * reference; NULL if there is none. For walking every domain.
 */
struct domain *domain_get_next(uint16_t domid);

/** Drop a reference from domain_get*; the last one frees the domain's struct. */
void domain_put(struct domain *d);

/** The lowest id of a live domain holding right; DOMID_INVALID if none. */
uint16_t domain_holding(uint32_t right);

/** Tell the service and control domains (VIRQ_DOM_EXC) that domains have changed. */
void domain_notify_services(void);

/** A number never handed out before: each incarnation of a domain gets its own. */
uint32_t domain_next_generation(void);

#endif
