/* SPDX-License-Identifier: MIT */
/* An Ethernet frame inside netback, with the offload metadata that travels with it. */
#ifndef NETBACK_NET_FRAME_H
#define NETBACK_NET_FRAME_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A frame is one allocation: this header, then len bytes of frame from the
 * Ethernet header on (no FCS). It lives in netback's own memory, so grant
 * copies and the virtio-net device reach it. Frames are reference counted:
 * the switch floods one frame to several ports by taking a reference for
 * each, and whoever holds a reference never writes data (a port that must
 * change a frame, e.g. to fill in a checksum, copies it first when refs > 1).
 *
 * The metadata is what the netif and virtio-net protocols carry beside the
 * bytes; the frame's source (a frontend's transmit request, the uplink's
 * virtio_net_hdr) sets it, after checking it against the frame's headers:
 *   NET_FRAME_CSUM_BLANK      the TCP/UDP checksum is not filled in (only a
 *                             pseudo-header sum is there); who puts the frame
 *                             on a wire or hands it to a peer that cannot take
 *                             a blank checksum fills it in (net_csum.h)
 *   NET_FRAME_DATA_VALIDATED  the checksum need not be checked again
 *   gso_type/gso_size         the frame is bigger than the MTU and is to be cut
 *                             into TCP segments of gso_size payload bytes by
 *                             whoever cannot take it whole
 */

/** The longest frame: a 64 KiB IP packet (GSO) and its Ethernet header. */
#define NET_FRAME_MAX (65535u + 14u)

/** The longest frame without GSO: 1500 bytes of payload, a VLAN tag, the Ethernet header. */
#define NET_FRAME_MTU_MAX (1500u + 18u)

#define NET_FRAME_CSUM_BLANK 0x1u
#define NET_FRAME_DATA_VALIDATED 0x2u

enum net_gso_type {
	NET_GSO_NONE = 0,
	NET_GSO_TCPV4 = 1,
	NET_GSO_TCPV6 = 2,
};

struct net_frame {
	uint32_t refs;     /* references held; the frame is freed when the last goes */
	uint32_t len;      /* bytes of data: 14..NET_FRAME_MAX */
	uint16_t flags;    /* NET_FRAME_* */
	uint8_t gso_type;  /* enum net_gso_type */
	uint16_t gso_size; /* payload bytes a segment, when gso_type != NET_GSO_NONE */
	uint8_t data[];
};

/** A frame of len bytes (14..NET_FRAME_MAX; data not set), refs 1, no flags; NULL if out of
 *  memory or len out of bounds. */
struct net_frame *net_frame_alloc(uint32_t len);

/** Take another reference. */
struct net_frame *net_frame_get(struct net_frame *f);

/** Drop a reference; the last frees f. NULL is ignored. */
void net_frame_put(struct net_frame *f);

/** Frames allocated and not yet freed (for leak checks in tests and diagnostics). */
uint64_t net_frame_live(void);

#endif
