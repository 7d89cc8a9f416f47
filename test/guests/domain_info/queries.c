// SPDX-License-Identifier: MIT
/*
 * domain_info and the rings the core builds, from both sides: run as "holder"
 * (a domain holding the xenstore right, with no real store behind it) and as
 * "plain" (an ordinary domain, peer=<holder>). The holder walks the domains,
 * maps the plain domain's store ring and binds its port; both try the call
 * with hostile arguments. A third role, "rogue", is in rogue.c.
 */
#include <abi/console_ring.h>
#include <abi/domain_info.h>
#include <abi/errno.h>
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <abi/hvm.h>
#include <abi/xs_wire.h>
#include <libos/dt.h>
#include <libos/gnttab.h>
#include <libos/hvm_param.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <string.h>

#include "../xen_common/xen_test.h"

static bool is_holder(void)
{
	const char *args = dt_bootargs();

	return args != NULL && strncmp(args, "holder", 6) == 0;
}

static bool is_plain(void)
{
	const char *args = dt_bootargs();

	return args != NULL && strncmp(args, "plain", 5) == 0;
}

static long query(void *info)
{
	return hypercall(__HYPERVISOR_domain_info, (unsigned long)info, 0, 0, 0, 0);
}

TEST(domain_info, refused_without_a_service_right)
{
	struct domain_info info = { .domid = 0 };

	if (!is_plain()) {
		TEST_SKIP("for the ordinary domain");
	}
	CHECK_EQ(query(&info), -XEN_EPERM);
	CHECK_EQ(query(NULL), -XEN_EPERM); /* the right is checked before the pointer */
	CHECK_EQ(info.store_port, 0);      /* nothing written back */
}

TEST(domain_info, plain_domain_finds_its_store_ring)
{
	uint64_t pfn = 0, port = 0, console = 1;
	volatile uint32_t *ring;

	if (!is_plain()) {
		TEST_SKIP("for the ordinary domain");
	}
	CHECK_EQ(hvm_param_get(HVM_PARAM_STORE_PFN, &pfn), 0);
	CHECK_EQ(hvm_param_get(HVM_PARAM_STORE_EVTCHN, &port), 0);
	CHECK_EQ(hvm_param_get(HVM_PARAM_CONSOLE_PFN, &console), 0);
	CHECK_EQ(pfn, GUEST_XENSTORE_PFN);
	CHECK(port != 0);
	CHECK_EQ(console, 0); /* no console domain in this boot set */
	/* Its own RAM, zeroed: the indexes start at 0 and the page takes writes. */
	ring = (volatile uint32_t *)(uintptr_t)(pfn << 12);
	CHECK_EQ(ring[2048 / 4], 0);
	ring[1024 / 4] = 0x5a5a5a5a;
	CHECK_EQ(ring[1024 / 4], 0x5a5a5a5a);
	ring[1024 / 4] = 0;
}

/* Walk every domain; the holder must see itself and the plain domain. */
TEST(domain_info, holder_walks_the_domains)
{
	domid_t plain = xen_test_peer(DOMID_INVALID);
	struct domain_info info = { .domid = 0 };
	unsigned int seen = 0;

	if (!is_holder()) {
		TEST_SKIP("for the rights holder");
	}
	while (query(&info) == 0) {
		seen++;
		CHECK_EQ(info.pad, 0);
		CHECK_EQ(info.console_port, 0); /* not ours to learn: no console right */
		if (info.domid == plain) {
			CHECK(info.store_port != 0);
			CHECK_EQ(info.rights, 0);
			CHECK_EQ(strcmp(info.name, "plain"), 0);
		} else {
			CHECK_EQ(info.store_port, 0); /* a service domain gets no ring */
			CHECK_EQ(info.rights, DOMAIN_RIGHT_XENSTORE);
		}
		info.domid++;
	}
	CHECK_EQ(seen, 2);
}

TEST(domain_info, holder_hostile_arguments)
{
	struct domain_info info = { .domid = 0x7fef };

	if (!is_holder()) {
		TEST_SKIP("for the rights holder");
	}
	CHECK_EQ(query(NULL), -XEN_EFAULT);
	CHECK_EQ(query((void *)0x10), -XEN_EFAULT);                      /* unmapped */
	CHECK_EQ(query((void *)(GUEST_GICD_BASE + 0x100)), -XEN_EFAULT); /* emulated MMIO */
	CHECK_EQ(query(&info), -XEN_ESRCH);                              /* past every domain */
	info.domid = 0xffff;
	CHECK_EQ(query(&info), -XEN_ESRCH);
}

static bool domain_gone(void *arg)
{
	struct domain_info info = { .domid = (domid_t)(uintptr_t)arg };

	return query(&info) != 0 || info.domid != (domid_t)(uintptr_t)arg ||
	       (info.flags & DOMAIN_INFO_DYING);
}

/* The ring is offered as grant ref 1 to the holder only, and its port is the holder's to bind. */
TEST(domain_info, holder_maps_and_binds_the_ring)
{
	domid_t plain = xen_test_peer(DOMID_INVALID);
	struct domain_info info = { .domid = plain };
	grant_handle_t handle;
	evtchn_port_t port;
	void *va;

	if (!is_holder()) {
		TEST_SKIP("for the rights holder");
	}
	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(query(&info), 0);
	REQUIRE_EQ(info.domid, plain);
	CHECK_EQ(gnttab_map_page(plain, CONSOLE_GRANT_REF, false, &va, &handle),
		 GNTST_general_error); /* ref 0 is for a console domain: there is none */
	REQUIRE_EQ(gnttab_map_page(plain, XS_GRANT_REF, false, &va, &handle), GNTST_okay);
	CHECK_EQ(gnttab_unmap_page(va, handle), GNTST_okay);
	CHECK_EQ(evtchn_bind_interdomain(plain, info.store_port + 1, NULL, NULL, &port),
		 -XEN_EINVAL);
	/* Left bound: the plain domain waits for that before it ends, and we for its end. */
	CHECK_EQ(evtchn_bind_interdomain(plain, info.store_port, NULL, NULL, &port), 0);
	CHECK(xen_test_wait(domain_gone, (void *)(uintptr_t)plain, 30));
}

static bool store_port_bound(void *arg)
{
	struct evtchn_status st;

	return evtchn_status((evtchn_port_t)(uintptr_t)arg, &st) == 0 &&
	       st.status == EVTCHNSTAT_interdomain;
}

/* Last: the plain domain stays until the holder has bound its store port. */
TEST(domain_info, plain_domain_sees_its_port_bound)
{
	uint64_t port = 0;

	if (!is_plain()) {
		TEST_SKIP("for the ordinary domain");
	}
	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(hvm_param_get(HVM_PARAM_STORE_EVTCHN, &port), 0);
	CHECK(xen_test_wait(store_port_bound, (void *)(uintptr_t)port, 30));
}
