// SPDX-License-Identifier: MIT
/* Node permissions: the creator owns, set_perms replaces the list, others' nodes are closed. */
#include <abi/errno.h>
#include <abi/xs_wire.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "xs_test.h"

/* A domain the permission lists name; it need not exist. */
#define PERMS_OTHER_DEFAULT 4u

TEST(xenstore, creator_owns_new_nodes)
{
	struct xenbus_perm perms[8];
	domid_t self;
	long count;

	REQUIRE(xs_test_up());
	self = xs_test_self();
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/pm/node", "v"), 0);
	count = xenbus_get_perms(XENBUS_TX_NONE, "data/pm/node", perms, 8);
	REQUIRE(count >= 1);
	if (self != DOMID_INVALID) {
		CHECK_EQ(perms[0].domid, self);
	}
}

TEST(xenstore, set_perms_round_trip)
{
	domid_t self = xs_test_self();
	domid_t other = (domid_t)xs_test_bootarg("other", PERMS_OTHER_DEFAULT);
	struct xenbus_perm set[2] = { { self, XS_PERM_NONE }, { other, XS_PERM_READ } };
	struct xenbus_perm got[8];

	REQUIRE(xs_test_up());
	REQUIRE(self != DOMID_INVALID);
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/pm/shared", "v"), 0);
	CHECK_EQ(xenbus_set_perms(XENBUS_TX_NONE, "data/pm/shared", set, 2), 0);
	REQUIRE_EQ(xenbus_get_perms(XENBUS_TX_NONE, "data/pm/shared", got, 8), 2);
	CHECK_EQ(got[0].domid, self);
	CHECK_EQ(got[0].access, XS_PERM_NONE);
	CHECK_EQ(got[1].domid, other);
	CHECK_EQ(got[1].access, XS_PERM_READ);
	/* Too small an array for the list. */
	CHECK_EQ(xenbus_get_perms(XENBUS_TX_NONE, "data/pm/shared", got, 1), -XEN_ERANGE);
	/* Its owner may not give it away: EPERM, as Xen's store answers. */
	set[0] = (struct xenbus_perm){ other, XS_PERM_NONE };
	CHECK_EQ(xenbus_set_perms(XENBUS_TX_NONE, "data/pm/shared", set, 1), -XEN_EPERM);
	REQUIRE_EQ(xenbus_get_perms(XENBUS_TX_NONE, "data/pm/shared", got, 8), 2);
	CHECK_EQ(got[0].domid, self);
}

TEST(xenstore, bad_perms_refused)
{
	static const char payload[] = "data/pm/node\0q5";
	struct xenbus_perm bad = { 0, 'x' };
	char reply[16];

	REQUIRE(xs_test_up());
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/pm/node", "v"), 0);
	CHECK_EQ(xenbus_set_perms(XENBUS_TX_NONE, "data/pm/node", &bad, 1), -XEN_EINVAL);
	/* The same list past the library's check: the store refuses it too. */
	CHECK_EQ(xenbus_request(XS_SET_PERMS, XENBUS_TX_NONE, payload, sizeof(payload), reply,
				sizeof(reply)),
		 -XEN_EINVAL);
}

TEST(xenstore, other_domains_nodes_unreadable)
{
	unsigned long other = xs_test_bootarg("other", DOMID_INVALID);
	char buf[64];
	char path[40];

	REQUIRE(xs_test_up());
	/* The store's own nodes are closed to guests. */
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "/tool", buf, sizeof(buf)), -XEN_EACCES);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "/tool/tessera-test", "x"), -XEN_EACCES);
	CHECK_EQ(xenbus_directory(XENBUS_TX_NONE, "/tool", buf, sizeof(buf)), -XEN_EACCES);
	/* And so is another guest's home, when the boot configuration names one. */
	if (other < DOMID_FIRST_RESERVED) {
		xs_test_home_of((domid_t)other, path, sizeof(path));
		test_context("reading %s", path);
		CHECK_EQ(xenbus_read(XENBUS_TX_NONE, path, buf, sizeof(buf)), -XEN_EACCES);
		CHECK_EQ(xenbus_write(XENBUS_TX_NONE, strcat(path, "/intruder"), "x"), -XEN_EACCES);
	}
}
