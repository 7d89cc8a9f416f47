// SPDX-License-Identifier: MIT
/* A back end's event channels to its frontends (backend_port.h). */
#include <abi/errno.h>
#include <libos/backend_port.h>
#include <libos/evtchn.h>
#include <libos/loop.h>
#include <stddef.h>

/* Which connection each bound port calls; a free slot has no fn. */
struct bound_port {
	evtchn_port_t port;
	backend_port_fn fn;
	void *arg;
};
static struct bound_port bound[LOOP_MAX_PORTS];

static struct bound_port *slot_of(evtchn_port_t port)
{
	for (unsigned int i = 0; i < LOOP_MAX_PORTS; i++) {
		if (bound[i].fn != NULL && bound[i].port == port) {
			return &bound[i];
		}
	}
	return NULL;
}

static struct bound_port *free_slot(void)
{
	for (unsigned int i = 0; i < LOOP_MAX_PORTS; i++) {
		if (bound[i].fn == NULL) {
			return &bound[i];
		}
	}
	return NULL;
}

/* The loop's callback: the slot may have been let go and taken again since the event. */
static void fired(evtchn_port_t port, void *arg)
{
	struct bound_port *b = arg;

	if (b->fn != NULL && b->port == port) {
		b->fn(b->arg);
	}
}

long backend_port_bind(domid_t domid, evtchn_port_t remote_port, backend_port_fn fn, void *arg,
		       evtchn_port_t *port)
{
	struct bound_port *b = free_slot();
	long rc;

	if (b == NULL) {
		return -XEN_ENOSPC;
	}
	rc = evtchn_bind_interdomain(domid, remote_port, NULL, NULL, port);
	if (rc != 0) {
		return rc;
	}
	*b = (struct bound_port){ *port, fn, arg };
	rc = loop_port_add(*port, fired, b);
	if (rc != 0) {
		*b = (struct bound_port){ 0 };
		(void)evtchn_close(*port);
	}
	return rc;
}

void backend_port_unbind(evtchn_port_t port)
{
	struct bound_port *b = slot_of(port);

	(void)loop_port_remove(port);
	(void)evtchn_close(port);
	if (b != NULL) {
		*b = (struct bound_port){ 0 };
	}
}

void backend_port_notify(evtchn_port_t port)
{
	(void)evtchn_send(port);
}
