// SPDX-License-Identifier: MIT
/*
 * One of many small guests served by the same console and xenstore domains
 * (test/system/scale*): a line through the PV console, then a node of its
 * own in the store, written and read back. Its lines name the domain: the
 * one holding the serial input has its output passed on untagged.
 */
#include <libos/pvconsole.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "../xenstore/xs_test.h"

/* How long the console domain may take to drain our lines before the domain goes on. */
#define SCALE_FLUSH_NS 30000000000ull

TEST(scale, console_line)
{
	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(pvconsole_init(), 0);
	CHECK(pvconsole_ready());
	printf("scale: d%lu on the console\n", xs_test_bootarg("domid", 0));
	CHECK_EQ(pvconsole_flush(loop_deadline_ns(SCALE_FLUSH_NS)), 0);
}

/* The value names the domain, so a store that mixed up two homes would be caught. */
TEST(scale, store_node)
{
	char want[32];
	char back[32];
	domid_t self;

	REQUIRE(xs_test_up());
	self = xs_test_self();
	REQUIRE(self != DOMID_INVALID);
	snprintf(want, sizeof(want), "scale-d%u", (unsigned int)self);
	REQUIRE_EQ(xenbus_write(XENBUS_TX_NONE, "data/scale", want), 0);
	REQUIRE_EQ(xenbus_read(XENBUS_TX_NONE, "data/scale", back, sizeof(back)),
		   (long)strlen(want));
	CHECK_EQ(strcmp(back, want), 0);
	printf("scale: d%u store node read back as %s\n", (unsigned int)self, back);
}
