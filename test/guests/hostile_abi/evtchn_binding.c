// SPDX-License-Identifier: MIT
/* Binding what is not offered: others' ports, absent domains, bad VIRQs and vCPUs, twice. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/test.h>

#include "../abi_peer/offers.h"
#include "hostile_abi.h"

static long bind_interdomain(domid_t dom, uint32_t port, uint32_t *local)
{
	struct evtchn_bind_interdomain op = { .remote_dom = dom, .remote_port = port };
	long rc = hostile_evtchn_op(EVTCHNOP_bind_interdomain, &op);

	*local = op.local_port;
	return rc;
}

TEST(hostile_abi, evtchn_bind_interdomain_refused)
{
	static const uint32_t bad_ports[] = { 0, 3, 4000, EVTCHN_PORTS, 0xFFFFFFFF };
	domid_t peer = hostile_peer();
	uint32_t local;

	REQUIRE(hostile_peer_port() != 0);
	/* The peer's port for the bystander, and the one already bound by us. */
	CHECK_EQ(bind_interdomain(peer, OFFER_PORT_OTHER, &local), -XEN_EINVAL);
	CHECK_EQ(bind_interdomain(peer, OFFER_PORT_HOSTILE, &local), -XEN_EINVAL);
	for (unsigned int i = 0; i < sizeof(bad_ports) / sizeof(bad_ports[0]); i++) {
		test_context("peer port 0x%x", bad_ports[i]);
		CHECK_EQ(bind_interdomain(peer, bad_ports[i], &local), -XEN_EINVAL);
	}
	test_context(NULL);
	/* Domains that do not exist (ids below and at the reserved range). */
	CHECK_EQ(bind_interdomain(HOSTILE_NO_SUCH_DOMID, 1, &local), -XEN_ESRCH);
	CHECK_EQ(bind_interdomain(0x7FEF, 1, &local), -XEN_ESRCH);
	CHECK_EQ(bind_interdomain(0x7FF1, 1, &local), -XEN_ESRCH);
	CHECK_EQ(bind_interdomain(0xFFFF, 1, &local), -XEN_ESRCH);
}

TEST(hostile_abi, evtchn_bind_interdomain_to_self)
{
	struct evtchn_alloc_unbound to_peer = { .dom = DOMID_SELF, .remote_dom = hostile_peer() };
	struct evtchn_alloc_unbound to_self = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
	struct evtchn_status st = { .dom = DOMID_SELF };
	uint32_t local = 0;
	uint32_t unused = 0;

	/* Our own port offered to the peer is not ours to bind. */
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &to_peer), 0);
	CHECK_EQ(bind_interdomain(DOMID_SELF, to_peer.port, &unused), -XEN_EINVAL);
	/* A port offered to ourselves is: a loopback channel. */
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &to_self), 0);
	REQUIRE_EQ(bind_interdomain(DOMID_SELF, to_self.port, &local), 0);
	CHECK_EQ(bind_interdomain(DOMID_SELF, to_self.port, &unused),
		 -XEN_EINVAL); /* bound already */
	st.port = to_self.port;
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_status, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, to_self.port), 0);
	/* Its other end is offered back to us, unbound, until closed too. */
	st.port = local;
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_status, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, local), 0);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, to_peer.port), 0);
}

TEST(hostile_abi, evtchn_alloc_unbound_refused)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = HOSTILE_NO_SUCH_DOMID };

	CHECK_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &op), -XEN_ESRCH);
	op.remote_dom = 0x7FF1;
	CHECK_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &op), -XEN_ESRCH);
}

static long bind_virq(uint32_t virq, uint32_t vcpu, uint32_t *port)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
	long rc = hostile_evtchn_op(EVTCHNOP_bind_virq, &op);

	*port = op.port;
	return rc;
}

TEST(hostile_abi, evtchn_bind_virq_refused)
{
	static const uint32_t bad_virqs[] = { VIRQ_COUNT, VIRQ_COUNT + 1, 0x7FFFFFFF, 0xFFFFFFFF };
	static const uint32_t bad_vcpus[] = { 2, 8, 255, 256, 0xFFFFFFFF };
	uint32_t port = 0;
	uint32_t again = 0;

	for (unsigned int i = 0; i < sizeof(bad_virqs) / sizeof(bad_virqs[0]); i++) {
		test_context("VIRQ 0x%x", bad_virqs[i]);
		CHECK_EQ(bind_virq(bad_virqs[i], 0, &port), -XEN_EINVAL);
	}
	for (unsigned int i = 0; i < sizeof(bad_vcpus) / sizeof(bad_vcpus[0]); i++) {
		test_context("VIRQ_TIMER on vCPU 0x%x", bad_vcpus[i]);
		CHECK_EQ(bind_virq(VIRQ_TIMER, bad_vcpus[i], &port), -XEN_ENOENT);
	}
	/* Global VIRQs on vCPU 0 only, even on a vCPU that exists. */
	test_context("VIRQ_DOM_EXC on vCPU 1");
	CHECK_EQ(bind_virq(VIRQ_DOM_EXC, 1, &port), -XEN_EINVAL);
	test_context(NULL);
	/* Once per VIRQ and vCPU. */
	REQUIRE_EQ(bind_virq(VIRQ_DEBUG, 1, &port), 0);
	CHECK_EQ(bind_virq(VIRQ_DEBUG, 1, &again), -XEN_EEXIST);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, port), 0);
	REQUIRE_EQ(bind_virq(VIRQ_DOM_EXC, 0, &port), 0);
	CHECK_EQ(bind_virq(VIRQ_DOM_EXC, 0, &again), -XEN_EEXIST);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, port), 0);
}

TEST(hostile_abi, evtchn_bind_ipi_and_vcpu_refused)
{
	static const uint32_t bad_vcpus[] = { 2, 8, 255, 256, 0xFFFFFFFF };
	struct evtchn_bind_ipi ipi = { .vcpu = 0 };
	struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };

	for (unsigned int i = 0; i < sizeof(bad_vcpus) / sizeof(bad_vcpus[0]); i++) {
		struct evtchn_bind_ipi bad = { .vcpu = bad_vcpus[i] };

		test_context("IPI to vCPU 0x%x", bad_vcpus[i]);
		CHECK_EQ(hostile_evtchn_op(EVTCHNOP_bind_ipi, &bad), -XEN_ENOENT);
	}
	test_context(NULL);
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_bind_ipi, &ipi), 0);
	REQUIRE_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &alloc), 0);
	for (unsigned int i = 0; i < sizeof(bad_vcpus) / sizeof(bad_vcpus[0]); i++) {
		struct evtchn_bind_vcpu bv = { .port = alloc.port, .vcpu = bad_vcpus[i] };

		test_context("bind_vcpu to vCPU 0x%x", bad_vcpus[i]);
		CHECK_EQ(hostile_evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_ENOENT);
	}
	test_context(NULL);
	{
		struct evtchn_bind_vcpu move_ipi = { .port = ipi.port, .vcpu = 1 };
		struct evtchn_bind_vcpu move_unbound = { .port = alloc.port, .vcpu = 1 };

		/* An IPI port stays with its vCPU; other ports may move. */
		CHECK_EQ(hostile_evtchn_op(EVTCHNOP_bind_vcpu, &move_ipi), -XEN_EINVAL);
		CHECK_EQ(hostile_evtchn_op(EVTCHNOP_bind_vcpu, &move_unbound), 0);
	}
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, ipi.port), 0);
	CHECK_EQ(hostile_port_op(EVTCHNOP_close, alloc.port), 0);
}
