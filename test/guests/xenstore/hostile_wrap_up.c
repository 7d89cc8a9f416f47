// SPDX-License-Identifier: MIT
/* Last: a header announcing more than a message may hold; the store drops the connection. */
#include <abi/errno.h>
#include <abi/xs_wire.h>
#include <libos/counter.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "xs_test.h"

#define CLOSED_TIMEOUT_MS 3000u

TEST(xenstore_hostile, oversized_header_closes_connection)
{
	struct xs_msg_header h = {
		.type = XS_READ, .req_id = 0x7777, .tx_id = 0, .len = XS_PAYLOAD_MAX + 1
	};
	uint8_t bytes[sizeof(h) + 16];
	uint64_t start;
	uint64_t took_ms;
	char buf[8];
	long rc;

	REQUIRE(xs_test_up());
	memcpy(bytes, &h, sizeof(h));
	memset(bytes + sizeof(h), 'z', sizeof(bytes) - sizeof(h));
	REQUIRE_EQ(xenbus_test_ring_write(bytes, sizeof(bytes)), 0);
	/* What follows must fail, within the timeout, and leave the guest running. */
	xenbus_set_timeout_ms(CLOSED_TIMEOUT_MS);
	start = counter_read();
	rc = xenbus_read(XENBUS_TX_NONE, "data/alive", buf, sizeof(buf));
	took_ms = counter_to_ns(counter_read() - start) / 1000000u;
	printf("xenstore_hostile: after the bad header: %ld in %lu ms\n", rc,
	       (unsigned long)took_ms);
	CHECK_EQ(rc, -XEN_EIO);
	/* The store marks the ring dead (its error field): no waiting out the timeout. */
	CHECK(took_ms < CLOSED_TIMEOUT_MS);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/alive", "again"), -XEN_EIO);
}
