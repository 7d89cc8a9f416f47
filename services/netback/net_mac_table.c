/* SPDX-License-Identifier: MIT */
/* The switch's MAC table: hash chains over a fixed array, ageing, and the oldest entry evicted. */
#include "net_mac_table.h"
#include <string.h>

/*
 * The table is a fixed array so that no guest can make it grow: NET_SWITCH_MACS_MAX
 * entries, chained by index from NET_MAC_BUCKETS buckets. With anti-spoofing a
 * VIF only ever shows one source address; the uplink may show many, and a full
 * table then evicts its least recently seen entry (a linear walk, only when full).
 * Aged entries are dropped when a lookup meets them, or evicted first when full.
 */

static unsigned int mac_hash(const uint8_t mac[6])
{
	uint32_t h = 2166136261u; /* FNV-1a: cheap and mixes every byte */
	unsigned int i;

	for (i = 0; i < 6; i++) {
		h = (h ^ mac[i]) * 16777619u;
	}
	return (h ^ (h >> 16)) % NET_MAC_BUCKETS;
}

/** See net_mac_table.h. */
void net_mac_table_init(struct net_mac_table *t)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < NET_MAC_BUCKETS; i++) {
		t->bucket[i] = NET_MAC_NONE;
	}
	for (i = 0; i < NET_SWITCH_MACS_MAX; i++) {
		t->entry[i].next = i + 1 < NET_SWITCH_MACS_MAX ? (uint16_t)(i + 1) : NET_MAC_NONE;
	}
	t->free_head = 0;
}

/* Take entry i out of its bucket's chain and put it on the free list. */
static void entry_free(struct net_mac_table *t, uint16_t i)
{
	uint16_t *link = &t->bucket[mac_hash(t->entry[i].mac)];

	while (*link != NET_MAC_NONE && *link != i) {
		link = &t->entry[*link].next;
	}
	if (*link == i) {
		*link = t->entry[i].next;
	}
	t->entry[i].port = NULL;
	t->entry[i].next = t->free_head;
	t->free_head = i;
	t->count--;
}

static uint16_t entry_find(const struct net_mac_table *t, const uint8_t mac[6])
{
	uint16_t i = t->bucket[mac_hash(mac)];

	while (i != NET_MAC_NONE && memcmp(t->entry[i].mac, mac, 6) != 0) {
		i = t->entry[i].next;
	}
	return i;
}

static bool aged(const struct net_mac_entry *e, uint64_t now_us)
{
	return now_us > e->seen_us && now_us - e->seen_us >= NET_SWITCH_MAC_AGE_US;
}

/** See net_mac_table.h. */
struct net_port *net_mac_table_lookup(struct net_mac_table *t, const uint8_t mac[6],
				      uint64_t now_us)
{
	uint16_t i = entry_find(t, mac);

	if (i == NET_MAC_NONE) {
		return NULL;
	}
	if (aged(&t->entry[i], now_us)) {
		entry_free(t, i);
		return NULL;
	}
	return t->entry[i].port;
}

/* The least recently seen entry (the table is full, so every entry is in use). */
static uint16_t entry_oldest(const struct net_mac_table *t)
{
	uint16_t i, oldest = 0;

	for (i = 1; i < NET_SWITCH_MACS_MAX; i++) {
		if (t->entry[i].seen_us < t->entry[oldest].seen_us) {
			oldest = i;
		}
	}
	return oldest;
}

/** See net_mac_table.h. */
void net_mac_table_learn(struct net_mac_table *t, const uint8_t mac[6], struct net_port *port,
			 uint64_t now_us)
{
	uint16_t i = entry_find(t, mac);
	unsigned int b;

	if (i != NET_MAC_NONE) {
		t->entry[i].port = port;
		t->entry[i].seen_us = now_us;
		return;
	}
	if (t->free_head == NET_MAC_NONE) {
		entry_free(t, entry_oldest(t));
	}
	i = t->free_head;
	t->free_head = t->entry[i].next;
	b = mac_hash(mac);
	memcpy(t->entry[i].mac, mac, 6);
	t->entry[i].port = port;
	t->entry[i].seen_us = now_us;
	t->entry[i].next = t->bucket[b];
	t->bucket[b] = i;
	t->count++;
}

/** See net_mac_table.h. */
void net_mac_table_forget_port(struct net_mac_table *t, const struct net_port *port)
{
	uint16_t i;

	for (i = 0; i < NET_SWITCH_MACS_MAX; i++) {
		if (t->entry[i].port == port) {
			entry_free(t, i);
		}
	}
}
