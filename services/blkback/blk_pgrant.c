// SPDX-License-Identifier: MIT
/* Persistent grants: an open-addressed table of mapped refs, per queue. */
#include "blk_pgrant.h"
#include <stddef.h>

/* Locking: none; a table belongs to one queue, served from one thread (blk_platform.h). */

/* The first slot to probe for ref: a multiplicative hash, so refs in a row spread out. */
static unsigned int blk_pgrant_hash(grant_ref_t ref)
{
	return (unsigned int)((ref * 2654435761u) >> 21) & (BLK_PGRANT_SLOTS - 1u);
}

const struct blk_pgrant *blk_pgrant_find(const struct blk_pgrants *t, grant_ref_t ref)
{
	unsigned int i = blk_pgrant_hash(ref);

	/* The table is never more than about half full, so a free slot ends every probe. */
	while (t->slots[i].va != NULL) {
		if (t->slots[i].ref == ref) {
			return &t->slots[i];
		}
		i = (i + 1u) & (BLK_PGRANT_SLOTS - 1u);
	}
	return NULL;
}

bool blk_pgrant_room(const struct blk_pgrants *t)
{
	return t->count < BLK_PGRANTS_MAX;
}

const struct blk_pgrant *blk_pgrant_add(struct blk_pgrants *t, grant_ref_t ref, void *va,
					grant_handle_t handle, uint64_t bus)
{
	unsigned int i = blk_pgrant_hash(ref);

	while (t->slots[i].va != NULL) {
		i = (i + 1u) & (BLK_PGRANT_SLOTS - 1u);
	}
	t->slots[i] = (struct blk_pgrant){ .va = va, .ref = ref, .handle = handle, .bus = bus };
	t->count++;
	return &t->slots[i];
}

void blk_pgrant_clear(struct blk_pgrants *t, void (*unmap)(void *va, grant_handle_t handle))
{
	for (unsigned int i = 0; i < BLK_PGRANT_SLOTS; i++) {
		if (t->slots[i].va != NULL) {
			unmap(t->slots[i].va, t->slots[i].handle);
			t->slots[i].va = NULL;
		}
	}
	t->count = 0;
}
