/* SPDX-License-Identifier: MIT */
/* blkback's xenbus side: following its vbd backend directories and each device's state. */
#ifndef BLKBACK_BACKEND_H
#define BLKBACK_BACKEND_H

#include <abi/xenbus_state.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blk_conn.h"
#include "blk_disk.h"
#include "vbd.h"

/*
 * blkback serves the devices the toolstack writes under its own home,
 *   /local/domain/<own>/backend/vbd/<frontend-id>/<devid>
 * (params, mode, device-type, frontend, frontend-id, online, state), and
 * follows them by a watch on backend/vbd: a new directory is taken on, a
 * removed one dropped. Per device it runs the xenbus backend state machine
 * as Linux's blkback does with Linux's xen-blkfront (abi/xenbus_state.h):
 *
 *   taken on      once the toolstack has written frontend, frontend-id,
 *                 params, mode and device-type (it writes one key at a
 *                 time): check frontend/frontend-id, parse params
 *                 (vbd_target.h) and mode, write the keys blkfront reads
 *                 (sectors, sector-size, info, features...), -> InitWait
 *   frontend Initialised/Connected (we are InitWait)
 *                 read its rings and ports, write the discard keys (the
 *                 toolstack's discard-enable may come late; blkfront reads
 *                 them once we are Connected), blk_conn_start, -> Connected
 *   frontend Closing        stop the connection, -> Closing -> Closed
 *   frontend Closed         stop, -> Closed
 *   frontend Initialising (we are Closed)   -> InitWait (it reconnects)
 *   frontend gone (no state node)           stop, -> Closed
 *   online 0 and state Closing (the toolstack detaches)   stop, -> Closed
 *   the engine's broken callback            -> Closing -> Closed, error
 *
 * Every refusal writes the backend's `error` node ("<errno> <message>", as
 * Linux's xenbus_dev_fatal does) and logs one line naming the frontend
 * domain and devid. A device whose configuration is wrong (its frontend
 * path, params, mode) stays Closed until it is removed; one whose frontend
 * broke the protocol may connect again when the frontend comes back to
 * Initialising. The store is hostile too: every id in a path and every value
 * is parsed strictly and bounded; a state is written only while the
 * device's directory exists (checked in the same transaction), so a
 * directory the toolstack removed is never made again.
 *
 * Locking: none. Everything runs in thread context from the library OS's
 * loop (watch callbacks and the engine's broken callback), which never
 * nests callbacks.
 */

/** Devices served at once; each takes one watch (on its frontend's state). */
#define BACKEND_DEVICES_MAX 16

/** Longest store path the backend builds or accepts, with its NUL. */
#define BACKEND_PATH_MAX 128

/** Segments per indirect request advertised (feature-max-indirect-segments). */
#define BACKEND_INDIRECT_SEGMENTS 256

/** Called for each event of a watch: the path that changed and the watch's token. */
typedef void (*backend_watch_fn)(const char *path, const char *token, void *arg);

/**
 * How the backend reaches the store: the signatures of libos/xenbus.h, so
 * main.c fills it with xenbus_read, xenbus_write, ... Each returns what the
 * xenbus call would: >= 0 on success (a length or a count), or -XEN_E*
 * (-XEN_ENOENT for a missing node, -XEN_EAGAIN from a commit to retry).
 * tx is 0 outside a transaction. directory writes the children's names,
 * each NUL-terminated, and returns how many. A watch's fn runs later, from
 * the caller's loop, never inside one of these calls; once unwatch returns
 * it is not called again. The backend's watch tokens are "backend/vbd" and
 * "vbd/<frontend-id>/<devid>" (1 + BACKEND_DEVICES_MAX watches at most).
 */
struct backend_store {
	long (*read)(uint32_t tx, const char *path, char *buf, size_t size);
	long (*write)(uint32_t tx, const char *path, const char *value);
	long (*directory)(uint32_t tx, const char *path, char *names, size_t size);
	long (*watch)(const char *path, const char *token, backend_watch_fn fn, void *arg);
	long (*unwatch)(const char *path, const char *token);
	long (*transaction_start)(uint32_t *tx);
	long (*transaction_end)(uint32_t tx, bool commit);
	/** One log line (no newline), e.g. printed with a "blkback: " prefix. */
	void (*log)(const char *line);
};

struct backend;

/** One served device; its fields are the backend's. */
struct backend_device {
	struct backend *owner;
	bool used;
	uint16_t frontend_id;
	uint32_t devid;
	char back[BACKEND_PATH_MAX];  /* our directory */
	char front[BACKEND_PATH_MAX]; /* the frontend's, as it must be */
	char token[32];               /* of the watch on the frontend's state */
	bool watching;                /* that watch is set */
	bool dead;                    /* wrong configuration: stays Closed until removed */
	bool detached;                /* the toolstack took it away: stays Closed */
	unsigned int state;           /* what we last wrote to our state node */
	struct vbd vbd;
	struct blk_conn *conn; /* while connected */
};

/** blkback's xenbus side; the caller places it (static) and start fills it. */
struct backend {
	const struct backend_store *store;
	const struct blk_disks *disks;
	uint16_t own_id;
	bool watching;
	char root[BACKEND_PATH_MAX]; /* /local/domain/<own>/backend/vbd */
	struct backend_device devices[BACKEND_DEVICES_MAX];
};

/**
 * Start following /local/domain/<own_id>/backend/vbd: set the watch, whose
 * first event (from the caller's loop) takes on the devices already there.
 * store and disks must outlive b. Returns 0, -XEN_EINVAL for an own_id that
 * is no domain's, or the watch's error.
 */
int backend_start(struct backend *b, const struct backend_store *store,
		  const struct blk_disks *disks, uint16_t own_id);

/**
 * Stop following: remove the watches, stop every connection, and tell each
 * frontend (Closed) while its directory is there. Nothing of b is used
 * afterwards.
 */
void backend_stop(struct backend *b);

/** How many connections are running (for tests and diagnostics). */
unsigned int backend_connections(const struct backend *b);

#endif
