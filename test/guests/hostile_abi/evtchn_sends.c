// SPDX-License-Identifier: MIT
/* Sends and closes on ports in every state: closed, unbound, VIRQ; closing twice. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/test.h>

#include "hostile_abi.h"

TEST(hostile_abi, evtchn_send_and_close_by_state)
{
	struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF, .remote_dom = 0 };
	struct evtchn_bind_virq virq = { .virq = VIRQ_DEBUG, .vcpu = 0 };
	struct evtchn_status st = { .dom = DOMID_SELF };

	/* Unbound: a send goes nowhere, and succeeds. */
	alloc.remote_dom = (domid_t)hostile_peer();
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &alloc), 0);
	CHECK_EQ(hostile_port_op(EVTCHNOP_send, alloc.port), 0);
	/* Closed: neither send nor a second close. */
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, alloc.port), 0);
	CHECK_EQ(hostile_port_op(EVTCHNOP_send, alloc.port), -XEN_EINVAL);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, alloc.port), -XEN_EINVAL);
	st.port = alloc.port;
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_status, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_closed);

	/* VIRQ: the core's to send, not the guest's. */
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_bind_virq, &virq), 0);
	CHECK_EQ(hostile_port_op(EVTCHNOP_send, virq.port), -XEN_EINVAL);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, virq.port), 0);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, virq.port), -XEN_EINVAL);
	CHECK_EQ(hostile_port_op(EVTCHNOP_send, virq.port), -XEN_EINVAL);
}
