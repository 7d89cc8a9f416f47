/* SPDX-License-Identifier: MIT */
/* Frames inside netback: one allocation each, reference counted, with a count of the live ones. */
#include "net_frame.h"
#include <stdlib.h>

/* The least frame: an Ethernet header. */
#define NET_FRAME_MIN 14u

/* Frames allocated and not freed. Netback runs one thread (net_switch.h), so no lock. */
static uint64_t frames_live;

/** See net_frame.h. */
struct net_frame *net_frame_alloc(uint32_t len)
{
	struct net_frame *f;

	if (len < NET_FRAME_MIN || len > NET_FRAME_MAX) {
		return NULL;
	}
	f = malloc(sizeof(*f) + len);
	if (f == NULL) {
		return NULL;
	}
	f->refs = 1;
	f->len = len;
	f->flags = 0;
	f->gso_type = NET_GSO_NONE;
	f->gso_size = 0;
	frames_live++;
	return f;
}

/** See net_frame.h. */
struct net_frame *net_frame_get(struct net_frame *f)
{
	f->refs++;
	return f;
}

/** See net_frame.h. */
void net_frame_put(struct net_frame *f)
{
	if (f == NULL) {
		return;
	}
	if (--f->refs == 0) {
		frames_live--;
		free(f);
	}
}

/** See net_frame.h. */
uint64_t net_frame_live(void)
{
	return frames_live;
}
