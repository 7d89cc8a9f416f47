/* SPDX-License-Identifier: MIT */
/* Checksum offload and GSO done in software: blank TCP/UDP checksums filled in, GSO frames cut. */
#ifndef NETBACK_NET_CSUM_H
#define NETBACK_NET_CSUM_H

#include "net_frame.h"
#include <stdint.h>

/**
 * Fill in the TCP or UDP checksum of f (IPv4 or IPv6, not fragmented): the
 * whole sum over the pseudo-header and the segment is computed with the
 * field taken as zero, so whatever the field held (a pseudo-header sum, as
 * a frontend sending a blank checksum leaves it, or anything else) does
 * not matter. Clears NET_FRAME_CSUM_BLANK and sets NET_FRAME_DATA_VALIDATED.
 * f's data is written: the caller holds the only reference (refs == 1).
 * Returns 0, or -XEN_EINVAL for a frame that is not TCP or UDP over IPv4
 * or IPv6, is fragmented, or is cut short.
 */
int net_csum_fill(struct net_frame *f);

/**
 * Where f's TCP or UDP checksum goes, as virtio-net's NEEDS_CSUM says it:
 * *start, the offset of the TCP or UDP header in the frame, and *offset,
 * that of the checksum field from *start. 0, or -XEN_EINVAL as net_csum_fill.
 */
int net_csum_offsets(const struct net_frame *f, uint16_t *start, uint16_t *offset);

/**
 * Cut the GSO frame f (NET_GSO_TCPV4 over IPv4, NET_GSO_TCPV6 over IPv6,
 * gso_size > 0) into frames carrying at most gso_size bytes of TCP payload
 * each, in out[0..*count). Each has f's headers with its own IP length
 * (IPv4: its own id, f's id plus its index, and header checksum), its TCP
 * sequence number advanced by the payload before it, FIN and PSH only on
 * the last, CWR only on the first, and its TCP checksum filled in
 * (NET_FRAME_DATA_VALIDATED, no GSO). f is not changed. Returns 0, or
 * -XEN_EINVAL for a frame that is not such a GSO frame or is malformed,
 * -XEN_ENOSPC when it would take more than max frames, -XEN_ENOMEM; on
 * failure no frame is left allocated and *count is 0.
 */
int net_gso_segment(const struct net_frame *f, struct net_frame **out, unsigned int max,
		    unsigned int *count);

#endif
