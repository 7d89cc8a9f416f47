/* SPDX-License-Identifier: MIT */
/* The virtual switch: ports (VIFs and the uplink), MAC learning, flooding, rules, fair turns. */
#ifndef NETBACK_NET_SWITCH_H
#define NETBACK_NET_SWITCH_H

#include "net_frame.h"
#include "net_rule.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * Every port is a source and a sink of frames. The switch pulls frames
 * from the ports that said they have some (net_switch_ready), one port at
 * a time in turn, at most NET_SWITCH_TURN_FRAMES a turn, so a busy VIF
 * cannot starve the others; each frame pulled is checked against the
 * port's policy (anti-spoofing, rules, rate), its source MAC learned, and
 * it is pushed to the port its destination MAC was learned on, or to every
 * other port (broadcast, multicast, unknown destination), each destination
 * port's rules deciding whether it takes it. A frame is never sent back to
 * the port it came from.
 *
 * The switch never waits: a port whose sink is full refuses the frame and
 * the switch drops it and counts it, as an Ethernet switch does.
 *
 * Locking: none. The switch is used from thread context, one call at a
 * time (the library OS's loop); the ports' ops are called from inside
 * net_switch_run only.
 */

/** Frames one port may send a turn. */
#define NET_SWITCH_TURN_FRAMES 16u

/** Ports one switch serves (VIFs and the uplink). */
#define NET_SWITCH_PORTS_MAX 64u

/** Addresses the MAC table learns; a full table forgets its oldest entry. */
#define NET_SWITCH_MACS_MAX 1024u

/** A learned address not seen for this long is forgotten (microseconds). */
#define NET_SWITCH_MAC_AGE_US (300u * 1000000u)

/** IPv4 addresses one port may be given for anti-spoofing. */
#define NET_PORT_IPS_MAX 8u

struct net_port_ops {
	/**
	 * The port's next frame into the switch (the caller's reference passes
	 * to the switch), or NULL when it has none now. After NULL the port is
	 * not asked again until it calls net_switch_ready.
	 */
	struct net_frame *(*pull)(void *arg);
	/**
	 * Give the port a frame to send out of the switch (a reference passes
	 * with it). Returns false, keeping no reference, when the port has no
	 * room: the switch drops the frame and counts it against the port.
	 */
	bool (*push)(void *arg, struct net_frame *f);
};

struct net_port_config {
	char name[24];  /* for log lines, e.g. "vif3.0" or "uplink" */
	uint8_t mac[6]; /* the VIF's MAC (anti-spoofing) */
	bool antispoof; /* frames whose source MAC is not mac or source IPv4 (IP, ARP) is
			   none of ips are dropped and counted */
	uint32_t ips[NET_PORT_IPS_MAX]; /* IPv4 addresses, host byte order */
	unsigned int ip_count;
	const struct net_rules *rules; /* NULL: none; kept by reference while the port lives */
	uint64_t rate_bytes;           /* 0: no limit; else bytes the port may send an interval */
	uint32_t rate_interval_us;     /* the interval (xl's rate=, default 50 ms) */
};

/** What the switch counted for one port. */
struct net_port_stats {
	uint64_t rx_frames, rx_bytes; /* pulled from the port and accepted */
	uint64_t tx_frames, tx_bytes; /* pushed to the port and taken */
	uint64_t spoof_drops;         /* dropped: source MAC or IP not the port's */
	uint64_t rule_drops;          /* dropped by the port's rules (either direction) */
	uint64_t full_drops;          /* dropped: the port refused them (no room) */
	uint64_t bad_drops;           /* dropped: too short or malformed to switch */
};

struct net_switch;
struct net_port;

/** What the switch needs of its host (main.c; fakes in the tests). */
struct net_switch_host {
	/** Have net_switch_run called soon from the loop (not from inside this call). */
	void (*kick)(void *arg);
	void *arg;
	/** One log line (printf format, no newline). */
	void (*log)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
};

/** A switch with no ports; NULL when out of memory. host must outlive it. */
struct net_switch *net_switch_create(const struct net_switch_host *host);

/** Add a port (config copied, ops and rules kept by reference). 0 with *out, -XEN_ENOSPC when
 *  NET_SWITCH_PORTS_MAX ports exist, -XEN_ENOMEM. */
int net_switch_port_add(struct net_switch *sw, const struct net_port_config *config,
			const struct net_port_ops *ops, void *arg, struct net_port **out);

/** Remove a port: its learned addresses are forgotten, ops are never called for it again. */
void net_switch_port_remove(struct net_switch *sw, struct net_port *p);

/** The port has frames to pull: it gets its turn in a coming net_switch_run (kicks the host). */
void net_switch_ready(struct net_switch *sw, struct net_port *p);

/**
 * Serve one round: each ready port, in turn, sends up to NET_SWITCH_TURN_FRAMES frames. now_us
 * is the time (microseconds, monotonic) for rates and ageing. Kicks the host again if a port is
 * still ready. Returns the time a rate-limited port may send again (the host calls
 * net_switch_run then), or 0 when no port waits for its rate.
 */
uint64_t net_switch_run(struct net_switch *sw, uint64_t now_us);

/** A copy of the port's counts. */
void net_switch_port_stats(const struct net_port *p, struct net_port_stats *out);

/** Free the switch; every port must have been removed. */
void net_switch_destroy(struct net_switch *sw);

#endif
