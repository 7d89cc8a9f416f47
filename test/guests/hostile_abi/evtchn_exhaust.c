// SPDX-License-Identifier: MIT
/* Allocating ports until none is left: exactly the 4095 a domain has; all back afterwards. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/test.h>
#include <stdio.h>

#include "hostile_abi.h"

static uint32_t taken[EVTCHN_PORTS];

/* How many of this domain's ports are open now. */
static unsigned int ports_open(void)
{
	unsigned int n = 0;

	for (uint32_t port = 1; port < EVTCHN_PORTS; port++) {
		struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

		if (hostile_evtchn_op(EVTCHNOP_status, &st) == 0 &&
		    st.status != EVTCHNSTAT_closed) {
			n++;
		}
	}
	return n;
}

TEST(hostile_abi, evtchn_exhaust_ports)
{
	unsigned int open_before = ports_open();
	unsigned int count = 0;
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
	long rc;

	for (;;) {
		rc = hostile_evtchn_op(EVTCHNOP_alloc_unbound, &op);
		if (rc != 0 || count == EVTCHN_PORTS) {
			break;
		}
		taken[count++] = op.port;
	}
	printf("hostile_abi: %u ports allocated beside %u open before\n", count, open_before);
	CHECK_EQ(rc, -XEN_ENOSPC);
	CHECK_EQ(count + open_before, EVTCHN_PORTS - 1);
	CHECK_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &op), -XEN_ENOSPC);
	/* Every port handed out is in range and different (lowest first: ascending). */
	for (unsigned int i = 0; i < count; i++) {
		if (!CHECK(taken[i] >= 1 && taken[i] < EVTCHN_PORTS &&
			   (i == 0 || taken[i] > taken[i - 1]))) {
			break;
		}
	}
	for (unsigned int i = 0; i < count; i++) {
		if (!CHECK_EQ(hostile_port_op(EVTCHNOP_close, taken[i]), 0)) {
			break;
		}
	}
	CHECK_EQ(ports_open(), open_before);
	/* Free again: the lowest free port comes back first. */
	if (CHECK_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &op), 0)) {
		CHECK_EQ(op.port, taken[0]);
		CHECK_EQ(hostile_port_op(EVTCHNOP_close, op.port), 0);
	}
}
