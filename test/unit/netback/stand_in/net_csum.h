/* SPDX-License-Identifier: MIT */
/* What the uplink uses of services/netback/net_csum.h, declared for its test until that lands. */
#ifndef NETBACK_NET_CSUM_H
#define NETBACK_NET_CSUM_H

#include "net_frame.h"
#include <stdint.h>

/*
 * uplink.c includes "net_csum.h": the real header in services/netback is
 * found first once it exists, and this one is not used.
 */

/** Fill in the TCP/UDP checksum of a NET_FRAME_CSUM_BLANK frame (clears the flag). 0 or -errno. */
int net_csum_fill(struct net_frame *f);

/** Where a blank checksum's summing starts and where the sum goes (from start). 0 or -errno. */
int net_csum_offsets(const struct net_frame *f, uint16_t *start, uint16_t *offset);

/** Cut a GSO frame into at most max frames of the MTU (refs 1 each) into segs: how many, or
 *  -errno. f is left as it was. */
int net_gso_segment(const struct net_frame *f, struct net_frame **segs, unsigned int max);

#endif
