/* SPDX-License-Identifier: MIT */
/* A VIF's ordered rule list (pattern -> accept or drop): its text form and matching frames. */
#ifndef NETBACK_NET_RULE_H
#define NETBACK_NET_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The text form, the value of a vif's `rules=` (and of its backend key
 * `rules`): rules separated by ';', tried in order, the first that matches
 * a frame decides; a frame no rule matches is accepted. A rule is an action
 * and zero or more matches, separated by spaces, all of which must hold:
 *
 *   accept | drop
 *   src-mac=XX:XX:XX:XX:XX:XX   dst-mac=...
 *   src-ip=A.B.C.D[/N]          dst-ip=A.B.C.D[/N]     (IPv4; ARP's sender/target too)
 *   ethertype=0xHHHH | ipv4 | ipv6 | arp
 *   proto=tcp | udp | icmp | N                         (IPv4 protocol, IPv6 next header)
 *   src-port=N[-M]              dst-port=N[-M]         (TCP and UDP)
 *
 * e.g. "drop proto=tcp dst-port=22; accept". No commas, so it fits in one
 * parameter of an xl vif spec. A rule list applies to every frame the VIF's
 * guest sends and every frame the switch delivers to it.
 */

/** Rules in one list. */
#define NET_RULES_MAX 32

/** The longest text form of a rule list, without its NUL. */
#define NET_RULES_TEXT_MAX 1023

enum net_rule_action {
	NET_RULE_ACCEPT = 0,
	NET_RULE_DROP = 1,
};

/* Which fields of a rule must match (bits of match). */
#define NET_MATCH_SRC_MAC 0x001u
#define NET_MATCH_DST_MAC 0x002u
#define NET_MATCH_SRC_IP 0x004u
#define NET_MATCH_DST_IP 0x008u
#define NET_MATCH_ETHERTYPE 0x010u
#define NET_MATCH_PROTO 0x020u
#define NET_MATCH_SRC_PORT 0x040u
#define NET_MATCH_DST_PORT 0x080u

struct net_rule {
	uint8_t action; /* enum net_rule_action */
	uint16_t match; /* NET_MATCH_* */
	uint8_t src_mac[6], dst_mac[6];
	uint32_t src_ip, src_mask; /* host byte order; mask from the /N (32 without) */
	uint32_t dst_ip, dst_mask;
	uint16_t ethertype;
	uint8_t proto;
	uint16_t src_port_lo, src_port_hi; /* inclusive */
	uint16_t dst_port_lo, dst_port_hi;
};

struct net_rules {
	unsigned int count; /* 0..NET_RULES_MAX */
	struct net_rule rule[NET_RULES_MAX];
};

/**
 * Parse the text form (len bytes; a NUL among them is refused) into out.
 * The empty text, or only spaces, is an empty list. Returns 0, or
 * -XEN_EINVAL with why (why_size bytes) saying which rule and what is wrong
 * (out is then empty).
 */
int net_rules_parse(const char *text, size_t len, struct net_rules *out, char *why,
		    size_t why_size);

/** The action of the first rule that matches the frame data[0..len), NET_RULE_ACCEPT if none.
 *  A match on a field the frame does not have (a port of an ARP frame) does not hold. */
enum net_rule_action net_rules_decide(const struct net_rules *r, const uint8_t *data, uint32_t len);

#endif
