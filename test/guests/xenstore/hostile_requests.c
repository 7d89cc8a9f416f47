// SPDX-License-Identifier: MIT
/* Malformed requests get an error reply each, and the connection keeps working. */
#include <abi/errno.h>
#include <abi/xs_wire.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "xs_test.h"

/* A raw request; the payload is given with its exact length (NULs or not). */
static long raw(uint32_t type, uint32_t tx, const char *payload, size_t len)
{
	char reply[64];

	test_context("type %u, %lu payload bytes", type, (unsigned long)len);
	return xenbus_request(type, tx, payload, len, reply, sizeof(reply));
}

/* An error reply, as opposed to no reply (-XEN_EIO). */
static bool refused(long rc)
{
	return rc < 0 && rc != -XEN_EIO;
}

TEST(xenstore_hostile, unknown_types_refused)
{
	static const uint32_t types[] = {
		20, XS_TYPE_COUNT, 99, 0x80000000u, 0xffffffffu, XS_ERROR
	};

	REQUIRE(xs_test_up());
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		long rc = raw(types[i], XENBUS_TX_NONE, "x", 2);

		CHECK(rc == -XEN_EINVAL || rc == -XEN_ENOSYS);
	}
}

TEST(xenstore_hostile, privileged_requests_refused)
{
	REQUIRE(xs_test_up());
	CHECK(refused(raw(XS_INTRODUCE, XENBUS_TX_NONE,
			  "9\0"
			  "233472\0"
			  "5",
			  11)));
	CHECK(refused(raw(XS_RELEASE, XENBUS_TX_NONE, "1", 2)));
	CHECK(refused(raw(XS_SET_TARGET, XENBUS_TX_NONE,
			  "9\0"
			  "1",
			  4)));
	CHECK(refused(raw(XS_SET_QUOTA, XENBUS_TX_NONE,
			  "nodes\0"
			  "99999",
			  12)));
}

TEST(xenstore_hostile, missing_nuls_refused)
{
	REQUIRE(xs_test_up());
	CHECK_EQ(raw(XS_READ, XENBUS_TX_NONE, "abc", 3), -XEN_EINVAL);
	CHECK_EQ(raw(XS_READ, XENBUS_TX_NONE, "", 0), -XEN_EINVAL);
	CHECK_EQ(raw(XS_WRITE, XENBUS_TX_NONE, "pathonly", 8), -XEN_EINVAL);
	CHECK_EQ(raw(XS_MKDIR, XENBUS_TX_NONE, "mk", 2), -XEN_EINVAL);
	CHECK_EQ(raw(XS_WATCH, XENBUS_TX_NONE, "p\0tok", 5), -XEN_EINVAL);
	CHECK_EQ(raw(XS_WATCH, XENBUS_TX_NONE, "p", 2), -XEN_EINVAL);
	CHECK_EQ(raw(XS_SET_PERMS, XENBUS_TX_NONE, "p\0n3", 4), -XEN_EINVAL);
	CHECK(refused(raw(XS_GET_DOMAIN_PATH, XENBUS_TX_NONE, "3", 1)));
	CHECK_EQ(raw(XS_RM, XENBUS_TX_NONE, "rmme", 4), -XEN_EINVAL);
}

TEST(xenstore_hostile, bad_paths_refused)
{
	static char long_path[XS_PATH_MAX + 2];

	REQUIRE(xs_test_up());
	CHECK_EQ(raw(XS_READ, XENBUS_TX_NONE, "a b", 4), -XEN_EINVAL);
	CHECK_EQ(raw(XS_WRITE, XENBUS_TX_NONE, "bad//path\0v", 11), -XEN_EINVAL);
	CHECK_EQ(raw(XS_WRITE, XENBUS_TX_NONE, "trailing/\0v", 11), -XEN_EINVAL);
	/* Longer than any path may be, but inside one message. */
	memset(long_path, 'p', XS_PATH_MAX + 1);
	long_path[0] = '/';
	CHECK_EQ(raw(XS_READ, XENBUS_TX_NONE, long_path, sizeof(long_path)), -XEN_EINVAL);
}

TEST(xenstore_hostile, unknown_transactions_refused)
{
	char buf[8];

	REQUIRE(xs_test_up());
	CHECK(refused(xenbus_read(12345, "anything", buf, sizeof(buf))));
	CHECK(refused(xenbus_transaction_end(12345, true)));
	CHECK(refused(raw(XS_TRANSACTION_END, XENBUS_TX_NONE, "T", 2)));
	CHECK(refused(raw(XS_TRANSACTION_END, 1, "X", 2)));
}

TEST(xenstore_hostile, store_still_serves)
{
	struct xenbus_stats stats;
	char buf[8];

	REQUIRE(xs_test_up());
	CHECK(xenbus_connected());
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/alive", "yes"), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/alive", buf, sizeof(buf)), 3);
	xenbus_get_stats(&stats);
	printf("xenstore_hostile: events dropped %lu, of no watch %lu, replies ignored %lu\n",
	       (unsigned long)stats.events_dropped, (unsigned long)stats.events_unknown,
	       (unsigned long)stats.replies_ignored);
	CHECK_EQ(stats.replies_ignored, 0);
}
