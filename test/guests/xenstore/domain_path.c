// SPDX-License-Identifier: MIT
/* GET_DOMAIN_PATH names the home that relative paths resolve under. */
#include <abi/errno.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "xs_test.h"

TEST(xenstore, domain_path)
{
	domid_t self = xs_test_self();
	char expected[40];
	char path[64];
	char probe[80];
	char buf[16];

	REQUIRE(xs_test_up());
	REQUIRE(self != DOMID_INVALID);
	xs_test_home_of(self, expected, sizeof(expected));
	CHECK_EQ(xenbus_get_domain_path(self, path, sizeof(path)), (long)strlen(expected));
	CHECK_EQ(strcmp(path, expected), 0);
	/* A relative write lands in that home. */
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/dp-probe", "here"), 0);
	snprintf(probe, sizeof(probe), "%s/data/dp-probe", expected);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, probe, buf, sizeof(buf)), 4);
	CHECK_EQ(strcmp(buf, "here"), 0);
	/* Any domain id has a home path, whether the domain exists or not. */
	CHECK_EQ(xenbus_get_domain_path(7, path, sizeof(path)), 15);
	CHECK_EQ(strcmp(path, "/local/domain/7"), 0);
	CHECK_EQ(xenbus_get_domain_path(7, path, 8), -XEN_ERANGE);
}
