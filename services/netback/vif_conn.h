/* SPDX-License-Identifier: MIT */
/* One VIF's connection to its netfront: rings, event channels, and its port on the switch. */
#ifndef NETBACK_VIF_CONN_H
#define NETBACK_VIF_CONN_H

#include "net_rule.h"
#include "net_switch.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * The xenbus back end (vif_backend.c) starts a connection once the
 * frontend has published its rings and ports, and stops it when either
 * side leaves Connected. In between, the engine serves each queue's two
 * rings (abi/netif.h):
 *   transmit  requests (copied out of the ring once, then checked) make
 *             frames: their data is grant-copied from the frontend's pages
 *             into netback's own memory; the frame goes to the VIF's switch
 *             port; every slot is answered
 *   receive   frames the switch pushes to the port are queued (bounded) and
 *             grant-copied into the buffers the frontend posted, with their
 *             offload metadata
 * Notifications follow the ring protocol's hold-off (req_event/rsp_event):
 * not one event per frame.
 *
 * A frontend that breaks the protocol ends its own connection: one log
 * line names the domain, the VIF and why, no slot of it is touched again,
 * and broken is called. The switch and other VIFs go on.
 *
 * All calls in thread context, one at a time (net_platform.h).
 */

#define VIF_QUEUES_MAX 8

struct vif_conn_params {
	uint16_t frontend_id;
	uint32_t handle;          /* the VIF's devid: names it as vif<frontend_id>.<handle> */
	unsigned int queue_count; /* 1..VIF_QUEUES_MAX */
	uint32_t tx_ring_refs[VIF_QUEUES_MAX];
	uint32_t rx_ring_refs[VIF_QUEUES_MAX];
	uint32_t tx_ports[VIF_QUEUES_MAX]; /* the frontend's event channel ports: equal to */
	uint32_t rx_ports[VIF_QUEUES_MAX]; /* each other unless the channels are split */
	/* What the frontend said it can take (its feature-* keys). */
	bool sg;        /* feature-sg: frames over several receive buffers */
	bool gso_tcpv4; /* feature-gso-tcpv4: GSO frames on receive */
	bool gso_tcpv6; /* feature-gso-tcpv6 */
	bool csum;      /* not feature-no-csum-offload: blank IPv4 checksums on receive */
	bool ipv6_csum; /* feature-ipv6-csum-offload: blank IPv6 checksums on receive */
	bool rx_notify; /* feature-rx-notify */
	bool quiet;     /* log nothing of this connection: its device has said all it may */
	/* Its port on the switch: name, MAC, anti-spoofing, rate. port.rules is ignored: the
	 * engine keeps its own copy of rules and points the port at it. */
	struct net_port_config port;
	struct net_rules rules;
};

struct vif_conn;

/** Called (thread context) when the engine ended c itself because the frontend broke the
 *  protocol (it has logged one line why): the back end then moves the VIF to Closing/Closed
 *  and calls vif_conn_stop. */
typedef void (*vif_conn_broken_fn)(void *arg);

/** Map the rings, bind the ports, add the switch port, start serving. 0 or -XEN_E*; nothing
 *  left on failure, with one log line saying why. */
int vif_conn_start(const struct vif_conn_params *p, vif_conn_broken_fn broken, void *arg,
		   struct vif_conn **out);

/** Stop serving: the switch port goes, queued frames are freed, rings unmapped, ports
 *  closed; broken is not called again. */
void vif_conn_stop(struct vif_conn *c);

/** The connection's switch counts (anti-spoofing and rule drops, frames each way). */
void vif_conn_stats(const struct vif_conn *c, struct net_port_stats *out);

#endif
