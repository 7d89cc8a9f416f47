/* SPDX-License-Identifier: MIT */
/* blkback's xenbus side: the vbd class of the library OS's xenbus backend machine. */
#ifndef BLKBACK_BACKEND_H
#define BLKBACK_BACKEND_H

#include <libos/xenbus_backend.h>
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
 * runs the xenbus backend state machine of libos/xenbus_backend.h on each.
 * What the vbd class adds to it:
 *
 *   taken on      once the toolstack has also written params, mode and
 *                 device-type (its last): parse params (vbd_target.h) and
 *                 mode, write the keys blkfront reads (sectors, sector-size,
 *                 info, features...), -> InitWait
 *   frontend Initialised/Connected (we are InitWait)
 *                 read its rings and ports (backend_front.h), write the
 *                 discard keys (the toolstack's discard-enable may come
 *                 late; blkfront reads them once we are Connected),
 *                 blk_conn_start, -> Connected
 *   the engine's broken callback            -> Closing -> Closed, error
 *
 * A device whose params or mode is wrong stays Closed until it is removed,
 * with the error node written and one log line ("vbd <fe>/<devid>: ...").
 *
 * Locking: none (as the machine's: thread context, one callback at a time).
 */

/** Segments per indirect request advertised (feature-max-indirect-segments). */
#define BACKEND_INDIRECT_SEGMENTS 256

/** What blkback keeps of one device beside the machine's (by the device's slot). */
struct backend_vbd {
	struct vbd vbd;
	struct blk_conn *conn; /* while connected */
};

/** blkback's xenbus side; the caller places it (static) and start fills it. */
struct backend {
	struct xenbus_backend machine;
	const struct blk_disks *disks;
	struct backend_vbd vbds[XENBUS_BACKEND_DEVICES_MAX];
};

/**
 * Start following /local/domain/<own_id>/backend/vbd: set the watch, whose
 * first event (from the caller's loop) takes on the devices already there.
 * store and disks must outlive b. Returns 0, -XEN_EINVAL for an own_id that
 * is no domain's, or the watch's error.
 */
int backend_start(struct backend *b, const struct xenbus_backend_store *store,
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
