// SPDX-License-Identifier: MIT
/* Binding virtual IRQs: status reports them, per-vCPU ones bind once per vCPU, global ones on 0. */
#include <abi/errno.h>
#include <libos/dt.h>
#include <libos/evtchn.h>
#include <libos/test.h>

#include "../xen_common/xen_test.h"

/* Check port's status says VIRQ virq on vCPU vcpu. */
static void check_virq_status(evtchn_port_t port, uint32_t virq, uint32_t vcpu)
{
	struct evtchn_status st;

	test_context("status of port %u (VIRQ %u, vCPU %u)", port, virq, vcpu);
	if (CHECK_EQ(evtchn_status(port, &st), 0)) {
		CHECK_EQ(st.status, EVTCHNSTAT_virq);
		CHECK_EQ(st.u.virq, virq);
		CHECK_EQ(st.vcpu, vcpu);
	}
	test_context(NULL);
}

TEST(evtchn, virq_bind_and_status)
{
	evtchn_port_t debug = 0;
	evtchn_port_t console = 0;
	evtchn_port_t again = 0;

	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(evtchn_bind_virq(VIRQ_DEBUG, 0, NULL, NULL, &debug), 0);
	check_virq_status(debug, VIRQ_DEBUG, 0);
	/* One port per VIRQ and vCPU. */
	CHECK_EQ(evtchn_bind_virq(VIRQ_DEBUG, 0, NULL, NULL, &again), -XEN_EEXIST);
	/* A VIRQ port is for the core to send on, not the guest. */
	CHECK_EQ(evtchn_send(debug), -XEN_EINVAL);
	/* Per-vCPU VIRQs stay on their vCPU. */
	CHECK_EQ(evtchn_bind_vcpu(debug, 0), -XEN_EINVAL);

	/* Global VIRQs bind on vCPU 0 only. */
	REQUIRE_EQ(evtchn_bind_virq(VIRQ_CONSOLE, 0, NULL, NULL, &console), 0);
	check_virq_status(console, VIRQ_CONSOLE, 0);
	CHECK_EQ(evtchn_close(console), 0);
	if (dt_cpu_count() >= 2) {
		CHECK_EQ(evtchn_bind_virq(VIRQ_CONSOLE, 1, NULL, NULL, &again), -XEN_EINVAL);
	}

	/* Closing frees the VIRQ for binding again. */
	CHECK_EQ(evtchn_close(debug), 0);
	CHECK_EQ(evtchn_bind_virq(VIRQ_DEBUG, 0, NULL, NULL, &again), 0);
	CHECK_EQ(evtchn_close(again), 0);
}

TEST(evtchn, virq_per_vcpu)
{
	evtchn_port_t timer0 = 0;
	evtchn_port_t timer1 = 0;

	REQUIRE(xen_test_events_up());
	if (dt_cpu_count() < 2) {
		return; /* one vCPU: nothing more to see */
	}
	/* The same per-vCPU VIRQ binds once on each vCPU, to different ports. */
	REQUIRE_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, NULL, NULL, &timer0), 0);
	REQUIRE_EQ(evtchn_bind_virq(VIRQ_TIMER, 1, NULL, NULL, &timer1), 0);
	CHECK(timer0 != timer1);
	check_virq_status(timer0, VIRQ_TIMER, 0);
	check_virq_status(timer1, VIRQ_TIMER, 1);
	CHECK_EQ(evtchn_close(timer0), 0);
	CHECK_EQ(evtchn_close(timer1), 0);
}
