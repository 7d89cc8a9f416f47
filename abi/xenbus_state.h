/* SPDX-License-Identifier: MIT */
/* The xenbus device states a frontend and its backend write to their `state` nodes. */
#ifndef ABI_XENBUS_STATE_H
#define ABI_XENBUS_STATE_H

/*
 * Each side of a split device (a frontend under /local/domain/<fe>/device/,
 * a backend under /local/domain/<be>/backend/) writes its own state to the
 * `state` node of its directory, as a decimal number, and watches the other
 * side's. A device connects as:
 *
 *   backend  Initialising -> InitWait      (its features are written)
 *   frontend Initialising -> Initialised   (its rings and ports are written)
 *   backend  InitWait     -> Connected     (it serves the rings)
 *   frontend Initialised  -> Connected
 *
 * and disconnects through Closing to Closed; a frontend back at
 * Initialising after Closed asks to connect again. The toolstack writes the
 * backend's Initialising when it makes the device, and Closing (with
 * `online` 0) when it takes it away. Every value read from the other side is
 * checked: anything but these numbers is a broken peer.
 */
#define XENBUS_STATE_UNKNOWN 0       /* no state node, or not yet read */
#define XENBUS_STATE_INITIALISING 1  /* made; setting up */
#define XENBUS_STATE_INIT_WAIT 2     /* backend: features written, waiting for the frontend */
#define XENBUS_STATE_INITIALISED 3   /* frontend: rings and ports written */
#define XENBUS_STATE_CONNECTED 4     /* serving */
#define XENBUS_STATE_CLOSING 5       /* going down (an error, a detach, a shutdown) */
#define XENBUS_STATE_CLOSED 6        /* down; nothing of the connection is left */
#define XENBUS_STATE_RECONFIGURING 7 /* changing its configuration (not used by blkif) */
#define XENBUS_STATE_RECONFIGURED 8  /* done changing it (not used by blkif) */

#endif
