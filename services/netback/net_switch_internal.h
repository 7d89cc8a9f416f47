/* SPDX-License-Identifier: MIT */
/* The switch's own structures, shared by its files (net_switch.c, net_port_policy.c). */
#ifndef NETBACK_NET_SWITCH_INTERNAL_H
#define NETBACK_NET_SWITCH_INTERNAL_H

#include "net_mac_table.h"
#include "net_rate.h"
#include "net_switch.h"

/* Why a frame was dropped: each has its count in net_port_stats and its own log hold-off. */
enum net_drop {
	NET_DROP_SPOOF,
	NET_DROP_RULE,
	NET_DROP_FULL,
	NET_DROP_BAD,
	NET_DROP_REASONS,
};

/** A port logs one line per drop reason at most this often (microseconds). */
#define NET_SWITCH_LOG_US (5u * 1000000u)

struct net_port {
	struct net_port_config config;
	const struct net_port_ops *ops;
	void *arg;
	unsigned int slot; /* its index in net_switch.port */
	struct net_port_stats stats;
	struct net_rate rate;
	struct net_frame *held;      /* pulled and allowed, waiting for rate credit */
	uint64_t wake_us;            /* with waiting: when the credit comes back */
	uint64_t served_round;       /* the last net_switch_run that gave it a turn */
	struct net_port *next_ready; /* on the ready queue */
	bool queued;                 /* on the ready queue */
	bool waiting;                /* held a frame over its rate; off the queue until wake_us */
	bool removed;                /* gone: freed when the running net_switch_run ends */
	bool logged[NET_DROP_REASONS];
	uint64_t logged_us[NET_DROP_REASONS];
};

struct net_switch {
	const struct net_switch_host *host;
	struct net_port *port[NET_SWITCH_PORTS_MAX]; /* NULL: a free slot */
	struct net_port *ready_head, *ready_tail;
	uint64_t round; /* net_switch_run calls so far */
	bool running;   /* inside net_switch_run */
	struct net_mac_table macs;
};

/** Count a frame dropped for reason against p, and log it if p has not for a while. */
void net_port_drop(const struct net_switch *sw, struct net_port *p, enum net_drop reason,
		   uint64_t now_us);

/** May f come into the switch from p (well formed, not spoofed, allowed by p's rules)? If not,
 *  it is counted against p (the caller still holds f). */
bool net_port_ingress_ok(const struct net_switch *sw, struct net_port *p, const struct net_frame *f,
			 uint64_t now_us);

/** May f go out of p (its rules)? If not, it is counted against p. */
bool net_port_egress_ok(const struct net_switch *sw, struct net_port *p, const struct net_frame *f,
			uint64_t now_us);

#endif
