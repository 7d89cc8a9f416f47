/* SPDX-License-Identifier: MIT */
/* The headers of an Ethernet frame, read with every length checked: VLAN, IPv4, IPv6, ARP, ports.
 */
#ifndef NETBACK_NET_HDR_H
#define NETBACK_NET_HDR_H

#include <stdbool.h>
#include <stdint.h>

#define NET_ETH_HLEN 14u
#define NET_ETHERTYPE_IPV4 0x0800u
#define NET_ETHERTYPE_ARP 0x0806u
#define NET_ETHERTYPE_VLAN 0x8100u
#define NET_ETHERTYPE_QINQ 0x88a8u /* 802.1ad's service tag */
#define NET_ETHERTYPE_IPV6 0x86ddu
#define NET_PROTO_ICMP 1u
#define NET_PROTO_TCP 6u
#define NET_PROTO_UDP 17u

/* What net_hdr_parse found (bits of net_hdr.have). */
#define NET_HDR_IP 0x1u    /* src_ip, dst_ip: IPv4 addresses, or ARP's sender and target */
#define NET_HDR_PROTO 0x2u /* proto */
#define NET_HDR_PORTS 0x4u /* src_port, dst_port (TCP, UDP; first fragment only) */
#define NET_HDR_L4 0x8u    /* l4_off: the whole TCP or UDP header is there, unfragmented */

/**
 * The frame's headers. Offsets count from the Ethernet header; l3_end is
 * where the IP packet ends by its own length (Ethernet padding after it is
 * not part of it). Numbers are in host byte order.
 */
struct net_hdr {
	uint16_t ethertype; /* after one optional 802.1Q or 802.1ad tag */
	uint8_t have;       /* NET_HDR_* */
	uint8_t proto;      /* IPv4 protocol, or IPv6's upper-layer next header */
	uint32_t l3_off;    /* the IP or ARP header */
	uint32_t l3_end;    /* the end of the IP packet */
	uint32_t l4_off;    /* the TCP or UDP header, with NET_HDR_L4 */
	uint32_t l4_hlen;   /* its length (TCP's data offset, UDP's 8), with NET_HDR_L4 */
	uint32_t src_ip, dst_ip;
	uint16_t src_port, dst_port;
};

/**
 * Read the headers of data[0..len). Returns 0, or -XEN_EINVAL when the frame
 * is too short for Ethernet, carries a tag inside its tag (stacked VLAN tags,
 * which anti-spoofing and rules would not look through, while a switch that
 * strips the outer one delivers what is inside), or says it is IPv4, IPv6 or
 * ARP (for IPv4) and
 * its header is cut short or inconsistent (IPv4: version, IHL, total length;
 * IPv6: payload length; a TCP or UDP first fragment too short for its ports).
 * h holds what was read either way. IPv6 extension headers (hop-by-hop,
 * routing, destination options, fragment) are followed at most
 * NET_HDR_IPV6_EXT_MAX deep; a chain deeper than that is refused too, since
 * its ports and protocol could not be seen by the rules, while the stack
 * that receives it follows the chain to the end.
 */
int net_hdr_parse(const uint8_t *data, uint32_t len, struct net_hdr *h);

/** IPv6 extension headers followed: each of the four once, a second destination options
 *  header (RFC 8200, 4.1), and some to spare. */
#define NET_HDR_IPV6_EXT_MAX 8u

/** Big-endian 16 and 32 bits at p. */
static inline uint16_t net_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t net_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void net_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void net_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
