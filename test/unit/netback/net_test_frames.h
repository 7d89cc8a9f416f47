/* SPDX-License-Identifier: MIT */
/* Frames made to order for the netback unit tests: Ethernet, VLAN, IPv4, IPv6, ARP, TCP, UDP. */
#ifndef NET_TEST_FRAMES_H
#define NET_TEST_FRAMES_H

#include <stdbool.h>
#include <stdint.h>
#include "net_frame.h"

/* What to build. Zero fields are the defaults: no VLAN, ethertype IPv4. */
struct tf_spec {
	uint8_t dst_mac[6], src_mac[6];
	uint16_t vlan;           /* non-zero: an 802.1Q tag with this VLAN id */
	uint16_t ethertype;      /* 0: IPv4; 0x86dd IPv6; 0x0806 ARP; anything else: raw payload */
	uint32_t src_ip, dst_ip; /* IPv4, ARP; IPv6 puts them in the low bytes of 2001:db8:: */
	uint8_t proto;           /* 6 TCP, 17 UDP, or anything (then payload only) */
	uint16_t src_port, dst_port;
	uint16_t frag; /* IPv4's flags and fragment offset field */
	uint8_t tcp_flags;
	uint32_t seq;
	uint32_t payload; /* bytes after the L4 header, filled with a pattern */
	uint32_t pad;     /* bytes of Ethernet padding after the IP packet */
};

/** The frame s describes (refs 1), with its IPv4 header checksum right and its L4 checksum
 *  zero. */
struct net_frame *tf_make(const struct tf_spec *s);

/** The 16-bit one's complement sum (not complemented) of len bytes. */
uint16_t tf_sum(const uint8_t *p, uint32_t len, uint32_t start);

/** True if the TCP/UDP checksum of the IPv4 or IPv6 packet at data + l3 (l4 after it, len
 *  bytes of segment) checks: the sum over the pseudo-header and segment is 0xffff. */
bool tf_l4_ok(const uint8_t *data, uint32_t l3, bool ipv6, uint32_t l4, uint32_t len,
	      uint8_t proto);

#define TF_IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

#endif
