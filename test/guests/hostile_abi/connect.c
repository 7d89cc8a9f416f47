// SPDX-License-Identifier: MIT
/* First: events and grants set up, and the port the peer offers bound (its offers are then in
 * place). */
#include <abi/errno.h>
#include <abi/sched.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/test.h>

#include "../abi_peer/offers.h"
#include "../xen_common/xen_test.h"
#include "hostile_abi.h"

static evtchn_port_t peer_port;

evtchn_port_t hostile_peer_port(void)
{
	return peer_port;
}

TEST(hostile_abi, connect_to_peer)
{
	uint64_t deadline = counter_read() + counter_from_ns(OFFER_WAIT_SECONDS * 1000000000ull);
	evtchn_port_t port = 0;
	long rc;

	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(gnttab_init(0), 0);
	do {
		rc = evtchn_bind_interdomain(hostile_peer(), OFFER_PORT_HOSTILE, NULL, NULL, &port);
		if (rc == 0) {
			break;
		}
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	} while (counter_read() < deadline);
	REQUIRE_EQ(rc, 0);
	/* The first port of this domain. */
	CHECK_EQ(port, 1);
	peer_port = port;
}
