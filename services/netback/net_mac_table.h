/* SPDX-License-Identifier: MIT */
/* The switch's MAC table: which port each learned address was last seen on, bounded and aged. */
#ifndef NETBACK_NET_MAC_TABLE_H
#define NETBACK_NET_MAC_TABLE_H

#include "net_switch.h"
#include <stdint.h>

#define NET_MAC_BUCKETS 256u
#define NET_MAC_NONE 0xffffu

struct net_mac_entry {
	uint8_t mac[6];
	uint16_t next;         /* the next entry of its bucket, or of the free list */
	struct net_port *port; /* NULL: the entry is free */
	uint64_t seen_us;      /* when a frame from mac last came in */
};

/** NET_SWITCH_MACS_MAX entries in hash chains of indices (no pointers to follow). */
struct net_mac_table {
	struct net_mac_entry entry[NET_SWITCH_MACS_MAX];
	uint16_t bucket[NET_MAC_BUCKETS];
	uint16_t free_head;
	unsigned int count;
};

/** An empty table. */
void net_mac_table_init(struct net_mac_table *t);

/** The port mac was learned on, NULL if unknown or not seen for NET_SWITCH_MAC_AGE_US (the
 *  entry is then forgotten). */
struct net_port *net_mac_table_lookup(struct net_mac_table *t, const uint8_t mac[6],
				      uint64_t now_us);

/** mac was seen on port now: learn it, or move it, or refresh it. A full table forgets its
 *  least recently seen entry first. */
void net_mac_table_learn(struct net_mac_table *t, const uint8_t mac[6], struct net_port *port,
			 uint64_t now_us);

/** Forget every address learned on port. */
void net_mac_table_forget_port(struct net_mac_table *t, const struct net_port *port);

#endif
