// SPDX-License-Identifier: MIT
/* Port numbers out of range, never opened or closed; unknown commands; bad argument pointers. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/test.h>

#include "hostile_abi.h"

/* Ports no domain can have: 4096 and up, and negative numbers seen as u32. */
static const uint32_t bad_ports[] = {
	EVTCHN_PORTS, EVTCHN_PORTS + 1,        0xFFFF,       0x10000,      0x7FFFFFFF,
	0x80000000,   (uint32_t)-EVTCHN_PORTS, (uint32_t)-2, (uint32_t)-1,
};

static long status_of(uint32_t port, struct evtchn_status *st)
{
	*st = (struct evtchn_status){ .dom = DOMID_SELF, .port = port, .status = 0xdead };
	return hostile_evtchn_op(EVTCHNOP_status, st);
}

TEST(hostile_abi, evtchn_ports_out_of_range)
{
	struct evtchn_status st;

	for (unsigned int i = 0; i < sizeof(bad_ports) / sizeof(bad_ports[0]); i++) {
		uint32_t port = bad_ports[i];
		struct evtchn_bind_vcpu bv = { .port = port, .vcpu = 0 };

		test_context("port 0x%x", port);
		CHECK_EQ(hostile_port_op(EVTCHNOP_send, port), -XEN_EINVAL);
		CHECK_EQ(hostile_port_op(EVTCHNOP_close, port), -XEN_EINVAL);
		CHECK_EQ(hostile_port_op(EVTCHNOP_unmask, port), -XEN_EINVAL);
		CHECK_EQ(status_of(port, &st), -XEN_EINVAL);
		CHECK_EQ(hostile_evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
	}
	test_context(NULL);
}

TEST(hostile_abi, evtchn_port_0_and_never_opened)
{
	/* Port 0 and a port whose bucket never existed: valid numbers, never open. */
	static const uint32_t closed_ports[] = { 0, 4000, EVTCHN_PORTS - 1 };
	struct evtchn_status st;

	for (unsigned int i = 0; i < sizeof(closed_ports) / sizeof(closed_ports[0]); i++) {
		uint32_t port = closed_ports[i];
		struct evtchn_bind_vcpu bv = { .port = port, .vcpu = 0 };

		test_context("port %u", port);
		CHECK_EQ(hostile_port_op(EVTCHNOP_send, port), -XEN_EINVAL);
		CHECK_EQ(hostile_port_op(EVTCHNOP_close, port), -XEN_EINVAL);
		CHECK_EQ(hostile_evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
		if (CHECK_EQ(status_of(port, &st), 0)) {
			CHECK_EQ(st.status, EVTCHNSTAT_closed);
		}
	}
	test_context(NULL);
}

TEST(hostile_abi, evtchn_unknown_commands)
{
	static const unsigned long cmds[] = {
		2, EVTCHNOP_init_control, 12, 99, 0xFFFFFFFFul, ~0ul
	};
	uint64_t buf[4] = { 0 };

	for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		test_context("cmd 0x%lx", cmds[i]);
		CHECK_EQ(hostile_evtchn_op(cmds[i], buf), -XEN_ENOSYS);
	}
	test_context(NULL);
}

TEST(hostile_abi, evtchn_bad_pointers)
{
	static const uint64_t bad_vas[] = { 0, HOSTILE_HOLE_IPA, HOSTILE_UNMAPPED_VA,
					    0xFFFFFFFFFFFFF000ull };
	static const unsigned long cmds[] = { EVTCHNOP_bind_interdomain,
					      EVTCHNOP_bind_virq,
					      EVTCHNOP_close,
					      EVTCHNOP_send,
					      EVTCHNOP_status,
					      EVTCHNOP_alloc_unbound,
					      EVTCHNOP_bind_ipi,
					      EVTCHNOP_bind_vcpu,
					      EVTCHNOP_unmask,
					      EVTCHNOP_reset };
	uint64_t end = hostile_ram_end();

	for (unsigned int v = 0; v < sizeof(bad_vas) / sizeof(bad_vas[0]); v++) {
		for (unsigned int c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
			test_context("cmd %lu, arg 0x%lx", cmds[c], (unsigned long)bad_vas[v]);
			CHECK_EQ(hostile_evtchn_op(cmds[c], (void *)(uintptr_t)bad_vas[v]),
				 -XEN_EFAULT);
		}
	}
	/* An argument that starts in RAM and runs past its end. */
	REQUIRE(end != 0);
	test_context("status at RAM end - 4");
	CHECK_EQ(hostile_evtchn_op(EVTCHNOP_status, (void *)(uintptr_t)(end - 4)), -XEN_EFAULT);
	test_context(NULL);
}

TEST(hostile_abi, evtchn_other_domains_state)
{
	struct evtchn_status st = { .dom = (domid_t)hostile_peer(), .port = 1 };
	struct evtchn_reset reset = { .dom = (domid_t)hostile_peer() };
	struct evtchn_alloc_unbound alloc = { .dom = (domid_t)hostile_peer(),
					      .remote_dom = DOMID_SELF };

	/* Only one's own ports can be looked at, reset or allocated. */
	CHECK_EQ(hostile_evtchn_op(EVTCHNOP_status, &st), -XEN_EPERM);
	CHECK_EQ(hostile_evtchn_op(EVTCHNOP_reset, &reset), -XEN_EPERM);
	CHECK_EQ(hostile_evtchn_op(EVTCHNOP_alloc_unbound, &alloc), -XEN_EPERM);
	reset.dom = HOSTILE_NO_SUCH_DOMID;
	CHECK_EQ(hostile_evtchn_op(EVTCHNOP_reset, &reset), -XEN_EPERM);
}
