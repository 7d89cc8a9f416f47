// SPDX-License-Identifier: MIT
/*
 * A controller's right reaches the domains it controls and no others: run as
 * "controller peer=N other=M", a domain holding the toolstack right that the
 * boot configuration made N's controller (tessera,controller) reads N's store
 * parameters and makes a port in N's table, as a toolstack does for a new
 * domain's services; the same calls on M, which it does not control, are
 * refused.
 */
#include <abi/errno.h>
#include <abi/event_channel.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <libos/dt.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <stdlib.h>
#include <string.h>

#include "../xen_common/xen_test.h"

static bool is_controller(void)
{
	const char *args = dt_bootargs();

	return args != NULL && strncmp(args, "controller", 10) == 0;
}

/* The domain in the bootargs' "other=M": one the controller does not control. */
static domid_t other_domain(void)
{
	const char *at = strstr(dt_bootargs(), "other=");

	return at ? (domid_t)strtoul(at + 6, NULL, 10) : DOMID_INVALID;
}

static long store_param(domid_t domid, uint64_t *value)
{
	struct xen_hvm_param arg = { .domid = domid, .index = HVM_PARAM_STORE_PFN };
	long rc = hypercall_hvm_op(HVMOP_get_param, &arg);

	*value = arg.value;
	return rc;
}

static long port_in(domid_t dom, domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote };
	long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	*port = op.port;
	return rc;
}

TEST(rights, controller_reaches_the_domain_it_controls)
{
	domid_t controlled = xen_test_peer(DOMID_INVALID);
	evtchn_port_t first, second;
	uint64_t pfn = 0;

	if (!is_controller()) {
		TEST_SKIP("for the controller");
	}
	CHECK_EQ(store_param(controlled, &pfn), 0);
	CHECK_EQ(pfn, 0x39001); /* GUEST_XENSTORE_PFN: the store ring the core built */
	CHECK_EQ(port_in(controlled, DOMID_SELF, &first), 0);
	CHECK(first != 0);
	CHECK_EQ(port_in(controlled, DOMID_SELF, &second), 0);
	CHECK(second != first); /* real ports of its table, one after another */
	CHECK_EQ(port_in(controlled, 0x7fef, &second), -XEN_ESRCH); /* no such remote */
}

TEST(rights, controller_does_not_reach_other_domains)
{
	evtchn_port_t port = 0;
	uint64_t pfn = 0;

	if (!is_controller()) {
		TEST_SKIP("for the controller");
	}
	CHECK_EQ(store_param(other_domain(), &pfn), -XEN_EPERM);
	CHECK_EQ(pfn, 0);
	CHECK_EQ(port_in(other_domain(), DOMID_SELF, &port), -XEN_EPERM);
	CHECK_EQ(port, 0);
	CHECK_EQ(port_in(0x7fef, DOMID_SELF, &port), -XEN_ESRCH);
}
