/* SPDX-License-Identifier: MIT */
/* Stand-ins for blkback's unit tests: the engine's connections and the disks, beside the store. */
#ifndef BLKBACK_TEST_FIXTURE_H
#define BLKBACK_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "blk_conn.h"
#include "blk_disk.h"
#include "fake_store.h"

/* The store is test/unit/libos/fake_store.h's; the engine and the disks are stood in for here. */

#define FAKE_CONN_MAX 64

/** Empty the store (fake_store_reset) and the connections. */
void fake_reset(void);

/** One connection the backend started through blk_conn_start. */
struct fake_conn {
	bool live;
	struct blk_conn_params params;
	blk_conn_broken_fn broken;
	void *arg;
};

extern struct fake_conn fake_conns[FAKE_CONN_MAX];
extern unsigned int fake_conn_starts, fake_conn_stops;

/** Make blk_conn_start fail with err (0: succeed again). */
void fake_conn_fail(int err);

/** How many connections are started and not stopped. */
unsigned int fake_conn_live(void);

/** The last connection started (the test fails if there is none). */
struct fake_conn *fake_conn_last(void);

/** Two disks: vda (1 GiB, 512-byte blocks, 4 KiB physical, flush, discard by 4 KiB) and vdb
 *  (4 MiB, read-only, 4 KiB blocks, neither flush nor discard). */
extern const struct blk_disks fake_disks;

#endif
