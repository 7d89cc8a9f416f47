// SPDX-License-Identifier: MIT
/*
 * Rights reach only the domains they are held over: run as "rogue peer=N", a
 * domain holding the xenstore right that does not serve domain N (another
 * store does) tries to read and rewrite N's store parameters, learn its store
 * port, map its store ring and bind that port. Every attempt is refused, and
 * the store that does serve N keeps it (N's own checks, in queries.c).
 */
#include <abi/domain_info.h>
#include <abi/errno.h>
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/xs_wire.h>
#include <libos/dt.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <string.h>

#include "../xen_common/xen_test.h"

static bool is_rogue(void)
{
	const char *args = dt_bootargs();

	return args != NULL && strncmp(args, "rogue", 5) == 0;
}

static long param_of(domid_t domid, uint32_t op, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param arg = { .domid = domid, .index = index, .value = *value };
	long rc = hypercall_hvm_op(op, &arg);

	*value = arg.value;
	return rc;
}

TEST(rights, store_holder_cannot_read_an_unserved_domains_params)
{
	domid_t victim = xen_test_peer(DOMID_INVALID);
	uint64_t value = 0;

	if (!is_rogue()) {
		TEST_SKIP("for the rogue store");
	}
	CHECK_EQ(param_of(victim, HVMOP_get_param, HVM_PARAM_STORE_PFN, &value), -XEN_EPERM);
	CHECK_EQ(value, 0); /* nothing written back */
	CHECK_EQ(param_of(victim, HVMOP_get_param, HVM_PARAM_STORE_EVTCHN, &value), -XEN_EPERM);
	CHECK_EQ(value, 0);
	CHECK_EQ(param_of(victim, HVMOP_get_param, HVM_PARAM_CONSOLE_EVTCHN, &value), -XEN_EPERM);
}

TEST(rights, store_holder_cannot_rewrite_an_unserved_domains_params)
{
	domid_t victim = xen_test_peer(DOMID_INVALID);
	uint64_t value = 0x12345;

	if (!is_rogue()) {
		TEST_SKIP("for the rogue store");
	}
	CHECK_EQ(param_of(victim, HVMOP_set_param, HVM_PARAM_STORE_PFN, &value), -XEN_EPERM);
	value = 7;
	CHECK_EQ(param_of(victim, HVMOP_set_param, HVM_PARAM_STORE_EVTCHN, &value), -XEN_EPERM);
	CHECK_EQ(param_of(victim, HVMOP_set_param, HVM_PARAM_CALLBACK_IRQ, &value), -XEN_EPERM);
	CHECK_EQ(param_of(0x7fef, HVMOP_set_param, HVM_PARAM_STORE_PFN, &value), -XEN_ESRCH);
}

TEST(rights, store_holder_learns_no_port_of_an_unserved_domain)
{
	domid_t victim = xen_test_peer(DOMID_INVALID);
	struct domain_info info = { .domid = victim };

	if (!is_rogue()) {
		TEST_SKIP("for the rogue store");
	}
	REQUIRE_EQ(hypercall(__HYPERVISOR_domain_info, (unsigned long)&info, 0, 0, 0, 0), 0);
	CHECK_EQ(info.domid, victim);
	CHECK_EQ(info.store_port, 0);
	CHECK_EQ(info.console_port, 0);
}

TEST(rights, store_holder_cannot_take_an_unserved_domains_ring)
{
	domid_t victim = xen_test_peer(DOMID_INVALID);
	grant_handle_t handle;
	evtchn_port_t port;
	void *va;

	if (!is_rogue()) {
		TEST_SKIP("for the rogue store");
	}
	REQUIRE(xen_test_events_up());
	/* Not granted to it: Xen's general error. */
	CHECK_EQ(gnttab_map_page(victim, XS_GRANT_REF, false, &va, &handle), GNTST_general_error);
	/* Its store port is offered to the store that serves it, whatever number it has. */
	for (evtchn_port_t p = 1; p < 16; p++) {
		CHECK(evtchn_bind_interdomain(victim, p, NULL, NULL, &port) < 0);
	}
}
