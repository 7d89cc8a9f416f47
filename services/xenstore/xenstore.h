/* SPDX-License-Identifier: MIT */
/* Xenstore service: the protocol logic as the service domain's main loop sees it. */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The logic knows nothing of rings or event channels. The main loop:
 *   - creates one store, and one connection per domain (xs_domain_introduce at
 *     boot, or the introduce hook when the toolstack sends INTRODUCE);
 *   - on every wake, for every connection: copies the request ring's unread
 *     bytes into xs_conn_input (advancing req_cons by what it took), then copies
 *     xs_conn_output into the response ring (as much as fits), and notifies;
 *   - repeats while some connection has output and room in its response ring
 *     (a connection stalled on a full output queue resumes taking input once
 *     its client has read), a bounded number of rounds per connection at a
 *     time (xs_turn.h), coming back to the ones with work left after the
 *     others.
 * A request from one domain may queue watch events on every other connection,
 * so after a batch the main must look at every connection's output, or use the
 * wake hook to learn which ones to look at.
 *
 * Everything is single-threaded. No hook may call back into the store.
 *
 * Policies where the protocol leaves a choice:
 *   - Permissions. Privileged callers may do anything. The owner (first
 *     entry) may read, write and set perms; a caller with a SET_TARGET target
 *     counts as that target too. Others get the union of the later entries
 *     naming them, else the first entry's letter. New nodes copy the perms of
 *     their nearest existing ancestor, with the creator as owner, unless it
 *     is privileged (then the owner stays). Only privileged callers may name
 *     a new owner (EPERM, as in Xen): giving a node away would charge
 *     another domain's quota.
 *   - Absence. A missing node is ENOENT only to callers that may read its
 *     nearest existing ancestor; to others EACCES, so probing reveals
 *     nothing. RM of a missing node whose parent exists is OK, as in Xen.
 *   - Watches. Events reach watchers that may read the changed node, with
 *     the perms it has once the change (or the transaction holding it) is
 *     committed. For a removal, the removed node's last perms decide for
 *     watches at or above it; a watch below it (which gets an event naming
 *     its own path) is judged by the perms its own node had, or the nearest
 *     existing ancestor's, so a backend allowed to read a frontend's node
 *     learns when the frontend's home goes. A token names one watch
 *     of a connection (EEXIST if reused), and is at most XS_PATH_MAX + 2
 *     bytes short of XS_PAYLOAD_MAX, so every event fits a message.
 *     @introduceDomain and @releaseDomain fire for privileged watchers only.
 *   - Transactions are optimistic: commit fails with EAGAIN if anything the
 *     transaction read (values, listings, absences) or overwrote changed.
 *     Events fire on commit only. Transactions do not nest (EBUSY).
 *     RESET_WATCHES ends the connection's open transactions too, as Xen's
 *     store does: a client starting over leaves nobody to end them.
 *   - Slow readers: see xs_conn_input and xs_conn_output.
 */

struct xs_store;
struct xs_conn;

/**
 * Resource limits. Per-domain ones bind unprivileged domains only, and
 * SET_QUOTA may change them for everyone or for one domain. When exceeded:
 *   nodes_per_domain        ENOSPC  nodes a domain owns (its quota is charged
 *                                   for every node whose owner it is)
 *   node_size               E2BIG   bytes of one value
 *   perms_per_node          ENOSPC  entries of one permission list
 *   watches_per_domain      ENOSPC  watches one connection holds
 *   transactions_per_domain ENOSPC  transactions one connection has open
 *   transaction_nodes       ENOSPC  nodes and events one transaction may touch
 *                                   (binds everyone)
 *   transaction_bytes       ENOSPC  bytes one transaction's view may hold: its
 *                                   copies of nodes (names, values, perms), their
 *                                   paths and its queued events (binds everyone;
 *                                   an unprivileged domain's open transactions
 *                                   also count against its domain_bytes)
 *   output_messages/bytes   -       queued replies and events of a connection:
 *                                   beyond them the connection takes no input
 *                                   and its watch events are dropped (see
 *                                   xs_conn_output)
 *   path_max                EINVAL  absolute path length, at most XS_PATH_MAX;
 *                                   whatever it is, a path is refused past
 *                                   XS_REL_PATH_MAX below /local/domain/<id>/
 *                                   (or past it in all, elsewhere), as Xen
 *                                   4.17's store does (binds everyone)
 *   nodes_total             ENOSPC  nodes in the whole store (binds everyone):
 *                                   with the sizes above it bounds memory
 *   domain_bytes            ENOSPC  bytes a domain makes the store hold: the
 *                                   nodes it owns (names, values, perms), its
 *                                   watches and its open transactions together
 *                                   (a commit is judged by every owner it
 *                                   charges). With a connection's fixed part
 *                                   (xs_limits_domain_worst) it bounds what one
 *                                   served domain costs the store's memory
 */
