// SPDX-License-Identifier: MIT
/* Values written to the store read back the same, whatever their size. */
#include <abi/errno.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <string.h>

#include "xs_test.h"

/* More than the 1 KiB ring, so request and reply both travel in pieces. */
#define LARGE_VALUE 1500

TEST(xenstore, write_read_back)
{
	char buf[64];

	REQUIRE(xs_test_up());
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/rw/greeting", "hello"), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rw/greeting", buf, sizeof(buf)), 5);
	CHECK_EQ(strcmp(buf, "hello"), 0);
	/* A shorter value replaces the whole of the old one. */
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/rw/greeting", "bye"), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rw/greeting", buf, sizeof(buf)), 3);
	CHECK_EQ(strcmp(buf, "bye"), 0);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/rw/empty", ""), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rw/empty", buf, sizeof(buf)), 0);
	CHECK_EQ(buf[0], '\0');
}

TEST(xenstore, large_values_cross_the_ring)
{
	static char value[LARGE_VALUE];
	static char back[LARGE_VALUE + 1];

	REQUIRE(xs_test_up());
	/* Several rounds, so the ring indexes wrap more than once. */
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < LARGE_VALUE; i++) {
			value[i] = (char)('a' + (i + round) % 26);
		}
		test_context("round %d", round);
		REQUIRE_EQ(
			xenbus_write_bytes(XENBUS_TX_NONE, "data/rw/large", value, sizeof(value)),
			0);
		REQUIRE_EQ(xenbus_read(XENBUS_TX_NONE, "data/rw/large", back, sizeof(back)),
			   LARGE_VALUE);
		CHECK_EQ(memcmp(value, back, sizeof(value)), 0);
	}
}

TEST(xenstore, read_missing_is_enoent)
{
	char buf[16];

	REQUIRE(xs_test_up());
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rw/missing", buf, sizeof(buf)), -XEN_ENOENT);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rw/no/such/parent", buf, sizeof(buf)),
		 -XEN_ENOENT);
}

TEST(xenstore, reply_larger_than_buffer_is_erange)
{
	char small[4];
	char buf[16];

	REQUIRE(xs_test_up());
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/rw/greeting", "hello"), 0);
	/* "hello" and its NUL need 6 bytes. */
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rw/greeting", small, sizeof(small)),
		 -XEN_ERANGE);
	/* The reply was consumed all the same: the next request gets its own. */
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rw/greeting", buf, sizeof(buf)), 5);
}
