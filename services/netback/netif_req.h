/* SPDX-License-Identifier: MIT */
/* netif transmit requests: gathering and checking our copies of one frame's slots. */
#ifndef NETBACK_NETIF_REQ_H
#define NETBACK_NETIF_REQ_H

#include <abi/netif.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The engine copies each tx slot out of the shared ring once (ring.h does)
 * and hands the copy to netif_tx_add, which decides from it alone: nothing
 * here reads shared memory. A frame is its first slot, its extra-info
 * slots, then its further data slots (abi/netif.h).
 *
 * What the checks decide (all of it ends the connection, -XEN_EINVAL, as
 * Linux's netback makes it fatal): a frame shorter than an Ethernet header,
 * more than NETIF_TX_SLOTS_MAX data slots, a slot whose data passes the end
 * of its page, data slots whose sizes add up to more than the frame, an id
 * not below the ring's slot count, an extra of a type not offered (only GSO
 * is) or twice, a GSO extra of an unknown type or a zero size. A bad grant
 * is no concern of this file: the copy finds it (NETIF_RSP_ERROR).
 */

/** Extra-info slots one frame may carry: one of each type offered (GSO). */
#define NETIF_TX_EXTRAS_MAX 1u

/** The shortest frame: an Ethernet header. */
#define NETIF_TX_FRAME_MIN 14u

/** A frame being gathered, then the checked frame. */
struct netif_tx_packet {
	struct netif_tx_request data[NETIF_TX_SLOTS_MAX]; /* data slots, in order; data[0].size
							    is set to its own part once complete */
	unsigned int data_count;                          /* 1..NETIF_TX_SLOTS_MAX */
	unsigned int extra_count; /* 0..NETIF_TX_EXTRAS_MAX: answered after data[0] */
	uint32_t total;           /* the frame's length: the first slot's size */
	uint32_t rest;            /* bytes of the data slots after the first */
	uint16_t flags;           /* the first slot's NETTXF_* */
	bool want_extra;          /* the next slot is an extra */
	bool want_data;           /* then another data slot */
	uint8_t gso_type;         /* XEN_NETIF_GSO_TYPE_*, NONE without a GSO extra */
	uint16_t gso_size;        /* its size (MSS) */
};

/** Start gathering a frame into p. */
void netif_tx_begin(struct netif_tx_packet *p);

/**
 * Add our copy of the next slot (NETIF_TX_SLOT_SIZE bytes) to p; ring_count
 * bounds ids. Returns 1 when the frame needs more slots, 0 when it is
 * complete and checked, or -XEN_EINVAL with *why (a static string) for a
 * frame the protocol forbids.
 */
int netif_tx_add(struct netif_tx_packet *p, const void *slot, uint32_t ring_count,
		 const char **why);

/** Slots p took from the ring: data and extra. */
static inline unsigned int netif_tx_slots(const struct netif_tx_packet *p)
{
	return p->data_count + p->extra_count;
}

#endif
