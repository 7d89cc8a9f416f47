/* SPDX-License-Identifier: MIT */
/* What the xenstore client's three parts share: transport, requests and operations. */
#ifndef LIBOS_XENBUS_INTERNAL_H
#define LIBOS_XENBUS_INTERNAL_H

#include <abi/event_channel.h>
#include <libos/xenbus.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The client (libos/xenbus.h) in three layers, each over the one below:
 *   xenbus_transport.c  the store ring and its event channel: bytes in and
 *                       out through the byte-ring helper, the error field,
 *                       notifications; a broken ring stays broken;
 *   xenbus_request.c    messages: framing, request ids, waiting for the
 *                       reply, watch events queued and delivered, set-up;
 *   xenbus.c            the operations: read, write, directory, perms,
 *                       watches, transactions, each one request.
 * Locking: none; thread context on the boot vCPU only (libos/xenbus.h).
 */

/* ---- Transport (xenbus_transport.c) ---- */

/**
 * Take up the store ring at guest frame pfn with our end of its event
 * channel, our indexes where the page says. -XEN_EINVAL for a page outside
 * Normal memory (libos/memmap.h), where plain copies would fault.
 */
long xenbus_transport_attach(uint64_t pfn, evtchn_port_t port);

/** Our end of the ring's event channel. */
evtchn_port_t xenbus_transport_port(void);

/**
 * Copy up to len bytes into the request ring, publish them and notify.
 * Returns how many (0: full), or -XEN_EIO once the ring is broken.
 */
long xenbus_transport_put(const void *bytes, uint32_t len);

/**
 * Take up to max bytes the store produced, give their space back and
 * notify. Returns how many (0: none), or -XEN_EIO once the ring is broken
 * (indexes out of range, or the store set the error field).
 */
long xenbus_transport_take(void *buf, uint32_t max);

/** Whether the request ring has room; true too for a broken ring, so a waiter finds out. */
bool xenbus_transport_has_room(void);

/** Notify the store again (it may have bound its port after our first notification). */
void xenbus_transport_notify(void);

/** Mark the connection broken for good (lost framing, half a message). Returns -XEN_EIO. */
long xenbus_transport_break(void);

/** Whether the connection broke. */
bool xenbus_transport_broken(void);

/* ---- Watch slots (xenbus_request.c) ---- */

/** A watch with a callback; fn is NULL for a free slot. */
struct xenbus_watch_slot {
	xenbus_watch_fn fn;
	void *arg;
	char token[XENBUS_TOKEN_MAX + 1];
	/* The watched path, for the event that stands for those a full queue dropped ("" if it
	 * is longer than this). */
	char path[XENBUS_WATCH_PATH_MAX + 1];
	bool missed; /* an event of this watch was dropped since its last delivery */
};

/** The watch registered under token, or NULL. */
struct xenbus_watch_slot *xenbus_watch_find(const char *token);

/** A free watch slot, or NULL when all XENBUS_MAX_WATCHES are taken. */
struct xenbus_watch_slot *xenbus_watch_free_slot(void);

#endif
