// SPDX-License-Identifier: MIT
/* netback's xenbus side: the vif class of the xenbus backend machine (vif_backend.h). */
#include <abi/errno.h>
#include <stdio.h>
#include <string.h>

#include "vif_backend.h"
#include "vif_backend_config.h"
#include "vif_front.h"

static struct vif_backend_vif *vif_of(struct vif_backend *b, const struct xenbus_backend_device *d)
{
	return &b->vifs[d->slot];
}

/* What xen-netfront reads of us before it connects (the machine then writes InitWait). */
static long advertise(struct xenbus_backend_device *d)
{
	static const struct {
		const char *name;
		uint64_t value;
	} features[] = {
		{ "feature-sg", 1 },
		{ "feature-gso-tcpv4", 1 },
		{ "feature-gso-tcpv6", 1 },
		{ "feature-ipv6-csum-offload", 1 },
		{ "feature-rx-copy", 1 },
		/* Page flipping hands pages over: netback only copies. */
		{ "feature-rx-flip", 0 },
		{ "feature-rx-notify", 1 },
		{ "feature-split-event-channels", 1 },
		{ "multi-queue-max-queues", VIF_QUEUES_MAX },
	};
	struct xenbus_backend_key keys[sizeof(features) / sizeof(features[0])];

	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		xenbus_backend_key_number(&keys[i], features[i].name, features[i].value);
	}
	return xenbus_backend_put(d, keys, sizeof(keys) / sizeof(keys[0]));
}

/* The class's take_on: the configuration checked, the features written. */
static int vif_take_on(void *arg, struct xenbus_backend_device *d, char *why, size_t why_size)
{
	struct vif_backend *b = arg;
	long rc;

	*vif_of(b, d) = (struct vif_backend_vif){ 0 };
	memset(&b->params, 0, sizeof(b->params));
	rc = vif_backend_config_read(d, &b->params, why, why_size);
	if (rc != 0) {
		return (int)rc;
	}
	rc = advertise(d);
	if (rc != 0) {
		snprintf(why, why_size, "the store refused the backend's keys");
	}
	return (int)rc;
}

/* The engine ended the connection: the frontend broke the protocol. */
static void conn_broken(void *arg)
{
	xenbus_backend_broken(arg, "the frontend broke the netif protocol");
}

/* The class's connect: the configuration as it is now, the frontend's keys, the engine. */
static int vif_connect(void *arg, struct xenbus_backend_device *d, char *why, size_t why_size)
{
	struct vif_backend *b = arg;
	struct vif_backend_vif *v = vif_of(b, d);
	long rc;

	memset(&b->params, 0, sizeof(b->params));
	rc = vif_backend_config_read(d, &b->params, why, why_size);
	if (rc == 0) {
		rc = vif_front_read(b->machine.store, d->front, &b->params, why, why_size);
	}
	if (rc != 0) {
		return (int)rc;
	}
	b->params.quiet = xenbus_backend_quiet(d);
	rc = vif_conn_start(&b->params, conn_broken, d, &v->conn);
	if (rc != 0) {
		v->conn = NULL;
		snprintf(why, why_size, "cannot map the frontend's rings or bind its ports");
	}
	return (int)rc;
}

/* As a VIF goes, one line of the frames the switch dropped for it, if it dropped any: the exact
 * counts behind the rate-limited lines of the drops themselves. */
static void vif_say_counts(const struct vif_backend *b, const struct xenbus_backend_device *d,
			   const struct vif_conn *conn)
{
	struct net_port_stats st;
	char line[256];

	vif_conn_stats(conn, &st);
	if (st.spoof_drops + st.rule_drops + st.full_drops + st.bad_drops == 0) {
		return;
	}
	snprintf(line, sizeof(line),
		 "vif%u.%u: disconnected: %llu frames from the guest, %llu to it; dropped %llu "
		 "spoofed, %llu by rules, %llu for want of room, %llu malformed",
		 (unsigned int)d->frontend_id, (unsigned int)d->devid,
		 (unsigned long long)st.rx_frames, (unsigned long long)st.tx_frames,
		 (unsigned long long)st.spoof_drops, (unsigned long long)st.rule_drops,
		 (unsigned long long)st.full_drops, (unsigned long long)st.bad_drops);
	b->machine.store->log(line);
}

static void vif_disconnect(void *arg, struct xenbus_backend_device *d)
{
	struct vif_backend_vif *v = vif_of(arg, d);

	if (v->conn) {
		vif_say_counts(arg, d, v->conn);
		vif_conn_stop(v->conn);
		v->conn = NULL;
	}
}

/* Written by the toolstack before we look: bridge is the last it always writes. */
static const char *const vif_keys[] = { "handle", "mac", "bridge" };

static const struct xenbus_backend_class vif_class = {
	.name = "vif",
	.keys = vif_keys,
	.key_count = sizeof(vif_keys) / sizeof(vif_keys[0]),
	.take_on = vif_take_on,
	.connect = vif_connect,
	.disconnect = vif_disconnect,
};

int vif_backend_start(struct vif_backend *b, const struct xenbus_backend_store *store,
		      uint16_t own_id)
{
	memset(b->vifs, 0, sizeof(b->vifs));
	return xenbus_backend_start(&b->machine, store, &vif_class, b, own_id);
}

void vif_backend_stop(struct vif_backend *b)
{
	xenbus_backend_stop(&b->machine);
}

unsigned int vif_backend_connections(const struct vif_backend *b)
{
	return xenbus_backend_connections(&b->machine);
}
