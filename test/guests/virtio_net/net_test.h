/* SPDX-License-Identifier: MIT */
/* What the virtio-net test cases share: the device, frames sent and received, QEMU's user network.
 */
#ifndef TEST_GUESTS_VIRTIO_NET_NET_TEST_H
#define TEST_GUESTS_VIRTIO_NET_NET_TEST_H

#include <libos/virtio_net.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * test/system/virtio_net.qemu gives the domain one virtio-net device on
 * QEMU's user network (slirp) with the MAC below. Slirp is the gateway
 * 10.0.2.2 of 10.0.2.0/24 and hands out 10.0.2.15 first by DHCP.
 */
#define NET_GUEST_MAC                              \
	{                                          \
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56 \
	}
#define NET_GUEST_IP 0x0a00020fu   /* 10.0.2.15 */
#define NET_GATEWAY_IP 0x0a000202u /* 10.0.2.2 */

#define NET_ETH_ARP 0x0806u
#define NET_ETH_IPV4 0x0800u

/** The opened device, or NULL; opened on the first call. */
struct virtio_net *net_device(void);

/** Which frame a wait is for: whether frame (len bytes) is it. */
typedef bool (*net_match_fn)(const uint8_t *frame, uint32_t len, void *arg);

/** Forget the frames received so far (they are only counted). */
void net_forget(void);

/**
 * Run the loop until a frame received since the last net_forget matches
 * (bounded). Returns its length and copies it to out (up to out_max
 * bytes), or 0 if none came.
 */
uint32_t net_wait_for(net_match_fn match, void *arg, uint8_t *out, uint32_t out_max);

/** Frames received (all of them) since open, and those that match since net_forget (of the
 *  last 64 kept). */
uint64_t net_received(void);
unsigned int net_matched(net_match_fn match, void *arg);

/** ARP replies of the gateway to us since open (all of them, counted as they come). */
uint64_t net_arp_replies(void);

/** Run the loop until cond(arg) holds (bounded); whether it did. */
bool net_serve_until(bool (*cond)(void *), void *arg);

/** What net_send returns when the device never completed (no Xen errno says it). */
#define NET_TIMED_OUT (-1000)

/**
 * Send len bytes (copied) and run the loop until the device is done with
 * them, waiting while its queue is full. Returns 0, the error, or
 * NET_TIMED_OUT.
 */
int net_send(const void *frame, uint32_t len);

/**
 * Start sending len bytes (copied into slot's buffer, slot < NET_SEND_SLOTS)
 * without waiting for the device; -XEN_EAGAIN when its queue is full.
 */
int net_send_async(unsigned int slot, const void *frame, uint32_t len);

/** Run the loop until every frame sent has been completed (bounded); whether they were. */
bool net_all_sent(void);

#define NET_SEND_SLOTS 512u

/** Big-endian fields, as the wire has them. */
void net_put16(uint8_t *p, uint16_t v);
void net_put32(uint8_t *p, uint32_t v);
uint16_t net_get16(const uint8_t *p);
uint32_t net_get32(const uint8_t *p);

/** Build an ARP request from us (NET_GUEST_IP) for ip into frame (60 bytes). */
void net_arp_request(uint8_t frame[60], uint32_t ip);

/** A net_match_fn for the ARP reply of ip (arg: the uint32_t ip) to us. */
bool net_is_arp_reply(const uint8_t *frame, uint32_t len, void *arg);

#endif
