/* SPDX-License-Identifier: MIT */
/* What the peer of the hostile ABI domain offers it, and what it offers to others. */
#ifndef TEST_GUESTS_ABI_PEER_OFFERS_H
#define TEST_GUESTS_ABI_PEER_OFFERS_H

/*
 * The peer grants three pages and allocates two ports, in this order, so
 * refs and ports are known without xenstore; it allocates the hostile
 * domain's port last, so once the hostile domain could bind it, everything
 * else is in place. The hostile domain ends by sending one event on its
 * port: "done".
 */
#define OFFER_HOSTILE_DOMID 1
#define OFFER_OTHER_DOMID 3 /* a bystander: offered things the hostile domain must not get */

#define OFFER_REF_OTHER 8u   /* read/write, to the bystander */
#define OFFER_REF_RW 9u      /* read/write, to the hostile domain */
#define OFFER_REF_RO 10u     /* read-only, to the hostile domain */
#define OFFER_REF_UNUSED 11u /* never granted (flags 0) */

#define OFFER_PORT_OTHER 1u   /* unbound, for the bystander */
#define OFFER_PORT_HOSTILE 2u /* unbound, for the hostile domain */

/* What the granted pages hold, byte i. */
#define OFFER_RW_BYTE(i) ((uint8_t)(0x3cu + (i)))
#define OFFER_RO_BYTE(i) ((uint8_t)(0xa5u ^ (i)))

/* How long each side waits for the other. */
#define OFFER_WAIT_SECONDS 60u
#define OFFER_HOSTILE_SECONDS 200u

#endif
