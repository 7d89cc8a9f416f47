/* SPDX-License-Identifier: MIT */
/* A switch port's policy: well-formed frames, anti-spoofing, rules, and counted, quiet drops. */
#include "net_hdr.h"
#include "net_switch_internal.h"
#include <string.h>

/*
 * Anti-spoofing follows xl's vif-bridge with ip=: the source MAC must be the
 * VIF's, and an IPv4 packet's source address, or an ARP packet's sender
 * address, one of the VIF's; an ARP packet's sender hardware address must be
 * the VIF's MAC too, or the guest could teach its neighbours that another
 * station's address is at its own. A VIF given no ip= is not checked, as with
 * xl. IPv6 is checked on its MAC only (the VIF's addresses are IPv4).
 * One exception: a DHCP client asking for its address, 0.0.0.0:68 to
 * 255.255.255.255:67 over UDP, so a guest whose ip= is handed out by DHCP
 * can ask for it.
 */

#define DHCP_CLIENT_PORT 68u
#define DHCP_SERVER_PORT 67u

static const char *const drop_why[NET_DROP_REASONS] = {
	[NET_DROP_SPOOF] = "source MAC or IPv4 address not the port's",
	[NET_DROP_RULE] = "refused by the port's rules",
	[NET_DROP_FULL] = "the port had no room",
	[NET_DROP_BAD] = "malformed or too short",
};

static uint64_t *drop_count(struct net_port_stats *s, enum net_drop reason)
{
	switch (reason) {
	case NET_DROP_SPOOF:
		return &s->spoof_drops;
	case NET_DROP_RULE:
		return &s->rule_drops;
	case NET_DROP_FULL:
		return &s->full_drops;
	default:
		return &s->bad_drops;
	}
}

/** See net_switch_internal.h. */
void net_port_drop(const struct net_switch *sw, struct net_port *p, enum net_drop reason,
		   uint64_t now_us)
{
	uint64_t *count = drop_count(&p->stats, reason);

	(*count)++;
	if (p->logged[reason] && now_us - p->logged_us[reason] < NET_SWITCH_LOG_US) {
		return;
	}
	p->logged[reason] = true;
	p->logged_us[reason] = now_us;
	if (sw->host->log != NULL) {
		sw->host->log("%s: dropped a frame: %s (%llu so far)", p->config.name,
			      drop_why[reason], (unsigned long long)*count);
	}
}

static bool dhcp_discover(const struct net_hdr *h)
{
	return h->ethertype == NET_ETHERTYPE_IPV4 && h->src_ip == 0 && h->dst_ip == 0xffffffffu &&
	       h->proto == NET_PROTO_UDP && (h->have & NET_HDR_PORTS) &&
	       h->src_port == DHCP_CLIENT_PORT && h->dst_port == DHCP_SERVER_PORT;
}

static bool spoofed(const struct net_port_config *c, const uint8_t *data, const struct net_hdr *h)
{
	unsigned int i;

	if (memcmp(data + 6, c->mac, 6) != 0) {
		return true;
	}
	/* net_hdr_parse has seen the whole ARP packet: its sender MAC is at offset 8. */
	if (h->ethertype == NET_ETHERTYPE_ARP && memcmp(data + h->l3_off + 8, c->mac, 6) != 0) {
		return true;
	}
	if (c->ip_count == 0 || !(h->have & NET_HDR_IP)) {
		return false;
	}
	for (i = 0; i < c->ip_count && i < NET_PORT_IPS_MAX; i++) {
		if (h->src_ip == c->ips[i]) {
			return false;
		}
	}
	return !dhcp_discover(h);
}

/** See net_switch_internal.h. A multicast source MAC is malformed: no station has one. */
bool net_port_ingress_ok(const struct net_switch *sw, struct net_port *p, const struct net_frame *f,
			 uint64_t now_us)
{
	struct net_hdr h;

	if (f->len < NET_ETH_HLEN || net_hdr_parse(f->data, f->len, &h) < 0 ||
	    (f->data[6] & 1u) != 0) {
		net_port_drop(sw, p, NET_DROP_BAD, now_us);
		return false;
	}
	if (p->config.antispoof && spoofed(&p->config, f->data, &h)) {
		net_port_drop(sw, p, NET_DROP_SPOOF, now_us);
		return false;
	}
	if (net_rules_decide(p->config.rules, f->data, f->len) == NET_RULE_DROP) {
		net_port_drop(sw, p, NET_DROP_RULE, now_us);
		return false;
	}
	return true;
}

/** See net_switch_internal.h. */
bool net_port_egress_ok(const struct net_switch *sw, struct net_port *p, const struct net_frame *f,
			uint64_t now_us)
{
	if (net_rules_decide(p->config.rules, f->data, f->len) == NET_RULE_DROP) {
		net_port_drop(sw, p, NET_DROP_RULE, now_us);
		return false;
	}
	return true;
}
