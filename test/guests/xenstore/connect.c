// SPDX-License-Identifier: MIT
/* The store answers through the ring the core set up; first of the xenstore cases. */
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>

#include "xs_test.h"

TEST(xenstore, connects)
{
	domid_t self;

	REQUIRE(xs_test_up());
	CHECK(xenbus_connected());
	self = xs_test_self();
	printf("xenstore: connected as domain %u\n", (unsigned int)self);
}
