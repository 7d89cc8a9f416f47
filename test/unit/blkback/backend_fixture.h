/* SPDX-License-Identifier: MIT */
/* Stand-ins for blkback's unit tests: a store, the engine's connections and the disks. */
#ifndef BLKBACK_TEST_FIXTURE_H
#define BLKBACK_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "blk_conn.h"
#include "blk_disk.h"

/*
 * The store holds nodes by path (a write makes the parents, as xenstored
 * does), fires watches on writes and removals (a watch at or above the
 * path, or below a removed one) and queues the events: fake_store_run
 * delivers them one at a time, as the library OS's loop does, never inside
 * a store call. Transactions apply at once and commit; the backend aborts
 * one only before it has written anything.
 */

#define FAKE_LOG_MAX 64
#define FAKE_HISTORY_MAX 1024
#define FAKE_CONN_MAX 64

/** The ops the backend gets: fake_store_* below. */
extern const struct backend_store fake_store;

/** Empty the store, the watches, the logs and the connections. */
void fake_reset(void);

/** Deliver queued watch events until there are none (fails the test on an endless stream). */
void fake_store_run(void);

/** Set path = value (as a peer would), firing watches. */
void fake_store_put(const char *path, const char *value);

/** The value at path, or NULL. */
const char *fake_store_get(const char *path);

/** Remove path and below (as a peer would), firing watches. */
void fake_store_remove(const char *path);

/** How many watches are set. */
unsigned int fake_store_watches(void);

/** How many times path was written with value (by anyone) since the reset. */
unsigned int fake_store_writes(const char *path, const char *value);

/** The values written to path in order, joined by ',' ("2,4,5,6"). */
const char *fake_store_history(const char *path);

/** Make the next watch call fail with err (0: succeed again). */
void fake_store_fail_watch(long err);

/** The log lines so far. */
extern char fake_log[FAKE_LOG_MAX][256];
extern unsigned int fake_log_count;

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
