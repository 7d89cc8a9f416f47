// SPDX-License-Identifier: MIT
/* A DHCP DISCOVER on QEMU's user network is answered with an OFFER of 10.0.2.15 from 10.0.2.2. */
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "net_test.h"

/*
 * Where things are in a DHCP message over UDP over IPv4 without options
 * (RFC 2131, RFC 791, RFC 768): after the Ethernet header the IP header
 * (20 bytes), the UDP header (8), the fixed BOOTP fields (236) and the
 * options, which start with the magic cookie. A request's options area is
 * 312 bytes, so the IP packet is the 576 bytes every host must take.
 */
#define IP_AT 14u
#define UDP_AT (IP_AT + 20u)
#define BOOTP_AT (UDP_AT + 8u)
#define OPTIONS_AT (BOOTP_AT + 236u)
#define OPTIONS_LEN 312u
#define DISCOVER_LEN (OPTIONS_AT + OPTIONS_LEN)
#define DHCP_COOKIE 0x63825363u
#define DHCP_XID 0x7e55e7a1u
#define OPT_MESSAGE_TYPE 53u
#define OPT_SERVER_ID 54u
#define OPT_END 255u
#define DHCP_DISCOVER 1u
#define DHCP_OFFER 2u

/* The one's-complement sum of an IPv4 header, as it goes in its checksum field. */
static uint16_t ip_checksum(const uint8_t *header, unsigned int len)
{
	uint32_t sum = 0;

	for (unsigned int i = 0; i + 1u < len; i += 2u) {
		sum += net_get16(header + i);
	}
	while (sum >> 16) {
		sum = (sum & 0xffffu) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

/* Ethernet broadcast, IPv4 0.0.0.0 -> 255.255.255.255, UDP 68 -> 67 (no UDP checksum). */
static void discover_headers(uint8_t *f)
{
	static const uint8_t mac[6] = NET_GUEST_MAC;
	uint8_t *ip = f + IP_AT;

	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	net_put16(f + 12, NET_ETH_IPV4);
	ip[0] = 0x45; /* version 4, 5 words of header */
	net_put16(ip + 2, DISCOVER_LEN - IP_AT);
	ip[8] = 64; /* time to live */
	ip[9] = 17; /* UDP */
	net_put32(ip + 16, 0xffffffffu);
	net_put16(ip + 10, ip_checksum(ip, 20));
	net_put16(f + UDP_AT, 68);
	net_put16(f + UDP_AT + 2, 67);
	net_put16(f + UDP_AT + 4, DISCOVER_LEN - UDP_AT);
}

/* BOOTREQUEST for our MAC, broadcast reply asked for; options: DISCOVER, what we want, end. */
static void discover_message(uint8_t *f)
{
	static const uint8_t mac[6] = NET_GUEST_MAC;
	static const uint8_t options[] = { OPT_MESSAGE_TYPE, 1, DHCP_DISCOVER, 55, 3, 1, 3, 6,
					   OPT_END };
	uint8_t *bootp = f + BOOTP_AT;

	bootp[0] = 1; /* BOOTREQUEST */
	bootp[1] = 1; /* Ethernet */
	bootp[2] = 6;
	net_put32(bootp + 4, DHCP_XID);
	net_put16(bootp + 10, 0x8000); /* broadcast: we have no address yet */
	memcpy(bootp + 28, mac, 6);
	net_put32(f + OPTIONS_AT, DHCP_COOKIE);
	memcpy(f + OPTIONS_AT + 4, options, sizeof(options));
}

/* The value of option code in a message's options (len bytes from the cookie on), or NULL. */
static const uint8_t *dhcp_option(const uint8_t *opts, uint32_t len, uint8_t code, uint8_t *size)
{
	uint32_t at = 4; /* past the cookie */

	while (at < len && opts[at] != OPT_END) {
		if (opts[at] == 0) { /* pad */
			at++;
			continue;
		}
		if (at + 2u > len || at + 2u + opts[at + 1] > len) {
			return NULL;
		}
		if (opts[at] == code) {
			*size = opts[at + 1];
			return opts + at + 2;
		}
		at += 2u + opts[at + 1];
	}
	return NULL;
}

/* A BOOTREPLY to our transaction over UDP 67 -> 68 whose message type is OFFER. */
static bool is_offer(const uint8_t *f, uint32_t len, void *arg)
{
	const uint8_t *ip = f + IP_AT;
	const uint8_t *type;
	uint32_t ihl;
	uint32_t bootp;
	uint8_t size = 0;

	(void)arg;
	if (len < IP_AT + 20u || net_get16(f + 12) != NET_ETH_IPV4 || ip[9] != 17) {
		return false;
	}
	ihl = (ip[0] & 0xfu) * 4u;
	bootp = IP_AT + ihl + 8u;
	if (ihl < 20u || bootp + 240u > len || net_get16(ip + ihl) != 67 ||
	    net_get16(ip + ihl + 2) != 68) {
		return false;
	}
	if (f[bootp] != 2 || net_get32(f + bootp + 4) != DHCP_XID ||
	    net_get32(f + bootp + 236) != DHCP_COOKIE) {
		return false;
	}
	type = dhcp_option(f + bootp + 236, len - bootp - 236u, OPT_MESSAGE_TYPE, &size);
	return type != NULL && size == 1 && type[0] == DHCP_OFFER;
}

TEST(virtio_net, dhcp_offer)
{
	static uint8_t discover[DISCOVER_LEN];
	static uint8_t offer[VIRTIO_NET_FRAME_MAX];
	struct virtio_net *net = net_device();
	const uint8_t *server;
	uint32_t len;
	uint32_t bootp;
	uint8_t size = 0;

	REQUIRE(net != NULL);
	memset(discover, 0, sizeof(discover));
	discover_headers(discover);
	discover_message(discover);
	net_forget();
	REQUIRE_EQ(net_send(discover, sizeof(discover)), 0);
	len = net_wait_for(is_offer, NULL, offer, sizeof(offer));
	REQUIRE(len > 0);
	bootp = IP_AT + (offer[IP_AT] & 0xfu) * 4u + 8u;
	CHECK_EQ(net_get32(offer + bootp + 16), NET_GUEST_IP); /* yiaddr */
	server = dhcp_option(offer + bootp + 236, len - bootp - 236u, OPT_SERVER_ID, &size);
	REQUIRE(server != NULL && size == 4);
	CHECK_EQ(net_get32(server), NET_GATEWAY_IP);
	printf("virtio_net: DHCP offer of %u.%u.%u.%u from %u.%u.%u.%u\n", offer[bootp + 16],
	       offer[bootp + 17], offer[bootp + 18], offer[bootp + 19], server[0], server[1],
	       server[2], server[3]);
}
