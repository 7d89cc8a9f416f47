// SPDX-License-Identifier: MIT
/* A stand-in for net_csum.c's GSO segmenter (gso_cut_fake.h). */
#include <abi/errno.h>
#include <string.h>

#include "gso_cut_fake.h"

int gso_cut_fake(const struct net_frame *f, struct net_frame **out, unsigned int max,
		 unsigned int *count)
{
	unsigned int n = f->gso_size ? (f->len + f->gso_size - 1u) / f->gso_size : max + 1u;

	*count = 0;
	if (n > max) {
		return -XEN_ENOSPC;
	}
	for (unsigned int i = 0; i < n; i++) {
		uint32_t at = i * f->gso_size;
		uint32_t len = f->len - at < f->gso_size ? f->len - at : f->gso_size;

		out[i] = net_frame_alloc(len);
		if (out[i] == NULL) {
			while (i > 0) {
				net_frame_put(out[--i]);
			}
			return -XEN_ENOMEM;
		}
		memcpy(out[i]->data, f->data + at, len);
		out[i]->flags = NET_FRAME_DATA_VALIDATED;
	}
	*count = n;
	return 0;
}
