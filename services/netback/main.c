// SPDX-License-Identifier: MIT
/*
 * The network back end's domain: binds the switch (net_switch.h), the VIF
 * engine (vif_conn.h), the uplink (uplink.h) and the xenbus side
 * (vif_backend.h) to the library OS. It owns the first virtio-net device
 * its DT lists as the switch's uplink (without one it switches between its
 * VIFs only), serves the VIFs the toolstack writes under backend/vif of its
 * home, and ends once only service and driver domains are left.
 */
#include <abi/domain_info.h>
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/backend_mem.h>
#include <libos/backend_port.h>
#include <libos/counter.h>
#include <libos/loop.h>
#include <libos/peers.h>
#include <libos/service.h>
#include <libos/virtio_mmio.h>
#include <libos/virtio_net.h>
#include <libos/xenbus.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "net_platform.h"
#include "net_switch.h"
#include "uplink.h"
#include "vif_backend.h"

/* Transports the DT may list: each driver domain's devices sit in their own pages. */
#define TRANSPORTS_MAX 32u
/* Rights of the domains netback does not wait for: the services, and driver domains. */
#define SERVICE_RIGHTS (DOMAIN_RIGHT_CONSOLE | DOMAIN_RIGHT_XENSTORE | DOMAIN_RIGHT_DRIVER)

static struct net_switch *sw;
static struct uplink *uplink;
static struct net_port *uplink_port;
static struct virtio_net *nic;
static struct vif_backend backend;
/* The switch runs from the loop: kicked by a port, or when a rate-limited port may send. */
static struct loop_source switch_source;
static struct loop_timer switch_timer;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("netback: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

static void say_line(const char *line)
{
	say("%s", line);
}

/* The switch and its turns. */

static uint64_t now_us(void)
{
	return counter_ns() / 1000u;
}

static void switch_serve(void)
{
	uint64_t next = net_switch_run(sw, now_us());

	if (next != 0) {
		uint64_t now = now_us();

		loop_timer_after_ns(&switch_timer, next > now ? (next - now) * 1000u : 0, 0);
	}
}

static void switch_source_fired(struct loop_source *source, void *arg)
{
	(void)source;
	(void)arg;
	switch_serve();
}

static void switch_timer_fired(struct loop_timer *timer, void *arg)
{
	(void)timer;
	(void)arg;
	switch_serve();
}

static void switch_kick(void *arg)
{
	(void)arg;
	loop_source_raise(&switch_source);
}

static const struct net_switch_host switch_host = {
	.kick = switch_kick,
	.log = say,
};

/* The uplink: the first virtio-net device of the DT. */

static int uplink_submit(void *arg, const struct virtio_net_tx *tx)
{
	(void)arg;
	return virtio_net_submit(nic, tx);
}

static void uplink_ready(void *arg)
{
	(void)arg;
	net_switch_ready(sw, uplink_port);
}

static const struct uplink_ops uplink_host = {
	.submit = uplink_submit,
	.ready = uplink_ready,
	.log = say,
};

static void uplink_open(void)
{
	static struct virtio_mmio_dev devs[TRANSPORTS_MAX];
	struct net_port_config config = { .name = "uplink" };
	int found = virtio_net_find(devs, TRANSPORTS_MAX);
	const struct virtio_net_info *info;

	if (found <= 0) {
		say("no virtio-net device in this domain's DT: the switch has no uplink");
		return;
	}
	uplink = uplink_create(&uplink_host, NULL);
	if (uplink == NULL ||
	    net_switch_port_add(sw, &config, &uplink_port_ops, uplink, &uplink_port) != 0) {
		say("no memory for the uplink");
		exit(1);
	}
	int rc = virtio_net_open(&devs[0], uplink_receive, uplink, &nic);

	if (rc != 0) {
		say("the network device at %#lx cannot be used (%d): the switch has no uplink",
		    (unsigned long)devs[0].base, rc);
		return;
	}
	info = virtio_net_info(nic);
	uplink_attach(uplink, &(struct uplink_offloads){ info->csum, info->tso4, info->tso6 });
	say("uplink %02x:%02x:%02x:%02x:%02x:%02x%s%s%s", info->mac[0], info->mac[1], info->mac[2],
	    info->mac[3], info->mac[4], info->mac[5], info->csum ? ", checksum offload" : "",
	    info->tso4 ? ", TSO4" : "", info->tso6 ? ", TSO6" : "");
}

/* As netback ends, what went through the uplink: the exact counts, for whoever measures it. */
static void uplink_say_counts(void)
{
	struct uplink_stats u;
	struct virtio_net_stats d;

	if (uplink == NULL || nic == NULL) {
		return;
	}
	uplink_get_stats(uplink, &u);
	virtio_net_get_stats(nic, &d);
	say("uplink counts: sent %llu frames (%llu GSO frames cut here, %llu checksums filled), "
	    "received %llu",
	    (unsigned long long)u.tx_frames, (unsigned long long)u.tx_segmented,
	    (unsigned long long)u.tx_csum_filled, (unsigned long long)u.rx_frames);
	say("uplink device: %llu interrupts, %llu notifications written, %llu spared",
	    (unsigned long long)d.interrupts, (unsigned long long)d.notifies,
	    (unsigned long long)d.notifies_spared);
}

/* The engine's platform: grants, event channels and the switch. */

static int evtchn_bind(domid_t domid, evtchn_port_t remote_port, net_event_fn fn, void *arg,
		       evtchn_port_t *port)
{
	return (int)backend_port_bind(domid, remote_port, fn, arg, port);
}

static struct net_platform platform = {
	.grant_copy = backend_grant_copy,
	.grant_map_pages = backend_ring_map,
	.grant_unmap_pages = backend_ring_unmap,
	.evtchn_bind = evtchn_bind,
	.evtchn_close = backend_port_unbind,
	.evtchn_notify = backend_port_notify,
	.evtchn_raise = loop_port_raise,
	.gfn_of = backend_gfn_of,
	.log = say,
};

static const struct xenbus_backend_store store = XENBUS_BACKEND_LIBOS_STORE(say_line);

/* The end: once every live domain is a service or a driver domain, nobody needs a network (the
 * toolstack holds none of these rights: while it lives, a guest may come). */
static void domains_changed(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	if (!peers_only_holders_of(SERVICE_RIGHTS)) {
		return;
	}
	say("no domain left to serve");
	uplink_say_counts();
	vif_backend_stop(&backend);
	exit(0);
}

int main(void)
{
	evtchn_port_t dom_exc;
	char id[8];
	long rc;

	rc = service_events_start(domains_changed, &dom_exc);
	if (rc != 0) {
		say("no events (%ld): nothing to serve", rc);
		return 1;
	}
	sw = net_switch_create(&switch_host);
	if (sw == NULL) {
		say("no memory for the switch");
		return 1;
	}
	loop_source_init(&switch_source, switch_source_fired, NULL);
	loop_source_add(&switch_source);
	loop_timer_init(&switch_timer, switch_timer_fired, NULL);
	uplink_open();
	if (xenbus_init() != 0 || xenbus_read(XENBUS_TX_NONE, "domid", id, sizeof(id)) <= 0) {
		say("no xenstore: no VIF can be found");
		return 1;
	}
	platform.sw = sw;
	net_platform_set(&platform);
	rc = vif_backend_start(&backend, &store, (uint16_t)strtoul(id, NULL, 10));
	if (rc != 0) {
		say("cannot follow backend/vif (%ld)", rc);
		return 1;
	}
	say("serving VIFs as d%s", id);
	loop_run();
}
