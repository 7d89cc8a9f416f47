// SPDX-License-Identifier: MIT
/* Last: the domain's own state survived its attacks, and the peer hears "done". */
#include <abi/hypercall.h>
#include <libos/evtchn.h>
#include <libos/physmap.h>
#include <libos/test.h>

#include "hostile_abi.h"

TEST(hostile_abi, wrap_up)
{
	evtchn_port_t port = hostile_peer_port();
	struct evtchn_status st;

	REQUIRE(port != 0);
	REQUIRE_EQ(evtchn_status(port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.dom, hostile_peer());
	CHECK_EQ(evtchn_send(port), 0);
}
