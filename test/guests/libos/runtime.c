// SPDX-License-Identifier: MIT
/* newlib's system calls on the library OS: the heap spans the domain's RAM, time is wall time. */
#include <libos/test.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "../xen_common/xen_test.h"

#define BIG_ALLOCATION (8u << 20) /* past any fixed heap: half of a 16 MiB domain */

TEST(libos, heap_spans_ram)
{
	unsigned char *p = malloc(BIG_ALLOCATION);

	REQUIRE(p != NULL);
	memset(p, 0xa5, BIG_ALLOCATION);
	CHECK_EQ(p[0], 0xa5);
	CHECK_EQ(p[BIG_ALLOCATION - 1], 0xa5);
	free(p);
}

/* QEMU's real-time clock reads the host's time, well after 2020 (1577836800). */
TEST(libos, time_is_wall_time)
{
	struct timeval before, after;

	REQUIRE(xen_test_events_up()); /* maps shared_info, whose wall clock gettimeofday adds */
	CHECK_EQ(gettimeofday(&before, NULL), 0);
	CHECK(before.tv_sec > 1577836800);
	CHECK_EQ(gettimeofday(&after, NULL), 0);
	CHECK(after.tv_sec > before.tv_sec ||
	      (after.tv_sec == before.tv_sec && after.tv_usec >= before.tv_usec));
}
