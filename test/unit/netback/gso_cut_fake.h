/* SPDX-License-Identifier: MIT */
/* A stand-in for net_csum.c's GSO segmenter, for the VIF engine's unit tests and fuzz target. */
#ifndef GSO_CUT_FAKE_H
#define GSO_CUT_FAKE_H

#include "net_frame.h"

/**
 * Cut f's bytes into pieces of f->gso_size (no headers: the real cut is
 * net_csum_test's), each checked (NET_FRAME_DATA_VALIDATED) and without GSO,
 * as net_gso_segment makes them, from the caller's net_frame_alloc. Returns
 * 0, -XEN_ENOSPC for more than max pieces (or a gso_size of 0), -XEN_ENOMEM
 * with nothing left allocated.
 */
int gso_cut_fake(const struct net_frame *f, struct net_frame **out, unsigned int max,
		 unsigned int *count);

#endif
