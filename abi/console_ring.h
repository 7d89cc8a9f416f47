/* SPDX-License-Identifier: MIT */
/* The PV console ring page a domain shares with the console domain. */
#ifndef ABI_CONSOLE_RING_H
#define ABI_CONSOLE_RING_H

#include <stdint.h>

/*
 * The page is the guest's gfn GUEST_CONSOLE_PFN, offered to the console
 * domain as grant ref CONSOLE_GRANT_REF; the event channel is
 * HVM_PARAM_CONSOLE_EVTCHN. Two byte rings with free-running 32-bit
 * indexes, byte i at i & (size - 1): input (serial -> guest) and output
 * (guest -> serial). The guest notifies after writing output and after
 * consuming input; the console domain notifies after either too.
 */
#define CONSOLE_RING_IN_SIZE 1024u
#define CONSOLE_RING_OUT_SIZE 2048u
#define CONSOLE_GRANT_REF 0u /* grant ref of the ring page, by convention */

/** The console ring page (first 3088 bytes of the page). */
struct console_ring {
	char in[CONSOLE_RING_IN_SIZE];   /* console domain -> guest */
	char out[CONSOLE_RING_OUT_SIZE]; /* guest -> console domain */
	uint32_t in_cons;                /* guest writes */
	uint32_t in_prod;                /* console domain writes */
	uint32_t out_cons;               /* console domain writes */
	uint32_t out_prod;               /* guest writes */
};
_Static_assert(sizeof(struct console_ring) == 3088, "console_ring size");
_Static_assert(__builtin_offsetof(struct console_ring, out) == 1024, "offset");
_Static_assert(__builtin_offsetof(struct console_ring, in_cons) == 3072, "offset");
_Static_assert(__builtin_offsetof(struct console_ring, in_prod) == 3076, "offset");
_Static_assert(__builtin_offsetof(struct console_ring, out_cons) == 3080, "offset");
_Static_assert(__builtin_offsetof(struct console_ring, out_prod) == 3084, "offset");

#endif
