// SPDX-License-Identifier: MIT
/* A back end's event channels to its frontends (backend_port.h). */
#include <abi/errno.h>
#include <libos/backend_port.h>
#include <libos/evtchn.h>
#include <libos/loop.h>
#include <stddef.h>
#include <stdlib.h>

/* Which connection a bound port calls: one record a port, from the heap, listed while bound. */
struct bound_port {
	evtchn_port_t port;
	backend_port_fn fn;
	void *arg;
	struct bound_port *next;
};
static struct bound_port *bound;

/* The record of port, unlinked from the list; NULL if port is not ours. */
static struct bound_port *unlink_port(evtchn_port_t port)
{
	for (struct bound_port **at = &bound; *at != NULL; at = &(*at)->next) {
		struct bound_port *b = *at;

		if (b->port == port) {
			*at = b->next;
			return b;
		}
	}
	return NULL;
}

/* The loop's callback: the loop stops calling it before the record is freed (unbind). */
static void fired(evtchn_port_t port, void *arg)
{
	struct bound_port *b = arg;

	(void)port;
	b->fn(b->arg);
}

long backend_port_bind(domid_t domid, evtchn_port_t remote_port, backend_port_fn fn, void *arg,
		       evtchn_port_t *port)
{
	struct bound_port *b = malloc(sizeof(*b));
	long rc;

	if (b == NULL) {
		return -XEN_ENOMEM;
	}
	rc = evtchn_bind_interdomain(domid, remote_port, NULL, NULL, port);
	if (rc != 0) {
		free(b);
		return rc;
	}
	*b = (struct bound_port){ *port, fn, arg, bound };
	rc = loop_port_add(*port, fired, b);
	if (rc != 0) {
		(void)evtchn_close(*port);
		free(b);
		return rc;
	}
	bound = b;
	return 0;
}

void backend_port_unbind(evtchn_port_t port)
{
	struct bound_port *b = unlink_port(port);

	(void)loop_port_remove(port);
	(void)evtchn_close(port);
	free(b);
}

void backend_port_notify(evtchn_port_t port)
{
	(void)evtchn_send(port);
}
