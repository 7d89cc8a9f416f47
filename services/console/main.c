// SPDX-License-Identifier: MIT
/*
 * The console domain: the console service (console.h) on the library OS's
 * service skeleton (service.h), which follows the domains it serves. It
 * writes the serial line through console_io (untagged: it holds the console
 * right, and tags each domain's lines itself, all but the input holder's)
 * and polls the serial input
 * with CONSOLEIO_read every CONSOLE_INPUT_POLL_NS.
 */
#include <abi/console_io.h>
#include <abi/console_ring.h>
#include <libos/console.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/hypercall.h>
#include <libos/loop.h>
#include <libos/service.h>

#include "console.h"

#define CONSOLE_INPUT_POLL_NS 20000000ull /* 20 ms: typing feels immediate */
#define POLL_ROUNDS 8                     /* per wake-up, before other work gets a turn */

static struct console_service service;
static struct loop_timer tick;

static void serial_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)console_write(buf, len);
}

static void notify(void *ctx, uint16_t domid)
{
	struct peer *p = service_peer(domid);

	(void)ctx;
	if (p) {
		(void)evtchn_send(p->port);
	}
}

/* Output rounds until the rings are empty or POLL_ROUNDS are done; the tick does the rest. */
static void drain(void)
{
	for (int i = 0; i < POLL_ROUNDS; i++) {
		if (!console_service_poll(&service, counter_ns())) {
			return;
		}
	}
}

static void on_ring_event(struct peer *p)
{
	(void)p;
	drain();
}

static void read_serial(void)
{
	char buf[128];
	long n;

	while ((n = hypercall_console_io(CONSOLEIO_read, sizeof(buf), buf)) > 0) {
		console_input(&service, buf, (size_t)n, counter_ns());
	}
}

static void on_tick(struct loop_timer *timer, void *arg)
{
	(void)timer;
	(void)arg;
	read_serial();
	drain();
}

static int attach(struct peer *p)
{
	return console_service_add(&service, p->domid, p->name, p->rights,
				   (volatile struct console_ring *)p->ring);
}

/* A domain that is going away may still have lines in its ring: they are written out first. */
static void detach(struct peer *p)
{
	drain();
	(void)console_service_remove(&service, p->domid);
}

static int start(unsigned int limit)
{
	const struct console_ops ops = { .serial_write = serial_write, .notify = notify };

	console_service_init(&service, &ops, limit);
	loop_timer_init(&tick, on_tick, NULL);
	loop_timer_after_ns(&tick, CONSOLE_INPUT_POLL_NS, CONSOLE_INPUT_POLL_NS);
	return 0;
}

static const struct service console = {
	.name = "console",
	.hint = "Ctrl-a three times switches the input",
	.ring = SERVICE_RING_CONSOLE,
	/* Its slot in the service's table, which may be twice the size while it grows. */
	.peer_cost = 2u * sizeof(struct console_domain),
	.start = start,
	.attach = attach,
	.detach = detach,
	.serve = on_ring_event,
	.ending = drain,
};

int main(void)
{
	return service_run(&console);
}
