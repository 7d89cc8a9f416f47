/* SPDX-License-Identifier: MIT */
/* netback's xenbus side: the vif class of the library OS's xenbus backend machine. */
#ifndef NETBACK_VIF_BACKEND_H
#define NETBACK_VIF_BACKEND_H

#include <libos/xenbus_backend.h>
#include <stdint.h>

#include "vif_conn.h"

/*
 * netback serves the VIFs the toolstack writes under its own home,
 *   /local/domain/<own>/backend/vif/<frontend-id>/<handle>
 * (frontend, frontend-id, online, state, handle, mac, type, bridge, and
 * optionally ip, rate, rules: vif_backend_config.h), and runs the xenbus
 * backend state machine of libos/xenbus_backend.h on each. What the vif
 * class adds to it:
 *
 *   taken on      once the toolstack has also written handle, mac and
 *                 bridge: check handle and mac (and ip, rate, rules if
 *                 already there), write the keys xen-netfront reads
 *                 (feature-rx-copy 1, feature-rx-flip 0, feature-sg,
 *                 feature-gso-tcpv4/6, feature-ipv6-csum-offload,
 *                 feature-rx-notify, feature-split-event-channels,
 *                 multi-queue-max-queues), -> InitWait
 *   frontend Connected (netfront writes its keys from Initialising and goes
 *                 straight there) or Initialised, we being InitWait:
 *                 read the configuration again (ip, rate and rules are
 *                 written after the rest, as Linux reads rate at connect),
 *                 read the frontend's rings, ports and features
 *                 (vif_front.h), vif_conn_start, -> Connected
 *   the engine's broken callback            -> Closing -> Closed, error
 *
 * A VIF whose configuration is wrong stays Closed until it is removed, with
 * the error node written and one log line ("vif <fe>/<handle>: ...").
 *
 * Locking: none (as the machine's: thread context, one callback at a time).
 */

/** What netback keeps of one VIF beside the machine's (by the device's slot). */
struct vif_backend_vif {
	struct vif_conn *conn; /* while connected */
};

/** netback's xenbus side; the caller places it (static) and start fills it. */
struct vif_backend {
	struct xenbus_backend machine;
	struct vif_backend_vif vifs[XENBUS_BACKEND_DEVICES_MAX];
	struct vif_conn_params params; /* scratch of take-on and connect (too big for a stack) */
};

/**
 * Start following /local/domain/<own_id>/backend/vif: set the watch, whose
 * first event (from the caller's loop) takes on the VIFs already there.
 * store must outlive b. Returns 0, -XEN_EINVAL for an own_id that is no
 * domain's, or the watch's error.
 */
int vif_backend_start(struct vif_backend *b, const struct xenbus_backend_store *store,
		      uint16_t own_id);

/**
 * Stop following: remove the watches, stop every connection, and tell each
 * frontend (Closed) while its directory is there. Nothing of b is used
 * afterwards.
 */
void vif_backend_stop(struct vif_backend *b);

/** How many connections are running (for tests and diagnostics). */
unsigned int vif_backend_connections(const struct vif_backend *b);

#endif
