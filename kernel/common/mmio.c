// SPDX-License-Identifier: MIT
/* A domain's table of emulated MMIO ranges: registration and lookup. */
#include <errno.h>
#include <lib.h>
#include <mmio.h>

void mmio_reset(struct mmio_table *t)
{
	memset(t, 0, sizeof(*t));
}

int mmio_register(struct mmio_table *t, ipa_t base, uint64_t size, mmio_handler handler)
{
	struct mmio_range *slot = NULL;

	if (size == 0 || base.ipa + size < base.ipa) {
		return -EINVAL;
	}
	for (unsigned int i = 0; i < MMIO_RANGES_MAX; i++) {
		struct mmio_range *r = &t->range[i];

		if (range_overlaps(base.ipa, size, r->base.ipa, r->size)) {
			return -EEXIST;
		}
		if (!r->size && !slot) {
			slot = r;
		}
	}
	if (!slot) {
		return -ENOSPC;
	}
	*slot = (struct mmio_range){ base, size, handler };
	return 0;
}

const struct mmio_range *mmio_find(const struct mmio_table *t, ipa_t addr)
{
	for (unsigned int i = 0; i < MMIO_RANGES_MAX; i++) {
		const struct mmio_range *r = &t->range[i];

		if (r->size && addr.ipa - r->base.ipa < r->size) {
			return r;
		}
	}
	return NULL;
}
