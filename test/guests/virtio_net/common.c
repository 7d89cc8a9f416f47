// SPDX-License-Identifier: MIT
/* Shared by the virtio-net cases: the device opened once, frames kept as they come, waits. */
#include <abi/errno.h>
#include <libos/loop.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "../common/irq_setup.h"
#include "net_test.h"

#define NET_WAIT_NS 10000000000ull /* 10 s: QEMU's TCG on a busy host is slow */
#define NET_KEPT 64u               /* received frames kept for the waits */

/** A received frame, copied out of the driver's buffer. */
struct net_kept {
	uint32_t len;
	uint8_t data[VIRTIO_NET_FRAME_MAX];
};

static struct virtio_net *net_dev;
static bool net_opened;
static struct net_kept kept[NET_KEPT];
static unsigned int kept_count; /* since net_forget; the ring holds the last NET_KEPT */
static uint64_t received;
static uint64_t arp_replies;

static uint8_t send_bufs[NET_SEND_SLOTS][VIRTIO_NET_FRAME_MAX] __attribute__((aligned(64)));
static unsigned int sends_out;

static void net_rx(void *arg, const uint8_t *frame, uint32_t len)
{
	struct net_kept *k = &kept[kept_count % NET_KEPT];

	uint32_t gateway = NET_GATEWAY_IP;

	(void)arg;
	received++;
	if (net_is_arp_reply(frame, len, &gateway)) {
		arp_replies++;
	}
	k->len = len;
	memcpy(k->data, frame, len);
	kept_count++;
}

struct virtio_net *net_device(void)
{
	struct virtio_mmio_dev devs[2];
	int count;

	if (net_opened) {
		return net_dev;
	}
	net_opened = true;
	count = virtio_net_find(devs, 2);
	if (!CHECK_EQ(count, 1) || !irq_setup_boot()) {
		return NULL;
	}
	test_context("opening the network device at %#lx", (unsigned long)devs[0].base);
	CHECK_EQ(virtio_net_open(&devs[0], net_rx, NULL, &net_dev), 0);
	test_context(NULL);
	return net_dev;
}

void net_forget(void)
{
	kept_count = 0;
}

uint64_t net_received(void)
{
	return received;
}

uint64_t net_arp_replies(void)
{
	return arp_replies;
}

bool net_serve_until(bool (*cond)(void *), void *arg)
{
	return loop_serve_until(cond, arg, loop_deadline_ns(NET_WAIT_NS)) == 1;
}

unsigned int net_matched(net_match_fn match, void *arg)
{
	unsigned int first = kept_count > NET_KEPT ? kept_count - NET_KEPT : 0;
	unsigned int n = 0;

	for (unsigned int i = first; i < kept_count; i++) {
		const struct net_kept *k = &kept[i % NET_KEPT];

		n += match(k->data, k->len, arg) ? 1u : 0u;
	}
	return n;
}

/** A wait's question: does a kept frame match yet? */
struct net_wait {
	net_match_fn match;
	void *arg;
};

static bool net_some_match(void *arg)
{
	const struct net_wait *w = arg;

	return net_matched(w->match, w->arg) > 0;
}

uint32_t net_wait_for(net_match_fn match, void *arg, uint8_t *out, uint32_t out_max)
{
	struct net_wait w = { .match = match, .arg = arg };
	unsigned int first;

	if (!net_serve_until(net_some_match, &w)) {
		return 0;
	}
	first = kept_count > NET_KEPT ? kept_count - NET_KEPT : 0;
	for (unsigned int i = first; i < kept_count; i++) {
		const struct net_kept *k = &kept[i % NET_KEPT];

		if (match(k->data, k->len, arg)) {
			memcpy(out, k->data, k->len < out_max ? k->len : out_max);
			return k->len;
		}
	}
	return 0;
}

static void net_sent(void *arg, int status)
{
	int *result = arg;

	*result = status;
	sends_out--;
}

static int send_status[NET_SEND_SLOTS];

int net_send_async(unsigned int slot, const void *frame, uint32_t len)
{
	struct virtio_net_buf buf;
	struct virtio_net_tx tx = { .bufs = &buf, .buf_count = 1, .done = net_sent };
	int err;

	if (slot >= NET_SEND_SLOTS || len > sizeof(send_bufs[0])) {
		return -XEN_EINVAL;
	}
	memcpy(send_bufs[slot], frame, len);
	buf = (struct virtio_net_buf){ .addr = send_bufs[slot], .len = len };
	tx.arg = &send_status[slot];
	send_status[slot] = 1; /* not done yet */
	err = virtio_net_submit(net_dev, &tx);
	if (err == 0) {
		sends_out++;
	}
	return err;
}

static bool net_none_out(void *arg)
{
	(void)arg;
	return sends_out == 0;
}

bool net_all_sent(void)
{
	return net_serve_until(net_none_out, NULL);
}

static bool net_slot_done(void *arg)
{
	const int *status = arg;

	return *status != 1;
}

int net_send(const void *frame, uint32_t len)
{
	int err;

	for (;;) {
		err = net_send_async(0, frame, len);
		if (err != -XEN_EAGAIN) {
			break;
		}
		if (!net_all_sent()) {
			return NET_TIMED_OUT;
		}
	}
	if (err != 0) {
		return err;
	}
	if (!net_serve_until(net_slot_done, &send_status[0])) {
		return NET_TIMED_OUT;
	}
	return send_status[0];
}

void net_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void net_put32(uint8_t *p, uint32_t v)
{
	net_put16(p, (uint16_t)(v >> 16));
	net_put16(p + 2, (uint16_t)v);
}

uint16_t net_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t net_get32(const uint8_t *p)
{
	return (uint32_t)net_get16(p) << 16 | net_get16(p + 2);
}

/*
 * An ARP request (RFC 826) for IPv4 over Ethernet: after the Ethernet
 * header, hardware type 1, protocol 0x0800, lengths 6 and 4, operation 1,
 * then sender MAC and IP, target MAC (zero) and IP; padded to 60 bytes.
 */
void net_arp_request(uint8_t frame[60], uint32_t ip)
{
	static const uint8_t mac[6] = NET_GUEST_MAC;
	uint8_t *arp = frame + 14;

	memset(frame, 0, 60);
	memset(frame, 0xff, 6);
	memcpy(frame + 6, mac, 6);
	net_put16(frame + 12, NET_ETH_ARP);
	net_put16(arp, 1);
	net_put16(arp + 2, NET_ETH_IPV4);
	arp[4] = 6;
	arp[5] = 4;
	net_put16(arp + 6, 1);
	memcpy(arp + 8, mac, 6);
	net_put32(arp + 14, NET_GUEST_IP);
	net_put32(arp + 24, ip);
}

/* An ARP reply (operation 2) from ip to us: sender IP ip, target our MAC and IP. */
bool net_is_arp_reply(const uint8_t *frame, uint32_t len, void *arg)
{
	static const uint8_t mac[6] = NET_GUEST_MAC;
	const uint32_t *ip = arg;
	const uint8_t *arp = frame + 14;

	return len >= 42u && net_get16(frame + 12) == NET_ETH_ARP && net_get16(arp + 6) == 2u &&
	       net_get32(arp + 14) == *ip && memcmp(arp + 18, mac, 6) == 0 &&
	       net_get32(arp + 24) == NET_GUEST_IP && memcmp(frame, mac, 6) == 0;
}
