// SPDX-License-Identifier: MIT
/*
 * The witness: keeps running while the rebooting domain (domain 1, or
 * bootargs "peer=N") ends and comes back. It owns the boot count, grants the
 * page holding it, connects to each boot of the rebooting domain and raises
 * the count, and watches each boot end through its port going back to
 * unbound: the first a reboot (the domain offers its port again), the second
 * a power-off (the domain is gone). See reboot_test.h for the protocol.
 */
#include <abi/errno.h>
#include <abi/sched.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/test.h>

#include "../xen_common/xen_test.h"
#include "reboot_test.h"

#define PAGE 4096u

/* Granted whole: nothing else may share the page. */
static union {
	struct reboot_page p;
	uint8_t bytes[PAGE];
} shared __attribute__((aligned(PAGE)));

static domid_t rebooter;
static bool granted;
static evtchn_port_t port; /* bound to the rebooting domain's port; 0 between boots */

static uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p / PAGE;
}

static void wake(evtchn_port_t p, void *unused)
{
	(void)p;
	(void)unused;
}

static uint16_t flags_of(grant_ref_t ref)
{
	return __atomic_load_n(&gnttab_entries()[ref].flags, __ATOMIC_ACQUIRE);
}

/* Bind the rebooting domain's port, retrying (yield between tries) until offered; 0 or the last
 * error. Between boots it does not exist (-XEN_ESRCH) or has not offered the port yet. */
static long bind_rebooter(void)
{
	uint64_t deadline = counter_read() + counter_from_ns(REBOOT_WAIT_SECONDS * 1000000000ull);
	long rc;

	do {
		rc = evtchn_bind_interdomain(rebooter, REBOOT_PORT, wake, NULL, &port);
		if (rc == 0) {
			break;
		}
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	} while (counter_read() < deadline);
	return rc;
}

/* Connect to the rebooting domain's boot number boot: bind, raise the count, tell it. */
static void connect(uint32_t boot)
{
	struct evtchn_status st;

	test_context("binding port %u of domain %u for its boot %u", REBOOT_PORT, rebooter, boot);
	if (!CHECK_EQ(bind_rebooter(), 0)) {
		port = 0;
		return;
	}
	test_context(NULL);
	CHECK_EQ(evtchn_status(port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.dom, rebooter);
	CHECK_EQ(st.u.interdomain.port, REBOOT_PORT);
	__atomic_store_n(&shared.p.boots, boot, __ATOMIC_RELEASE);
	CHECK_EQ(evtchn_send(port), 0);
}

/* The other end was closed: the core offers our end back to the domain that had it. */
static bool port_unbound(void *unused)
{
	struct evtchn_status st;

	(void)unused;
	return evtchn_status(port, &st) == 0 && st.status == EVTCHNSTAT_unbound;
}

static bool page_unmapped(void *unused)
{
	(void)unused;
	return (flags_of(REBOOT_REF) & (GTF_reading | GTF_writing)) == 0;
}

/*
 * Watch boot number boot of the rebooting domain end: our port goes back to
 * unbound, the page says it saw its count, and no mapping of the page is
 * left (unmapped by the domain, or undone by the core tearing it down).
 */
static bool sees_end(uint32_t boot)
{
	const struct grant_entry_v1 *e = &gnttab_entries()[REBOOT_REF];
	struct evtchn_status st;

	test_context("waiting for boot %u of domain %u to end", boot, rebooter);
	if (!CHECK(xen_test_wait(port_unbound, NULL, REBOOT_WAIT_SECONDS))) {
		return false;
	}
	test_context(NULL);
	CHECK_EQ(evtchn_status(port, &st), 0);
	CHECK_EQ(st.u.unbound.dom, rebooter);
	CHECK_EQ(__atomic_load_n(&shared.p.seen, __ATOMIC_ACQUIRE), boot);
	test_context("waiting for domain %u's mapping of ref %u to go", rebooter, REBOOT_REF);
	CHECK(xen_test_wait(page_unmapped, NULL, REBOOT_WAIT_SECONDS));
	test_context(NULL);
	/* The grant is ours: the other domain's end leaves it as it was. */
	CHECK_EQ(flags_of(REBOOT_REF), GTF_permit_access);
	CHECK_EQ(e->domid, rebooter);
	CHECK_EQ(e->frame, gfn_of(&shared));
	CHECK_EQ(evtchn_close(port), 0);
	port = 0;
	return true;
}

TEST(reboot, witness_grants_counter)
{
	grant_ref_t ref = 0;

	rebooter = xen_test_peer(REBOOT_SELF_DOMID);
	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(gnttab_init(0), 0);
	__atomic_store_n(&shared.p.boots, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&shared.p.seen, 0, __ATOMIC_RELEASE);
	REQUIRE_EQ(gnttab_grant_access(rebooter, gfn_of(&shared), false, &ref), 0);
	CHECK_EQ(ref, REBOOT_REF);
	granted = ref == REBOOT_REF;
}

TEST(reboot, witness_counts_first_boot)
{
	REQUIRE(granted);
	connect(1);
}

TEST(reboot, witness_sees_reboot)
{
	REQUIRE(port != 0);
	REQUIRE(sees_end(1));
}

TEST(reboot, witness_counts_second_boot)
{
	REQUIRE(granted);
	/* The rebooting domain comes back and offers its first port again. */
	connect(2);
}

TEST(reboot, witness_sees_poweroff)
{
	evtchn_port_t spare = 0;

	REQUIRE(port != 0);
	REQUIRE(sees_end(2));
	/* Powered off, not rebuilt: the domain is gone before its ports are closed. */
	CHECK_EQ(evtchn_alloc_unbound(rebooter, NULL, NULL, &spare), -XEN_ESRCH);
	/* Nothing maps the page any more: the grant can be revoked. */
	CHECK_EQ(gnttab_end_access(REBOOT_REF), 0);
	CHECK_EQ(flags_of(REBOOT_REF), 0);
	granted = false;
}