struct xs_limits {
	uint32_t nodes_per_domain;        /* default 1000 */
	uint32_t node_size;               /* default 2048, at most XS_PAYLOAD_MAX */
	uint32_t perms_per_node;          /* default 5 */
	uint32_t watches_per_domain;      /* default 128 */
	uint32_t transactions_per_domain; /* default 10 */
	uint32_t transaction_nodes;       /* default 1024 */
	uint32_t transaction_bytes;       /* default 262144 */
	uint32_t output_messages;         /* default 64 */
	uint32_t output_bytes;            /* default 65536 */
	uint32_t path_max;                /* default XS_PATH_MAX */
	uint32_t nodes_total;             /* default 20000 */
	uint32_t domain_bytes;            /* default 163840 */
};

/** Fills @limits with the defaults listed above. */
void xs_limits_default(struct xs_limits *limits);

/**
 * The most one unprivileged domain can make a store with @limits hold: its
 * byte quota, its connection and its queued output. The main loop's RAM
 * must hold this for every domain it may serve, with room to spare.
 */
uint64_t xs_limits_domain_worst(const struct xs_limits *limits);

/** What the logic asks of the main loop. Every member may be NULL. */
struct xs_hooks {
	/*
	 * A privileged client sent INTRODUCE, check_introduce (if any) agreed
	 * and @domid is not introduced yet: map @gfn of @domid as its ring page
	 * and bind @port. Return 0, or -errno (sent back to the client). On 0
	 * the logic creates the domain's connection; xs_domain_conn finds it,
	 * and that client alone may RELEASE it. NULL: INTRODUCE is refused
	 * (EPERM), the main loop alone introducing the domains it serves.
	 */
	int (*introduce)(void *ctx, uint16_t domid, uint64_t gfn, uint32_t port);
	/*
	 * A privileged client sent RELEASE: unmap and unbind @domid's ring and
	 * forget every pointer to its connection, which is freed right after
	 * this returns. Also called when the connection could not be made after
	 * introduce succeeded.
	 */
	void (*release)(void *ctx, uint16_t domid);
	/* @domid's connection had no output and now has some. */
	void (*wake)(void *ctx, uint16_t domid);
	/*
	 * Before anything else of an INTRODUCE from @caller: whether @caller
	 * may introduce @domid with that ring. Return 0, or -errno sent back
	 * (EPERM: not its controller; EINVAL: not its ring page or port;
	 * ENOENT: no such live domain). Asked before the already-introduced
	 * check, so a stranger's answer does not depend on timing. NULL: every
	 * privileged client may.
	 */
	int (*check_introduce)(void *ctx, uint16_t caller, uint16_t domid, uint64_t gfn,
			       uint32_t port);
};

/**
 * Creates a store holding "/", "/local", "/local/domain" and "/tool", owned
 * by @store_domid with no access for others. @limits NULL means the defaults;
 * fields out of range are clamped. Returns NULL when out of memory.
 */
struct xs_store *xs_store_create(const struct xs_limits *limits, uint16_t store_domid,
				 const struct xs_hooks *hooks, void *ctx);

/** Frees the store, every connection and every node. No hook is called. */
void xs_store_destroy(struct xs_store *store);

/**
 * Checks the store's internal invariants (tree links, node counts, each
 * domain's charged nodes, queue bounds). Returns 0, or -EIO if one is broken:
 * that is a bug of ours, never a client's doing.
 */
int xs_store_check(const struct xs_store *store);

/** Nodes in the store. */
uint32_t xs_store_node_count(const struct xs_store *store);

/**
 * Creates @domid's connection, creates /local/domain/<domid> owned by the
 * store's own domain and readable by @domid (when it already exists, as the
 * toolstack or xs_home_write may have prepared it, it is left as it is),
 * and fires @introduceDomain.
 * Returns NULL if @domid is invalid (above 0x7fef), already introduced, or
 * memory runs out (then nothing changed). The caller alone releases it
 * (xs_domain_release): a RELEASE request for it is refused (EPERM), so the
 * connection lives as long as the caller serves it.
 */
