/* SPDX-License-Identifier: MIT */
/* Matching frames against a VIF's rule list (net_rule.h): the first rule that holds decides. */
#include "net_hdr.h"
#include "net_rule.h"
#include <string.h>

static bool port_in(uint16_t port, uint16_t lo, uint16_t hi)
{
	return port >= lo && port <= hi;
}

/* Every match of r holds for the frame (its headers h). A field the frame lacks never holds. */
static bool rule_holds(const struct net_rule *r, const uint8_t *data, const struct net_hdr *h)
{
	uint16_t m = r->match;

	if (((m & NET_MATCH_DST_MAC) && memcmp(data, r->dst_mac, 6) != 0) ||
	    ((m & NET_MATCH_SRC_MAC) && memcmp(data + 6, r->src_mac, 6) != 0) ||
	    ((m & NET_MATCH_ETHERTYPE) && h->ethertype != r->ethertype)) {
		return false;
	}
	if ((m & (NET_MATCH_SRC_IP | NET_MATCH_DST_IP)) && !(h->have & NET_HDR_IP)) {
		return false;
	}
	if (((m & NET_MATCH_SRC_IP) && (h->src_ip & r->src_mask) != r->src_ip) ||
	    ((m & NET_MATCH_DST_IP) && (h->dst_ip & r->dst_mask) != r->dst_ip)) {
		return false;
	}
	if ((m & NET_MATCH_PROTO) && (!(h->have & NET_HDR_PROTO) || h->proto != r->proto)) {
		return false;
	}
	if ((m & (NET_MATCH_SRC_PORT | NET_MATCH_DST_PORT)) && !(h->have & NET_HDR_PORTS)) {
		return false;
	}
	return !((m & NET_MATCH_SRC_PORT) &&
		 !port_in(h->src_port, r->src_port_lo, r->src_port_hi)) &&
	       !((m & NET_MATCH_DST_PORT) && !port_in(h->dst_port, r->dst_port_lo, r->dst_port_hi));
}

/**
 * See net_rule.h. A frame whose headers are cut short is matched on what
 * could be read of them (the switch drops such frames before asking).
 */
enum net_rule_action net_rules_decide(const struct net_rules *r, const uint8_t *data, uint32_t len)
{
	struct net_hdr h;
	unsigned int i, count;

	if (r == NULL || r->count == 0) {
		return NET_RULE_ACCEPT;
	}
	if (len < NET_ETH_HLEN) {
		return NET_RULE_DROP; /* not even an Ethernet header: nothing a rule could allow */
	}
	(void)net_hdr_parse(data, len, &h);
	count = r->count < NET_RULES_MAX ? r->count : NET_RULES_MAX;
	for (i = 0; i < count; i++) {
		if (rule_holds(&r->rule[i], data, &h)) {
			return r->rule[i].action == NET_RULE_DROP ? NET_RULE_DROP : NET_RULE_ACCEPT;
		}
	}
	return NET_RULE_ACCEPT;
}
