/* SPDX-License-Identifier: MIT */
/* A xenstore client over the domain's store ring (abi/xs_wire.h): requests, watches, transactions.
 */
#ifndef LIBOS_XENBUS_H
#define LIBOS_XENBUS_H

#include <abi/errno.h>
#include <abi/xen.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Set-up: the loop's preconditions (loop.h: GIC, timer, evtchn_init, IRQs
 * unmasked), then xenbus_init. Every request is synchronous: written to
 * the request ring (in pieces as the store makes room, for messages larger
 * than the ring), then the caller sleeps in loop_run_until until the reply
 * with its req_id comes, or the timeout (xenbus_set_timeout_ms, 5 s by
 * default) passes. Call from thread context on the boot vCPU only, one
 * request at a time (a nested call gets -XEN_EBUSY).
 *
 * Watch events that arrive meanwhile are queued (XENBUS_EVENT_QUEUE of
 * them) and their callbacks run from the loop's dispatch (loop_run,
 * loop_run_once, loop_serve_until), in thread context, with the event's
 * path and token. A callback may make requests. Events beyond the queue
 * are dropped and counted, but never lost to their watcher: once the queue
 * has drained, each watch that lost some gets one event on the path it
 * watches (as its first event is), so it looks again at everything below.
 *
 * The store is not trusted: every index it writes is checked, every message
 * copied out of the ring before it is parsed, every length bounded. A ring
 * the store broke (indexes out of range, a header announcing more than
 * XS_PAYLOAD_MAX bytes, its error field set) or a request left half-written
 * by a timeout makes the connection unusable: every later request returns
 * -XEN_EIO.
 *
 * Returns: 0 or a count on success; the store's error replies by name
 * (ENOENT -> -XEN_ENOENT, EACCES, EAGAIN, E2BIG, ...; names without a
 * number here -> -XEN_EIO); -XEN_EIO for a broken connection, a reply that
 * does not parse, or no reply before the timeout; -XEN_ERANGE when a reply
 * does not fit the caller's buffer; -XEN_E2BIG or -XEN_EINVAL for a request
 * refused before sending (too long, bad argument); -XEN_ENODEV before
 * xenbus_init succeeded.
 */

/* Error numbers of store replies that abi/errno.h does not define (Xen's values). */
#ifndef XEN_EISDIR
#define XEN_EISDIR 21
#endif
#ifndef XEN_EROFS
#define XEN_EROFS 30
#endif
#ifndef XEN_ENOTEMPTY
#define XEN_ENOTEMPTY 39
#endif
#ifndef XEN_EISCONN
#define XEN_EISCONN 106
#endif

/** Transaction id of requests outside any transaction. */
#define XENBUS_TX_NONE 0u

/** Watch events queued while no dispatch runs; more are dropped. */
#define XENBUS_EVENT_QUEUE 16

/** Watches (with callbacks) this client keeps at once. */
#define XENBUS_MAX_WATCHES 32

/** Longest watched path kept for the event that stands for dropped ones (longer: ""). */
#define XENBUS_WATCH_PATH_MAX 255

/** Longest watch token, without its NUL. */
#define XENBUS_TOKEN_MAX 63

/** Called in thread context for each event of a watch: the path that changed and the token. */
typedef void (*xenbus_watch_fn)(const char *path, const char *token, void *arg);

/** One entry of a node's permission list: the domain and XS_PERM_NONE/READ/WRITE/BOTH. */
struct xenbus_perm {
	domid_t domid;
	char access;
};

/** What the client dropped or ignored, for tests and diagnostics. */
struct xenbus_stats {
	uint64_t events_dropped;  /* watch events a full queue dropped (each watch that lost some
				   * got one event on its own path instead) */
	uint64_t events_unknown;  /* watch events of no watch of ours, or malformed */
	uint64_t replies_ignored; /* replies to no request we wait for (late, after a timeout) */
};