struct xs_conn *xs_domain_introduce(struct xs_store *store, uint16_t domid);

/* Longest name xs_home_write takes, with its NUL; most vCPUs it describes. */
#define XS_HOME_NAME_MAX 64u
#define XS_HOME_VCPUS_MAX 128u

/** What a toolstack tells the store of a domain, for xs_home_write. */
struct xs_home {
	uint16_t domid;
	uint16_t owner;      /* its controller, or the store's own domain; not @domid */
	const char *name;    /* NUL-terminated, shorter than XS_HOME_NAME_MAX */
	uint16_t vcpu_count; /* at most XS_HOME_VCPUS_MAX */
	uint64_t memory_kib; /* memory/target and memory/static-max; 0: unknown, not written */
};

/**
 * Writes libxl's layout of @home->domid's home, as a toolstack does before
 * it introduces a domain. Owned by @home->owner and only readable by the
 * domain: the home, name, domid, cpu/I/availability, memory/target and
 * memory/static-max, and the directories cpu, memory, device, control.
 * Owned by the domain (no access for others): data, drivers, feature, attr,
 * error, control/shutdown, control/feature-poweroff, -reboot, -suspend,
 * control/sysrq and device/suspend/event-channel. Nodes that exist get
 * these perms (and values); others are left alone. No vm entry: the store
 * knows no UUID. One commit, with its watch events: 0, -EINVAL for a bad
 * @home, -ENOSPC past a store-wide limit, -ENOMEM (then nothing changed).
 */
int xs_home_write(struct xs_store *store, const struct xs_home *home);

/**
 * Forgets @domid: frees its connection (watches, open transactions, queued
 * output; the pointer becomes invalid), removes /local/domain/<domid> and
 * everything below (as Xen's toolstack does when a domain dies; here the
 * store does it, so a dead domain's tree never lingers), gives the nodes it
 * owns elsewhere to the store's own domain and takes the entries naming it
 * out of every permission list (so the next domain with its id inherits
 * nothing), clears its privilege, target and quota overrides, and fires
 * @releaseDomain.
 * Returns 0, -ENOENT if it was not introduced, or -ENOMEM if the directory
 * could not be removed (the connection is gone all the same).
 */
int xs_domain_release(struct xs_store *store, uint16_t domid);

/**
 * Privileged domains (the toolstack) pass every permission check, are exempt
 * from per-domain quotas, and may send INTRODUCE, RELEASE, RESUME,
 * SET_TARGET, SET_FEATURE, GET_QUOTA, SET_QUOTA and CONTROL.
 * Returns 0 or -ENOMEM (or -EINVAL for an invalid domid).
 */
int xs_domain_set_privileged(struct xs_store *store, uint16_t domid, bool privileged);

/** Whether @domid has a connection. */
bool xs_domain_introduced(const struct xs_store *store, uint16_t domid);

/** @domid's connection, or NULL. */
struct xs_conn *xs_domain_conn(const struct xs_store *store, uint16_t domid);

/** The domain a connection serves. */
uint16_t xs_conn_domid(const struct xs_conn *conn);

/**
 * Feeds @len bytes from @conn's request ring and handles every message they
 * complete. Returns how many bytes it took: fewer than @len when @conn's
 * output queue reached its limit (leave the rest in the ring and offer it
 * again once the client has read), 0 once the connection is broken.
 * A header announcing more than XS_PAYLOAD_MAX bytes breaks the connection:
 * it takes no further input (queued output may still be read). A request is
 * taken only with room for its reply set aside, so a reply never fails: when
 * the store is short of memory the request waits in the ring instead.
 */
size_t xs_conn_input(struct xs_conn *conn, const void *bytes, size_t len);

/**
 * Moves up to @max queued bytes (replies and watch events, whole messages in
 * order; a message may be split across calls) into @buf. Returns the count.
 * Watch events meant for a connection whose queue is full are dropped; the
 * watch is marked, and once the queue has room again the client gets one
 * event for the watched path itself, telling it to look again.
 */
size_t xs_conn_output(struct xs_conn *conn, void *buf, size_t max);

/** Whether xs_conn_output has bytes to give. */
bool xs_conn_has_output(const struct xs_conn *conn);

/** Whether the connection broke its framing and takes no more input. */
bool xs_conn_broken(const struct xs_conn *conn);

#endif
