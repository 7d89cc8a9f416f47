/* SPDX-License-Identifier: MIT */
/* Persistent grants: a queue's frontend pages kept mapped, found by grant ref. */
#ifndef BLKBACK_BLK_PGRANT_H
#define BLKBACK_BLK_PGRANT_H

#include <abi/grant_table.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * With feature-persistent the frontend keeps granting the same pages, so a
 * queue maps each new ref once and keeps it (up to BLK_PGRANTS_MAX, as
 * Linux's blkback), copying with memcpy instead of a grant copy. A ref
 * beyond the bound is moved by grant copy. Nothing is unmapped before the
 * connection ends (the frontend cannot revoke a mapped grant).
 */

/** Persistent grants a queue keeps at most (Linux's blkback: 1056 a ring). */
#define BLK_PGRANTS_MAX 1056u

/* Open addressing: twice the entries, a power of two, so a probe always ends. */
#define BLK_PGRANT_SLOTS 2048u
_Static_assert(BLK_PGRANT_SLOTS > BLK_PGRANTS_MAX, "never full: every probe ends");

struct blk_pgrant {
	void *va; /* NULL: a free slot */
	grant_ref_t ref;
	grant_handle_t handle;
	uint64_t bus; /* where the disk reaches the page in place; 0: it is copied through va */
};

/** A queue's table (zeroed: empty). */
struct blk_pgrants {
	unsigned int count;
	struct blk_pgrant slots[BLK_PGRANT_SLOTS];
};

/** ref's entry, or NULL if it is not a persistent grant of t. */
const struct blk_pgrant *blk_pgrant_find(const struct blk_pgrants *t, grant_ref_t ref);

/** Whether t has room for one more. */
bool blk_pgrant_room(const struct blk_pgrants *t);

/** Keep ref, mapped at va with handle, reached by the disk at bus (not in t yet, and t has
 *  room); its entry. */
const struct blk_pgrant *blk_pgrant_add(struct blk_pgrants *t, grant_ref_t ref, void *va,
					grant_handle_t handle, uint64_t bus);

/** Call unmap on every entry and empty t. */
void blk_pgrant_clear(struct blk_pgrants *t, void (*unmap)(void *va, grant_handle_t handle));

#endif