/**
 * Connect to the store ring the HVM params name (HVM_PARAM_STORE_PFN,
 * HVM_PARAM_STORE_EVTCHN) and register its port with the loop. Returns 0;
 * -XEN_ENODEV when the domain has no store (either param 0); -XEN_EINVAL
 * for a ring page outside the Normal memory of the stage-1 map
 * (libos/memmap.h); the error of hvm_param_get or loop_port_add. A second
 * call after success returns 0.
 */
long xenbus_init(void);

/** Whether xenbus_init succeeded and the connection has not broken since. */
bool xenbus_connected(void);

/** How long a request may take, from its first byte to its reply (0: 5 s). */
void xenbus_set_timeout_ms(unsigned int ms);

/**
 * Send one message of any type (tests use this for requests the typed calls
 * below refuse) and wait for its reply. The payload (len <= XS_PAYLOAD_MAX)
 * is sent as given. On a reply of type type, copies its payload to reply
 * (reply_size bytes; may be NULL when 0) and returns its length; an XS_ERROR
 * reply returns its error number; a reply of any other type -XEN_EIO.
 */
long xenbus_request(uint32_t type, uint32_t tx, const void *payload, size_t len, void *reply,
		    size_t reply_size);

/** Read path's value into buf, NUL-terminated; returns its length (without the NUL). */
long xenbus_read(uint32_t tx, const char *path, char *buf, size_t size);

/** Write the string value to path (parents are created). */
long xenbus_write(uint32_t tx, const char *path, const char *value);

/** Write len raw bytes to path. */
long xenbus_write_bytes(uint32_t tx, const char *path, const void *value, size_t len);

/** Create path (and its parents) with an empty value; fine if it exists. */
long xenbus_mkdir(uint32_t tx, const char *path);

/** Remove path and everything below it. */
long xenbus_rm(uint32_t tx, const char *path);

/**
 * The names of path's children, each NUL-terminated, one after another in
 * names (size bytes). Returns how many (0 for a childless node).
 */
long xenbus_directory(uint32_t tx, const char *path, char *names, size_t size);

/** path's permissions, owner first, into perms (max entries); returns how many. */
long xenbus_get_perms(uint32_t tx, const char *path, struct xenbus_perm *perms, unsigned int max);

/** Replace path's permissions by count entries (count >= 1; the first names the owner). */
long xenbus_set_perms(uint32_t tx, const char *path, const struct xenbus_perm *perms,
		      unsigned int count);

/**
 * Watch path (absolute, or relative to the domain's home, whose events then
 * carry relative paths) under token, unique among this client's watches:
 * fn(path, token, arg) runs for the event the store sends at once and for
 * each change at or below path. Returns 0, -XEN_EEXIST for a token in use,
 * -XEN_ENOSPC when XENBUS_MAX_WATCHES are set, or the store's error.
 */
long xenbus_watch(const char *path, const char *token, xenbus_watch_fn fn, void *arg);

/** Remove the watch; no callback of it runs after this returns, whatever the store says. */
long xenbus_unwatch(const char *path, const char *token);

/** Start a transaction; *tx is its id (non-zero) for the calls above. */
long xenbus_transaction_start(uint32_t *tx);

/** Commit (commit true) or abort tx. A commit the store refuses returns -XEN_EAGAIN: retry. */
long xenbus_transaction_end(uint32_t tx, bool commit);

/** The home path of domid ("/local/domain/<domid>") into buf, NUL-terminated; its length. */
long xenbus_get_domain_path(domid_t domid, char *buf, size_t size);

/** Copy the client's counters of what it dropped. */
void xenbus_get_stats(struct xenbus_stats *out);

/**
 * FOR TESTS ONLY: write len (<= 65536) arbitrary bytes (a malformed header,
 * half a message) straight into the request ring and notify, waiting for
 * room within the timeout; nothing waits for a reply. The client cannot
 * know what the store makes of them: later requests go on as usual, and
 * fail with -XEN_EIO if the store has closed the connection (its error
 * field set, or no reply before the timeout). Returns 0, -XEN_EIO (ring
 * broken, or no room before the timeout), -XEN_E2BIG, -XEN_ENODEV.
 */
long xenbus_test_ring_write(const void *bytes, size_t len);

#endif
