// SPDX-License-Identifier: MIT
/* Transactions: isolation, abort, commit, and EAGAIN on a conflict, then a retry that works. */
#include <abi/errno.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <string.h>

#include "xs_test.h"

TEST(xenstore, transaction_isolation_and_commit)
{
	char buf[32];
	uint32_t tx = 0;

	REQUIRE(xs_test_up());
	(void)xenbus_rm(XENBUS_TX_NONE, "data/tx");
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/tx/base", "0"), 0);
	REQUIRE_EQ(xenbus_transaction_start(&tx), 0);
	CHECK_NE(tx, 0);
	CHECK_EQ(xenbus_write(tx, "data/tx/new", "inside"), 0);
	/* Visible inside the transaction, not outside before the commit. */
	CHECK_EQ(xenbus_read(tx, "data/tx/new", buf, sizeof(buf)), 6);
	CHECK_EQ(strcmp(buf, "inside"), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/tx/new", buf, sizeof(buf)), -XEN_ENOENT);
	CHECK_EQ(xenbus_transaction_end(tx, true), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/tx/new", buf, sizeof(buf)), 6);
	CHECK_EQ(strcmp(buf, "inside"), 0);
}

TEST(xenstore, transaction_abort_discards)
{
	char buf[32];
	uint32_t tx = 0;

	REQUIRE(xs_test_up());
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/tx/base", "0"), 0);
	REQUIRE_EQ(xenbus_transaction_start(&tx), 0);
	CHECK_EQ(xenbus_write(tx, "data/tx/aborted", "x"), 0);
	CHECK_EQ(xenbus_write(tx, "data/tx/base", "changed"), 0);
	CHECK_EQ(xenbus_transaction_end(tx, false), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/tx/aborted", buf, sizeof(buf)), -XEN_ENOENT);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/tx/base", buf, sizeof(buf)), 1);
	CHECK_EQ(strcmp(buf, "0"), 0);
	/* The id is gone with the transaction. */
	CHECK(xenbus_read(tx, "data/tx/base", buf, sizeof(buf)) < 0);
}

TEST(xenstore, transaction_conflict_then_retry)
{
	char buf[32];
	uint32_t tx = 0;

	REQUIRE(xs_test_up());
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/tx/counter", "1"), 0);
	REQUIRE_EQ(xenbus_transaction_start(&tx), 0);
	CHECK_EQ(xenbus_read(tx, "data/tx/counter", buf, sizeof(buf)), 1);
	CHECK_EQ(xenbus_write(tx, "data/tx/counter", "2"), 0);
	/* The same node changes outside meanwhile: the commit must not go through. */
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/tx/counter", "10"), 0);
	CHECK_EQ(xenbus_transaction_end(tx, true), -XEN_EAGAIN);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/tx/counter", buf, sizeof(buf)), 2);
	CHECK_EQ(strcmp(buf, "10"), 0);
	/* Done again from the start, with nobody in the way, it commits. */
	REQUIRE_EQ(xenbus_transaction_start(&tx), 0);
	CHECK_EQ(xenbus_read(tx, "data/tx/counter", buf, sizeof(buf)), 2);
	CHECK_EQ(xenbus_write(tx, "data/tx/counter", "11"), 0);
	CHECK_EQ(xenbus_transaction_end(tx, true), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/tx/counter", buf, sizeof(buf)), 2);
	CHECK_EQ(strcmp(buf, "11"), 0);
}
