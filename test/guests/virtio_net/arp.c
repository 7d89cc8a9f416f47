// SPDX-License-Identifier: MIT
/*
 * The device as QEMU's user network shows it: its MAC and what it took on,
 * an ARP request for the gateway answered, and many requests in flight at
 * once (more than the transmit queue holds; more replies than there are
 * receive buffers, so buffers must come back to the device).
 */
#include <abi/errno.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "net_test.h"

#define MANY_REQUESTS 400u

TEST(virtio_net, reports_the_device)
{
	static const uint8_t mac[6] = NET_GUEST_MAC;
	struct virtio_net *net = net_device();
	const struct virtio_net_info *info;

	REQUIRE(net != NULL);
	info = virtio_net_info(net);
	CHECK(info->mac_from_device);
	CHECK(memcmp(info->mac, mac, sizeof(mac)) == 0);
	CHECK(virtio_net_link_up(net));
	CHECK(info->rx_buffers >= 4);
	/* Offloads are not judged here: they depend on QEMU's network back end; printed. */
	printf("virtio_net: mac %02x:%02x:%02x:%02x:%02x:%02x, link %s, offloads csum %d tso4 %d "
	       "tso6 %d, %u receive buffers\n",
	       info->mac[0], info->mac[1], info->mac[2], info->mac[3], info->mac[4], info->mac[5],
	       virtio_net_link_up(net) ? "up" : "down", info->csum, info->tso4, info->tso6,
	       info->rx_buffers);
}

TEST(virtio_net, arp_reply_from_the_gateway)
{
	struct virtio_net *net = net_device();
	uint32_t gateway = NET_GATEWAY_IP;
	uint8_t request[60];
	uint8_t reply[VIRTIO_NET_FRAME_MAX];
	uint32_t len;

	REQUIRE(net != NULL);
	net_forget();
	net_arp_request(request, gateway);
	REQUIRE_EQ(net_send(request, sizeof(request)), 0);
	len = net_wait_for(net_is_arp_reply, &gateway, reply, sizeof(reply));
	REQUIRE(len >= 42u);
	/* The gateway's MAC: the reply's source and its sender hardware address agree. */
	CHECK(memcmp(reply + 6, reply + 22, 6) == 0);
	printf("virtio_net: 10.0.2.2 is at %02x:%02x:%02x:%02x:%02x:%02x (%u-byte reply)\n",
	       reply[22], reply[23], reply[24], reply[25], reply[26], reply[27], len);
}

/* Every request of the many sent: each slot its own buffer, refused ones tried again later. */
static bool send_many(unsigned int *eagain)
{
	uint8_t request[60];

	net_arp_request(request, NET_GATEWAY_IP);
	for (unsigned int i = 0; i < MANY_REQUESTS; i++) {
		int err;

		while ((err = net_send_async(i, request, sizeof(request))) == -XEN_EAGAIN) {
			(*eagain)++;
			if (!CHECK(net_all_sent())) {
				return false;
			}
		}
		if (!CHECK_EQ(err, 0)) {
			return false;
		}
	}
	return CHECK(net_all_sent());
}

/** The gateway's replies since before reached MANY_REQUESTS. */
static bool all_replies(void *arg)
{
	const uint64_t *before = arg;

	return net_arp_replies() - *before >= MANY_REQUESTS;
}

TEST(virtio_net, many_requests_in_flight)
{
	struct virtio_net *net = net_device();
	struct virtio_net_stats stats;
	uint64_t before = net_arp_replies();
	unsigned int eagain = 0;

	REQUIRE(net != NULL);
	REQUIRE(send_many(&eagain));
	/* Each request answered, though they outnumber the receive buffers. */
	CHECK(net_serve_until(all_replies, &before));
	CHECK_EQ(net_arp_replies() - before, MANY_REQUESTS);
	CHECK(MANY_REQUESTS > virtio_net_info(net)->rx_buffers);
	/* More were sent than the transmit queue holds: some waited for room. */
	CHECK(eagain > 0);
	virtio_net_get_stats(net, &stats);
	CHECK_EQ(stats.bad_used + stats.bad_length + stats.ring_broken, 0);
	CHECK_EQ(stats.tx_done, stats.tx_frames);
	CHECK(stats.interrupts > 0);
	printf("virtio_net: %u ARP requests in flight together (%u refused for room first), "
	       "%lu replies\n",
	       MANY_REQUESTS, eagain, (unsigned long)(net_arp_replies() - before));
}
