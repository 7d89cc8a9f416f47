/* SPDX-License-Identifier: MIT */
/* A stand-in xenstore for the xenbus back ends' unit tests: nodes, watches, history, log. */
#ifndef TEST_FAKE_STORE_H
#define TEST_FAKE_STORE_H

#include <libos/xenbus_backend.h>
#include <stdbool.h>
#include <stddef.h>

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

/** The ops the backend gets: fake_store_* below. */
extern const struct xenbus_backend_store fake_store;

/** Empty the store, the watches and the log. */
void fake_store_reset(void);

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

#endif
