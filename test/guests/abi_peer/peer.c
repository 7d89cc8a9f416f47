// SPDX-License-Identifier: MIT
/*
 * The peer of the hostile ABI domain: offers it grants and a port (see
 * offers.h), keeps doing its own event and grant work while the hostile
 * domain attacks the ABI, and checks afterwards that its offers to others
 * were never taken and that every grant it gave can be revoked.
 */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "offers.h"

#define PAGE 4096u

static uint8_t other_page[PAGE] __attribute__((aligned(PAGE)));
static uint8_t rw_page[PAGE] __attribute__((aligned(PAGE)));
static uint8_t ro_page[PAGE] __attribute__((aligned(PAGE)));
static uint8_t work_a[PAGE] __attribute__((aligned(PAGE)));
static uint8_t work_b[PAGE] __attribute__((aligned(PAGE)));

static bool offered;
static evtchn_port_t hostile_port;
static uint64_t hostile_events; /* "done" */
static uint64_t self_events;

static void count(evtchn_port_t port, void *counter)
{
	(void)port;
	__atomic_add_fetch((uint64_t *)counter, 1, __ATOMIC_RELEASE);
}

static uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p / PAGE;
}

static bool offer(domid_t to, const void *page, bool readonly, grant_ref_t want)
{
	grant_ref_t ref = 0;

	test_context("granting ref %u", want);
	return CHECK_EQ(gnttab_grant_access(to, gfn_of(page), readonly, &ref), 0) &&
	       CHECK_EQ(ref, want);
}

TEST(abi_peer, offers)
{
	evtchn_port_t other_port = 0;

	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(gnttab_init(0), 0);
	for (unsigned int i = 0; i < PAGE; i++) {
		rw_page[i] = OFFER_RW_BYTE(i);
		ro_page[i] = OFFER_RO_BYTE(i);
	}
	REQUIRE(offer(OFFER_OTHER_DOMID, other_page, false, OFFER_REF_OTHER));
	REQUIRE(offer(OFFER_HOSTILE_DOMID, rw_page, false, OFFER_REF_RW));
	REQUIRE(offer(OFFER_HOSTILE_DOMID, ro_page, true, OFFER_REF_RO));
	test_context(NULL);
	REQUIRE_EQ(
		xen_test_offer_port(OFFER_OTHER_DOMID, NULL, NULL, &other_port, OFFER_WAIT_SECONDS),
		0);
	CHECK_EQ(other_port, OFFER_PORT_OTHER);
	REQUIRE_EQ(xen_test_offer_port(OFFER_HOSTILE_DOMID, count, &hostile_events, &hostile_port,
				       OFFER_WAIT_SECONDS),
		   0);
	CHECK_EQ(hostile_port, OFFER_PORT_HOSTILE);
	offered = true;
}

/* One unit of the peer's own work: an event to itself and a copy between its pages. */
static bool work_once(evtchn_port_t self, uint64_t round)
{
	struct gnttab_copy op = {
		.source = { .ref_or_gfn = gfn_of(work_a), .domid = DOMID_SELF, .offset = 0 },
		.dest = { .ref_or_gfn = gfn_of(work_b), .domid = DOMID_SELF, .offset = 0 },
		.len = PAGE,
	};

	memset(work_a, (int)(round & 0xff), PAGE);
	if (evtchn_send(self) != 0 || !xen_test_wait_count(&self_events, round, 5)) {
		return false;
	}
	return gnttab_copy(&op) == GNTST_okay && work_b[PAGE - 1] == (uint8_t)(round & 0xff);
}

static bool hostile_done(void *unused)
{
	(void)unused;
	return __atomic_load_n(&hostile_events, __ATOMIC_ACQUIRE) != 0;
}

TEST(abi_peer, keeps_working_while_attacked)
{
	uint64_t deadline = counter_read() + counter_from_ns(OFFER_HOSTILE_SECONDS * 1000000000ull);
	evtchn_port_t self = 0;
	uint64_t rounds = 0;
	bool ok = true;

	REQUIRE(offered);
	REQUIRE_EQ(evtchn_bind_ipi(0, count, &self_events, &self), 0);
	while (!hostile_done(NULL) && counter_read() < deadline) {
		ok = work_once(self, rounds + 1);
		if (!CHECK(ok)) {
			break;
		}
		rounds++;
		xen_test_sleep_ms(1);
	}
	printf("abi_peer: %lu rounds of own work while the hostile domain ran\n",
	       (unsigned long)rounds);
	CHECK(hostile_done(NULL));
	CHECK(rounds > 0);
	CHECK_EQ(evtchn_close(self), 0);
}

TEST(abi_peer, offers_intact)
{
	struct evtchn_status st;
	struct grant_entry_v1 *table = gnttab_entries();
	bool same = true;

	REQUIRE(offered && table != NULL);
	/* The bystander's port was never taken. */
	REQUIRE_EQ(evtchn_status(OFFER_PORT_OTHER, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(st.u.unbound.dom, OFFER_OTHER_DOMID);
	/* The read-only page is as it was; the bystander's page was never touched. */
	for (unsigned int i = 0; i < PAGE; i++) {
		same = same && ro_page[i] == OFFER_RO_BYTE(i) && other_page[i] == 0;
	}
	CHECK(same);
	/* The never-granted entry is still empty, and every grant can be revoked: nothing mapped.
	 */
	CHECK_EQ(table[OFFER_REF_UNUSED].flags, 0);
	CHECK_EQ(gnttab_end_access(OFFER_REF_OTHER), 0);
	CHECK_EQ(gnttab_end_access(OFFER_REF_RW), 0);
	CHECK_EQ(gnttab_end_access(OFFER_REF_RO), 0);
	CHECK_EQ(evtchn_close(OFFER_PORT_OTHER), 0);
	CHECK_EQ(evtchn_close(hostile_port), 0);
}
