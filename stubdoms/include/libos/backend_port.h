/* SPDX-License-Identifier: MIT */
/* A back end's event channels to its frontends, each calling its connection from the loop. */
#ifndef LIBOS_BACKEND_PORT_H
#define LIBOS_BACKEND_PORT_H

#include <abi/event_channel.h>
#include <abi/xen.h>

/*
 * A back end's request engine is plain C that also runs on the host, so it
 * knows its ports' callbacks as fn(arg) and nothing of the loop. These bind
 * a frontend's port and keep, per port, which connection to call; the loop
 * (loop.h) calls it in thread context whenever the port fires or is raised
 * (loop_port_raise). As many ports as the heap has room for: each costs a
 * small record here and a slot in the loop.
 *
 * Locking: none; thread context on the boot vCPU, as the loop.
 */

/** A connection's callback for its port. */
typedef void (*backend_port_fn)(void *arg);

/**
 * Bind an interdomain event channel to domid's remote_port and have fn(arg)
 * called from the loop whenever it fires. Returns 0 with *port our end;
 * -XEN_ENOMEM when the heap has no room for its record; the bind's or the
 * loop's error
 * (nothing is left bound then).
 */
long backend_port_bind(domid_t domid, evtchn_port_t remote_port, backend_port_fn fn, void *arg,
		       evtchn_port_t *port);

/** Close our end: fn is never called for it after this returns. */
void backend_port_unbind(evtchn_port_t port);

/** Send an event to the frontend at the other end. */
void backend_port_notify(evtchn_port_t port);

#endif
