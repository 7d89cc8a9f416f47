// SPDX-License-Identifier: MIT
/* Watches: the first event at once, events for changes at or below, relative paths, unwatch. */
#include <abi/errno.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "xs_test.h"

#define WATCH_LOG_SIZE 16
#define WATCH_WAIT_MS 3000u
#define WATCH_QUIET_MS 300u

/** The events one watch delivered (callbacks run in thread context: plain code is fine). */
struct watch_log {
	unsigned int count;
	char paths[WATCH_LOG_SIZE][96];
	char token[32];
};

/** What watch_saw waits for: path among the events from index from on. */
struct watch_expect {
	const struct watch_log *log;
	unsigned int from;
	const char *path;
};

static void watch_record(const char *path, const char *token, void *arg)
{
	struct watch_log *log = arg;

	if (log->count < WATCH_LOG_SIZE) {
		snprintf(log->paths[log->count], sizeof(log->paths[0]), "%s", path);
	}
	snprintf(log->token, sizeof(log->token), "%s", token);
	log->count++;
}

static bool watch_saw(void *arg)
{
	const struct watch_expect *e = arg;

	for (unsigned int i = e->from; i < e->log->count && i < WATCH_LOG_SIZE; i++) {
		if (strcmp(e->log->paths[i], e->path) == 0) {
			return true;
		}
	}
	return false;
}

/* Whether an event for path comes (from index from of log on) within WATCH_WAIT_MS. */
static bool watch_expect_event(const struct watch_log *log, unsigned int from, const char *path)
{
	struct watch_expect e = { log, from, path };

	test_context("waiting for an event on %s", path);
	return xs_test_serve(watch_saw, &e, WATCH_WAIT_MS);
}

TEST(xenstore, watch_fires_at_once_and_on_changes_below)
{
	static struct watch_log log;
	domid_t self = xs_test_self();
	char watched[64];
	char child[80];
	char grandchild[96];
	unsigned int before;

	REQUIRE(xs_test_up());
	REQUIRE(self != DOMID_INVALID);
	xs_test_home_of(self, watched, sizeof(watched));
	strcat(watched, "/data/wt");
	snprintf(child, sizeof(child), "%s/a", watched);
	snprintf(grandchild, sizeof(grandchild), "%s/a/b", watched);
	(void)xenbus_rm(XENBUS_TX_NONE, "data/wt");
	REQUIRE_EQ(xenbus_watch(watched, "tok-abs", watch_record, &log), 0);
	CHECK(watch_expect_event(&log, 0, watched));
	CHECK_EQ(strcmp(log.token, "tok-abs"), 0);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/wt/a", "1"), 0);
	CHECK(watch_expect_event(&log, 1, child));
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/wt/a/b", "2"), 0);
	CHECK(watch_expect_event(&log, 1, grandchild));
	/* A sibling sharing the name's prefix is not below the watched node. */
	before = log.count;
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/wtx", "3"), 0);
	xs_test_serve_for(WATCH_QUIET_MS);
	CHECK_EQ(log.count, before);
	test_context(NULL);
	CHECK_EQ(xenbus_unwatch(watched, "tok-abs"), 0);
}

TEST(xenstore, relative_watch_gives_relative_paths)
{
	static struct watch_log log;

	REQUIRE(xs_test_up());
	(void)xenbus_rm(XENBUS_TX_NONE, "data/rel");
	REQUIRE_EQ(xenbus_watch("data/rel", "tok-rel", watch_record, &log), 0);
	CHECK(watch_expect_event(&log, 0, "data/rel"));
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/rel/x", "1"), 0);
	CHECK(watch_expect_event(&log, 1, "data/rel/x"));
	CHECK_EQ(strcmp(log.token, "tok-rel"), 0);
	test_context(NULL);
	CHECK_EQ(xenbus_unwatch("data/rel", "tok-rel"), 0);
}

TEST(xenstore, unwatch_stops_events)
{
	static struct watch_log log;
	unsigned int before;

	REQUIRE(xs_test_up());
	REQUIRE_EQ(xenbus_watch("data/uw", "tok-uw", watch_record, &log), 0);
	CHECK(watch_expect_event(&log, 0, "data/uw"));
	CHECK_EQ(xenbus_unwatch("data/uw", "tok-uw"), 0);
	before = log.count;
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/uw/x", "1"), 0);
	xs_test_serve_for(WATCH_QUIET_MS);
	CHECK_EQ(log.count, before);
	/* The token is free again, and the store knows the watch no more. */
	CHECK_EQ(xenbus_unwatch("data/uw", "tok-uw"), -XEN_ENOENT);
}

TEST(xenstore, duplicate_token_refused)
{
	static struct watch_log log;

	REQUIRE(xs_test_up());
	REQUIRE_EQ(xenbus_watch("data/dup", "tok-dup", watch_record, &log), 0);
	CHECK_EQ(xenbus_watch("data/dup2", "tok-dup", watch_record, &log), -XEN_EEXIST);
	CHECK_EQ(xenbus_unwatch("data/dup", "tok-dup"), 0);
}

/** What a flood of events left: how many came, and the last one's path. */
struct flood_log {
	unsigned int count;
	char last[96];
};

static void flood_record(const char *path, const char *token, void *arg)
{
	struct flood_log *log = arg;

	(void)token;
	snprintf(log->last, sizeof(log->last), "%s", path);
	log->count++;
}

TEST(xenstore, dropped_events_reach_their_watch_as_one_on_its_path)
{
	static struct flood_log log;
	struct xenbus_stats before, after;
	domid_t self = xs_test_self();
	char watched[64], node[40];
	unsigned int first;

	REQUIRE(xs_test_up());
	REQUIRE(self != DOMID_INVALID);
	xs_test_home_of(self, watched, sizeof(watched));
	strcat(watched, "/data/wflood");
	(void)xenbus_rm(XENBUS_TX_NONE, "data/wflood");
	REQUIRE_EQ(xenbus_mkdir(XENBUS_TX_NONE, "data/wflood"), 0);
	REQUIRE_EQ(xenbus_watch(watched, "tok-flood", flood_record, &log), 0);
	xs_test_serve_for(WATCH_QUIET_MS);
	REQUIRE(log.count >= 1);
	first = log.count;
	xenbus_get_stats(&before);
	/* Requests run no callback: the writes' events queue up, twice what the queue holds. */
	for (unsigned int i = 0; i < 2 * XENBUS_EVENT_QUEUE; i++) {
		snprintf(node, sizeof(node), "data/wflood/n%u", i);
		CHECK_EQ(xenbus_write(XENBUS_TX_NONE, node, "x"), 0);
	}
	xs_test_serve_for(WATCH_QUIET_MS);
	xenbus_get_stats(&after);
	CHECK(after.events_dropped > before.events_dropped);
	/* The queue's events, then one on the watched path standing for every one dropped. */
	CHECK_EQ(log.count - first, XENBUS_EVENT_QUEUE + 1);
	CHECK_EQ(strcmp(log.last, watched), 0);
	CHECK_EQ(xenbus_unwatch(watched, "tok-flood"), 0);
	(void)xenbus_rm(XENBUS_TX_NONE, "data/wflood");
}
