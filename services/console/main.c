// SPDX-License-Identifier: MIT
/*
 * The console domain: the console service (console.h) on the library OS.
 * It serves every domain the core gave a console ring for this domain
 * (peers.h), writes the serial line through console_io (untagged: it holds
 * the console right, and tags each domain's lines itself) and polls the
 * serial input with CONSOLEIO_read every CONSOLE_INPUT_POLL_NS.
 */
#include <abi/console_io.h>
#include <abi/console_ring.h>
#include <libos/console.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/hypercall.h>
#include <libos/loop.h>
#include <libos/peers.h>
#include <stdio.h>
#include <stdlib.h>

#include "console.h"

#define CONSOLE_INPUT_POLL_NS 20000000ull /* 20 ms: typing feels immediate */
#define POLL_ROUNDS 8                     /* per wake-up, before other work gets a turn */

static struct console_service service;
static struct peer_set peers;
static struct loop_timer tick;

static void serial_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)console_write(buf, len);
}

static void notify(void *ctx, uint16_t domid)
{
	struct peer *p = peers_find(&peers, domid);

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

static void on_ring_event(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
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

/* The port first: a failure there leaves the service (and its focus notices) untouched.
 * Its callback runs only from the loop, after attach returns. */
static int attach(struct peer *p, void *ctx)
{
	int err = (int)loop_port_add(p->port, on_ring_event, p);

	(void)ctx;
	if (err) {
		return err;
	}
	err = console_service_add(&service, p->domid, p->name,
				  (volatile struct console_ring *)p->ring);
	if (err) {
		(void)loop_port_remove(p->port);
		return err;
	}
	loop_port_raise(p->port); /* it may have written before we came */
	return 0;
}

/* A domain that is going away may still have lines in its ring: they are written out first. */
static void detach(struct peer *p, void *ctx)
{
	(void)ctx;
	drain();
	(void)loop_port_remove(p->port);
	(void)console_service_remove(&service, p->domid);
}

static const struct peer_ops peer_ops = {
	.ref = CONSOLE_GRANT_REF,
	.store = false,
	.attach = attach,
	.detach = detach,
};

static void on_domains_changed(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	(void)peers_sync(&peers, &peer_ops);
	if (peers_none_left()) {
		drain();
		printf("console: no domain left to serve\n");
		exit(0);
	}
}

static int start(void)
{
	const struct console_ops ops = { .serial_write = serial_write, .notify = notify };

	console_service_init(&service, &ops);
	if (peers_start(on_domains_changed) != 0) {
		return -1;
	}
	loop_timer_init(&tick, on_tick, NULL);
	loop_timer_after_ns(&tick, CONSOLE_INPUT_POLL_NS, CONSOLE_INPUT_POLL_NS);
	return 0;
}

int main(void)
{
	if (start() != 0) {
		return 1;
	}
	printf("console: serving; Ctrl-a three times switches the input\n");
	loop_run();
}
