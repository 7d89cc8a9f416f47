/* SPDX-License-Identifier: MIT */
/* Reading a frame's headers: Ethernet, one 802.1Q tag, IPv4, IPv6, ARP, TCP and UDP ports. */
#include "net_hdr.h"
#include "abi/errno.h"
#include <string.h>

#define IPV4_HLEN_MIN 20u
#define IPV6_HLEN 40u
#define ARP_IPV4_LEN 28u /* Ethernet/IPv4 ARP: 8 bytes of header, two MAC and IP pairs */
#define TCP_HLEN_MIN 20u
#define UDP_HLEN 8u
#define IPV4_MF 0x2000u
#define IPV4_OFFSET_MASK 0x1fffu

/* IPv6 extension headers we follow (RFC 8200, 4). */
#define IPV6_HOP_BY_HOP 0u
#define IPV6_ROUTING 43u
#define IPV6_FRAGMENT 44u
#define IPV6_DEST_OPTS 60u

/*
 * The TCP or UDP header at [off, end) of a packet whose fragment is first
 * (ports are there) and perhaps whole (the header is all there and the
 * checksum covers the packet). A first fragment without room for its
 * ports is refused: there is no honest way to apply port rules to it.
 */
static int parse_l4(const uint8_t *data, uint32_t off, uint32_t end, bool whole, struct net_hdr *h)
{
	uint32_t avail = end - off;
	uint32_t hlen;

	if (h->proto != NET_PROTO_TCP && h->proto != NET_PROTO_UDP) {
		return 0;
	}
	if (avail < 4) {
		return -XEN_EINVAL;
	}
	h->src_port = net_be16(data + off);
	h->dst_port = net_be16(data + off + 2);
	h->have |= NET_HDR_PORTS;
	if (h->proto == NET_PROTO_UDP) {
		hlen = UDP_HLEN;
	} else {
		hlen = avail >= TCP_HLEN_MIN ? (uint32_t)(data[off + 12] >> 4) * 4u : 0;
	}
	if (whole && hlen >= UDP_HLEN && hlen <= avail &&
	    (h->proto == NET_PROTO_UDP || hlen >= TCP_HLEN_MIN)) {
		h->l4_off = off;
		h->l4_hlen = hlen;
		h->have |= NET_HDR_L4;
	}
	return 0;
}

static int parse_ipv4(const uint8_t *data, uint32_t len, struct net_hdr *h)
{
	const uint8_t *ip = data + h->l3_off;
	uint32_t avail = len - h->l3_off;
	uint32_t ihl, total;
	uint16_t frag;

	if (avail < IPV4_HLEN_MIN || ip[0] >> 4 != 4) {
		return -XEN_EINVAL;
	}
	ihl = (uint32_t)(ip[0] & 0xfu) * 4u;
	total = net_be16(ip + 2);
	if (ihl < IPV4_HLEN_MIN || total < ihl || total > avail) {
		return -XEN_EINVAL;
	}
	h->l3_end = h->l3_off + total;
	h->src_ip = net_be32(ip + 12);
	h->dst_ip = net_be32(ip + 16);
	h->proto = ip[9];
	h->have |= NET_HDR_IP | NET_HDR_PROTO;
	frag = net_be16(ip + 6);
	if ((frag & IPV4_OFFSET_MASK) != 0) {
		return 0; /* a later fragment: no ports in it */
	}
	return parse_l4(data, h->l3_off + ihl, h->l3_end, (frag & IPV4_MF) == 0, h);
}

/* Ethernet/IPv4 ARP only: anything else claiming to be ARP is refused (no stack takes it). */
static int parse_arp(const uint8_t *data, uint32_t len, struct net_hdr *h)
{
	const uint8_t *arp = data + h->l3_off;

	if (len - h->l3_off < ARP_IPV4_LEN || net_be16(arp) != 1 ||
	    net_be16(arp + 2) != NET_ETHERTYPE_IPV4 || arp[4] != 6 || arp[5] != 4) {
		return -XEN_EINVAL;
	}
	h->l3_end = h->l3_off + ARP_IPV4_LEN;
	h->src_ip = net_be32(arp + 14);
	h->dst_ip = net_be32(arp + 24);
	h->have |= NET_HDR_IP;
	return 0;
}

static bool ipv6_ext(uint8_t next)
{
	return next == IPV6_HOP_BY_HOP || next == IPV6_ROUTING || next == IPV6_FRAGMENT ||
	       next == IPV6_DEST_OPTS;
}

static int parse_ipv6(const uint8_t *data, uint32_t len, struct net_hdr *h)
{
	const uint8_t *ip = data + h->l3_off;
	uint32_t off, depth;
	bool first = true, whole = true;
	uint8_t next;

	if (len - h->l3_off < IPV6_HLEN || ip[0] >> 4 != 6 ||
	    net_be16(ip + 4) > len - h->l3_off - IPV6_HLEN) {
		return -XEN_EINVAL;
	}
	h->l3_end = h->l3_off + IPV6_HLEN + net_be16(ip + 4);
	next = ip[6];
	off = h->l3_off + IPV6_HLEN;
	for (depth = 0; depth < NET_HDR_IPV6_EXT_MAX && ipv6_ext(next); depth++) {
		uint32_t ext_len;

		if (h->l3_end - off < 8) {
			return -XEN_EINVAL;
		}
		if (next == IPV6_FRAGMENT) {
			first = first && (net_be16(data + off + 2) & 0xfff8u) == 0;
			whole = false;
			ext_len = 8;
		} else {
			ext_len = ((uint32_t)data[off + 1] + 1u) * 8u;
		}
		if (ext_len > h->l3_end - off) {
			return -XEN_EINVAL;
		}
		next = data[off];
		off += ext_len;
	}
	h->proto = next;
	h->have |= NET_HDR_PROTO;
	if (ipv6_ext(next)) {
		return -XEN_EINVAL; /* deeper than we follow: what it carries is unknown */
	}
	if (!first) {
		return 0; /* a later fragment: no ports */
	}
	return parse_l4(data, off, h->l3_end, whole, h);
}

static bool vlan_tag(uint16_t ethertype)
{
	return ethertype == NET_ETHERTYPE_VLAN || ethertype == NET_ETHERTYPE_QINQ;
}

/** See net_hdr.h. */
int net_hdr_parse(const uint8_t *data, uint32_t len, struct net_hdr *h)
{
	memset(h, 0, sizeof(*h));
	if (len < NET_ETH_HLEN) {
		return -XEN_EINVAL;
	}
	h->ethertype = net_be16(data + 12);
	h->l3_off = NET_ETH_HLEN;
	if (vlan_tag(h->ethertype)) {
		if (len < NET_ETH_HLEN + 4) {
			return -XEN_EINVAL;
		}
		h->ethertype = net_be16(data + 16);
		h->l3_off = NET_ETH_HLEN + 4;
		if (vlan_tag(h->ethertype)) {
			return -XEN_EINVAL; /* stacked tags: not looked through */
		}
	}
	h->l3_end = h->l3_off;
	switch (h->ethertype) {
	case NET_ETHERTYPE_IPV4:
		return parse_ipv4(data, len, h);
	case NET_ETHERTYPE_IPV6:
		return parse_ipv6(data, len, h);
	case NET_ETHERTYPE_ARP:
		return parse_arp(data, len, h);
	default:
		return 0;
	}
}
