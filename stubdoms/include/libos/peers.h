/* SPDX-License-Identifier: MIT */
/* The domains a service domain serves: their ring pages and event channels, kept in step. */
#ifndef LIBOS_PEERS_H
#define LIBOS_PEERS_H

#include <abi/domain_info.h>
#include <abi/grant_table.h>
#include <libos/evtchn.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The core gives every domain a console ring and a store ring for the
 * domains holding those rights (abi/domain_info.h) and raises VIRQ_DOM_EXC
 * on them whenever a domain comes, goes or is rebuilt. A service keeps a
 * peer_set in step with that list by calling peers_sync (thread context):
 * a new domain gets its ring page mapped by grant and its port bound, then
 * attach() is called; a domain that is dying, gone or rebuilt (a new
 * generation: a new ring and port) gets detach() first, then its port is
 * closed and the page unmapped. A peer's fields stay valid from attach to
 * detach. A service domain does not call this itself: service.h does it on
 * VIRQ_DOM_EXC.
 *
 * How many peers a set holds is a limit its owner sets from its memory
 * (peers_init); the set's table and each peer come from the heap as
 * domains arrive, and go back as they leave. A domain past the limit, or
 * one the heap has no room for, is refused with a line saying so: never a
 * crash, never dropped unsaid. Where the ring's protocol has a way to say
 * so (peer_ops.refuse: the store's ring has its error field), the domain is
 * told through its ring and left alone until it is rebuilt; otherwise it is
 * tried again at the next sync.
 */
struct peer {
	bool used;
	bool seen;         /* peers_sync's own mark: the core still lists it */
	unsigned int slot; /* its index in the set: below the set's limit */
	uint16_t domid;
	uint32_t generation; /* of the build whose ring this is */
	uint32_t rights;     /* DOMAIN_RIGHT_* it holds */
	uint16_t vcpu_count;
	char name[32];         /* from the boot configuration */
	void *ring;            /* the peer's ring page, mapped Normal memory; shared: hostile */
	grant_handle_t handle; /* of the ring mapping */
	evtchn_port_t port;    /* our end of the ring's event channel */
	void *data;            /* the service's own state: peer_ops.data_size bytes, zeroed */
};

struct peer_ops {
	grant_ref_t ref; /* the ring's grant: CONSOLE_GRANT_REF or XS_GRANT_REF */
	bool store;      /* bind domain_info's store_port (else its console_port) */
	/* Thread context. The port is bound masked, without a handler: attach installs one
	 * (loop_port_add, say) and returns 0, or an error to leave the peer unserved for now;
	 * detach removes it. */
	int (*attach)(struct peer *p, void *ctx);
	void (*detach)(struct peer *p, void *ctx);
	/* Whether peers_sync takes a new domain on by itself; NULL: every one. A domain it
	 * leaves waits for peers_attach (the store waits for a controller's INTRODUCE). */
	bool (*wanted)(const struct domain_info *info, void *ctx);
	void *ctx;
	size_t data_size; /* bytes of the service's own state each peer gets, zeroed, at data */
	/* No room for a domain: mark its ring, mapped for the moment, as the protocol says
	 * (the domain is notified after). NULL: the domain waits for room instead. */
	void (*refuse)(void *ring, void *ctx);
};

/** A build of a domain told it is not served (peer_ops.refuse). */
struct peer_refusal {
	uint16_t domid;
	uint32_t generation;
	bool seen; /* peers_sync's own mark */
};

/** Peers served now; fields are the set's own. A zeroed set serves nobody (limit 0). */
struct peer_set {
	struct peer **slot;           /* slot_count entries, NULL where free; from the heap */
	unsigned int slot_count;      /* grows by doubling, up to limit */
	unsigned int limit;           /* most peers at once */
	struct peer_refusal *refused; /* refused_count of them, from the heap */
	unsigned int refused_count;
};

/** Let set serve at most limit peers at once; set must be zeroed or empty. */
void peers_init(struct peer_set *set, unsigned int limit);

/** How many peers are attached. */
unsigned int peers_count(const struct peer_set *set);

/** domain_info (abi/domain_info.h) for the lowest domain id >= info->domid. */
long domain_info_next(struct domain_info *info);

/**
 * Bring set in step with the core's domains (see above). Returns how many
 * peers are attached. Failures to map or bind are logged, and tried again
 * by the next sync.
 */
unsigned int peers_sync(struct peer_set *set, const struct peer_ops *ops);

/**
 * Whether every live domain is a console or xenstore domain: nobody is left
 * to serve, and no toolstack to make anyone. The services then end, the
 * console after writing out what the last domains wrote, and with the last
 * domain the machine powers off.
 */
bool peers_none_left(void);

/**
 * Whether every live domain holds one of rights (DOMAIN_RIGHT_*): a back end
 * ends once only service and driver domains are left, as no guest is there
 * to serve and no toolstack to make one.
 */
bool peers_only_holders_of(uint32_t rights);

/** The lowest domain id holding right (DOMAIN_RIGHT_*), the caller's own say; DOMID_INVALID if
 * none. */
uint16_t peers_holder(uint32_t right);

/** The attached peer for domid, or NULL. */
struct peer *peers_find(struct peer_set *set, uint16_t domid);

/**
 * Take domid on now, whatever ops->wanted says, as peers_sync takes on a new
 * domain (ring mapped, port bound, attach). Returns 0; -XEN_EEXIST if it is
 * a peer already; -XEN_ESRCH if no live domain has that id; -XEN_ENOENT if
 * it has no ring for this service; -XEN_ENOSPC at the set's limit;
 * -XEN_ENOMEM when the heap has no room for it; the mapping's, binding's or
 * attach's error (then nothing is left behind).
 */
long peers_attach(struct peer_set *set, uint16_t domid, const struct peer_ops *ops);

/** Let domid go now, as peers_sync lets a dying domain go (detach first); nothing if no peer. */
void peers_detach(struct peer_set *set, uint16_t domid, const struct peer_ops *ops);

#endif
