// SPDX-License-Identifier: MIT
/* The store's quotas hold against a guest that floods it, each refused with its error. */
#include <abi/errno.h>
#include <abi/xs_wire.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "xs_test.h"

#define FLOOD_MAX_NODES 5000u
#define FLOOD_VALUE 64
#define NODE_SIZE_LIMIT 2048 /* the store's default largest value */
#define WATCHES_MAX 1000u
#define TRANSACTIONS_MAX 100u
#define PERMS_TOO_MANY 6 /* the store keeps at most 5 entries a node, as Xen's */

TEST(xenstore_hostile, node_flood_hits_quota)
{
	char value[FLOOD_VALUE + 1];
	char path[32];
	unsigned int written = 0;
	long rc = 0;

	REQUIRE(xs_test_up());
	memset(value, 'f', FLOOD_VALUE);
	value[FLOOD_VALUE] = '\0';
	(void)xenbus_rm(XENBUS_TX_NONE, "data/flood");
	for (; written < FLOOD_MAX_NODES; written++) {
		snprintf(path, sizeof(path), "data/flood/n%u", written);
		rc = xenbus_write(XENBUS_TX_NONE, path, value);
		if (rc != 0) {
			break;
		}
	}
	printf("xenstore_hostile: %u nodes written before %ld\n", written, rc);
	CHECK_EQ(rc, -XEN_ENOSPC);
	CHECK(written > 0);
	/* Removing them gives the quota back. */
	CHECK_EQ(xenbus_rm(XENBUS_TX_NONE, "data/flood"), 0);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/flood/after", "1"), 0);
	CHECK_EQ(xenbus_rm(XENBUS_TX_NONE, "data/flood"), 0);
}

TEST(xenstore_hostile, oversized_values_refused)
{
	static char big[XS_PAYLOAD_MAX + 1];
	static const char path[] = "data/big";
	char reply[16];
	char buf[8];

	REQUIRE(xs_test_up());
	memset(big, 'b', sizeof(big));
	CHECK_EQ(xenbus_write_bytes(XENBUS_TX_NONE, path, big, NODE_SIZE_LIMIT + 1), -XEN_E2BIG);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, path, buf, sizeof(buf)), -XEN_ENOENT);
	/* A message of the largest payload is well formed, but its value too big. */
	memcpy(big, path, sizeof(path));
	CHECK_EQ(
		xenbus_request(XS_WRITE, XENBUS_TX_NONE, big, XS_PAYLOAD_MAX, reply, sizeof(reply)),
		-XEN_E2BIG);
	/* One byte more is not sent at all. */
	CHECK_EQ(xenbus_request(XS_WRITE, XENBUS_TX_NONE, big, XS_PAYLOAD_MAX + 1, reply,
				sizeof(reply)),
		 -XEN_E2BIG);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, path, "small"), 0);
	CHECK_EQ(xenbus_rm(XENBUS_TX_NONE, path), 0);
}

/* Below its home a path may be 2,048 characters long (Xen's XENSTORE_REL_PATH_MAX), no more. */
TEST(xenstore_hostile, long_paths_refused)
{
	static char path[2 + 2048 + 2];
	char buf[8];

	REQUIRE(xs_test_up());
	memset(path, 'l', sizeof(path) - 1);
	memcpy(path, "data/", 5);
	path[2048] = '\0';
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, path, "v"), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, path, buf, sizeof(buf)), 1);
	CHECK_EQ(xenbus_rm(XENBUS_TX_NONE, path), 0);
	path[2048] = 'l';
	path[2049] = '\0';
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, path, "v"), -XEN_EINVAL);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, path, buf, sizeof(buf)), -XEN_EINVAL);
}

/* WATCH and UNWATCH as raw requests: their events belong to no watch of the library's.
 * Returns 0 for the store's "OK", or the error. */
static long raw_watch(uint32_t type, unsigned int n)
{
	long rc;
	char payload[48];
	char reply[16];
	int len = snprintf(payload, sizeof(payload), "data/hw/%u", n);

	len += 1 + snprintf(payload + len + 1, sizeof(payload) - (size_t)len - 1, "t%u", n);
	rc = xenbus_request(type, XENBUS_TX_NONE, payload, (size_t)len + 1, reply, sizeof(reply));
	return rc < 0 ? rc : 0;
}

TEST(xenstore_hostile, too_many_watches)
{
	unsigned int set = 0;
	long rc = 0;

	REQUIRE(xs_test_up());
	for (; set < WATCHES_MAX; set++) {
		rc = raw_watch(XS_WATCH, set);
		if (rc < 0) {
			break;
		}
	}
	printf("xenstore_hostile: %u watches set before %ld\n", set, rc);
	CHECK_EQ(rc, -XEN_ENOSPC);
	CHECK(set > 0);
	for (unsigned int i = 0; i < set; i++) {
		test_context("unwatch %u", i);
		CHECK_EQ(raw_watch(XS_UNWATCH, i), 0);
	}
	test_context(NULL);
	/* All given back: one more can be set. */
	CHECK_EQ(raw_watch(XS_WATCH, 0), 0);
	CHECK_EQ(raw_watch(XS_UNWATCH, 0), 0);
}

TEST(xenstore_hostile, too_many_transactions)
{
	uint32_t ids[TRANSACTIONS_MAX];
	unsigned int open = 0;
	long rc = 0;

	REQUIRE(xs_test_up());
	for (; open < TRANSACTIONS_MAX; open++) {
		rc = xenbus_transaction_start(&ids[open]);
		if (rc != 0) {
			break;
		}
	}
	printf("xenstore_hostile: %u transactions open before %ld\n", open, rc);
	CHECK_EQ(rc, -XEN_ENOSPC);
	CHECK(open > 0);
	for (unsigned int i = 0; i < open; i++) {
		CHECK_EQ(xenbus_transaction_end(ids[i], false), 0);
	}
	REQUIRE_EQ(xenbus_transaction_start(&ids[0]), 0);
	CHECK_EQ(xenbus_transaction_end(ids[0], false), 0);
}

TEST(xenstore_hostile, too_many_perms)
{
	struct xenbus_perm perms[PERMS_TOO_MANY];
	domid_t self = xs_test_self();

	REQUIRE(xs_test_up());
	REQUIRE(self != DOMID_INVALID);
	perms[0] = (struct xenbus_perm){ self, XS_PERM_NONE };
	for (int i = 1; i < PERMS_TOO_MANY; i++) {
		perms[i] = (struct xenbus_perm){ (domid_t)(100 + i), XS_PERM_READ };
	}
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/manyperms", "v"), 0);
	CHECK_EQ(xenbus_set_perms(XENBUS_TX_NONE, "data/manyperms", perms, PERMS_TOO_MANY),
		 -XEN_ENOSPC);
	CHECK_EQ(xenbus_set_perms(XENBUS_TX_NONE, "data/manyperms", perms, PERMS_TOO_MANY - 1), 0);
	CHECK_EQ(xenbus_rm(XENBUS_TX_NONE, "data/manyperms"), 0);
}
