/* SPDX-License-Identifier: MIT */
/* What the uplink uses of services/netback/net_csum.h, declared alike for its test until it lands.
 */
#ifndef NETBACK_NET_CSUM_H
#define NETBACK_NET_CSUM_H

#include "net_frame.h"
#include <stdint.h>

/*
 * uplink.c includes "net_csum.h": the real header in services/netback is
 * found first once it exists, and this one is not used.
 */

/** Fill in the TCP or UDP checksum of f (clears NET_FRAME_CSUM_BLANK, sets
 *  NET_FRAME_DATA_VALIDATED); f unshared. 0 or -XEN_EINVAL. */
int net_csum_fill(struct net_frame *f);

/** Where f's checksum goes, as NEEDS_CSUM says it: the L4 header's offset and the field's from
 *  there. 0 or -XEN_EINVAL. */
int net_csum_offsets(const struct net_frame *f, uint16_t *start, uint16_t *offset);

/** Cut the GSO frame f into at most max frames of gso_size payload each, checksums filled in,
 *  into out[0..*count). 0, or -XEN_EINVAL, -XEN_ENOSPC (more than max), -XEN_ENOMEM; on failure
 *  nothing is left allocated. f is not changed. */
int net_gso_segment(const struct net_frame *f, struct net_frame **out, unsigned int max,
		    unsigned int *count);

#endif
