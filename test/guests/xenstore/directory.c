// SPDX-License-Identifier: MIT
/* Listing children, creating directories and removing whole subtrees. */
#include <abi/errno.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <string.h>

#include "xs_test.h"

/* Whether name is one of the count NUL-terminated names in list. */
static bool listed(const char *list, long count, const char *name)
{
	for (long i = 0; i < count; i++) {
		if (strcmp(list, name) == 0) {
			return true;
		}
		list += strlen(list) + 1;
	}
	return false;
}

TEST(xenstore, directory_lists_children)
{
	char names[256];
	long count;

	REQUIRE(xs_test_up());
	(void)xenbus_rm(XENBUS_TX_NONE, "data/dir");
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/dir/a", "1"), 0);
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/dir/b/deeper", "2"), 0);
	REQUIRE_EQ(xenbus_mkdir(XENBUS_TX_NONE, "data/dir/empty"), 0);
	count = xenbus_directory(XENBUS_TX_NONE, "data/dir", names, sizeof(names));
	CHECK_EQ(count, 3);
	CHECK(listed(names, count, "a"));
	CHECK(listed(names, count, "b"));
	CHECK(listed(names, count, "empty"));
	/* A node without children lists nothing, which is not an error. */
	CHECK_EQ(xenbus_directory(XENBUS_TX_NONE, "data/dir/empty", names, sizeof(names)), 0);
	CHECK_EQ(xenbus_directory(XENBUS_TX_NONE, "data/dir/a", names, sizeof(names)), 0);
	CHECK_EQ(xenbus_directory(XENBUS_TX_NONE, "data/dir/missing", names, sizeof(names)),
		 -XEN_ENOENT);
}

TEST(xenstore, mkdir_creates_empty_nodes)
{
	char buf[16];

	REQUIRE(xs_test_up());
	(void)xenbus_rm(XENBUS_TX_NONE, "data/mk");
	CHECK_EQ(xenbus_mkdir(XENBUS_TX_NONE, "data/mk/x/y"), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/mk/x/y", buf, sizeof(buf)), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/mk/x", buf, sizeof(buf)), 0);
	/* Again on an existing node: nothing to do, and no error. */
	CHECK_EQ(xenbus_mkdir(XENBUS_TX_NONE, "data/mk/x/y"), 0);
}

TEST(xenstore, rm_removes_the_subtree)
{
	char names[64];
	char buf[16];

	REQUIRE(xs_test_up());
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/rmt/a/b/c", "deep"), 0);
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/rmt/a/d", "side"), 0);
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/rmt/keep", "kept"), 0);
	CHECK_EQ(xenbus_rm(XENBUS_TX_NONE, "data/rmt/a"), 0);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rmt/a/b/c", buf, sizeof(buf)), -XEN_ENOENT);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rmt/a/d", buf, sizeof(buf)), -XEN_ENOENT);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "data/rmt/a", buf, sizeof(buf)), -XEN_ENOENT);
	CHECK_EQ(xenbus_directory(XENBUS_TX_NONE, "data/rmt", names, sizeof(names)), 1);
	CHECK_EQ(strcmp(names, "keep"), 0);
}
