// SPDX-License-Identifier: MIT
/*
 * The granting side: offers pages to the user domain (2, or bootargs
 * "peer=N"), sees what the user wrote into them, and revokes them: refused
 * while mapped, accepted once unmapped. See grant_test.h for the protocol.
 */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/test.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "grant_test.h"

#define PAGE 4096u

static uint8_t data_page[PAGE] __attribute__((aligned(PAGE)));
static uint8_t copy_page[PAGE] __attribute__((aligned(PAGE)));
static uint8_t ro_page[PAGE] __attribute__((aligned(PAGE)));
static uint8_t ring_pages[GRANT_RING_PAGES][PAGE] __attribute__((aligned(PAGE)));
/* The control page is granted whole: nothing else may share it. */
static union {
	struct grant_control c;
	uint8_t bytes[PAGE];
} control_page __attribute__((aligned(PAGE)));

static bool offered;
static evtchn_port_t port;

static uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p / PAGE;
}

static void notify(void)
{
	(void)evtchn_send(port);
}

static void wake(evtchn_port_t p, void *unused)
{
	(void)p;
	(void)unused;
}

/** What wait_user waits for. */
static bool user_reached(void *stage)
{
	return __atomic_load_n(&control_page.c.user_stage, __ATOMIC_ACQUIRE) >= *(uint32_t *)stage;
}

static bool wait_user(uint32_t stage)
{
	test_context("waiting for the user to reach stage %u (at %u)", stage,
		     __atomic_load_n(&control_page.c.user_stage, __ATOMIC_ACQUIRE));
	return xen_test_wait(user_reached, &stage, GRANT_WAIT_SECONDS);
}

static void set_stage(uint32_t stage)
{
	__atomic_store_n(&control_page.c.owner_stage, stage, __ATOMIC_RELEASE);
	notify();
}

static uint16_t flags_of(grant_ref_t ref)
{
	return __atomic_load_n(&gnttab_entries()[ref].flags, __ATOMIC_ACQUIRE);
}

/* Grant page p through the next ref, which must be want. */
static bool grant(domid_t user, const void *p, bool readonly, grant_ref_t want)
{
	grant_ref_t ref = 0;

	test_context("granting ref %u", want);
	return CHECK_EQ(gnttab_grant_access(user, gfn_of(p), readonly, &ref), 0) &&
	       CHECK_EQ(ref, want);
}

TEST(grant, owner_offers)
{
	domid_t user = xen_test_peer(GRANT_USER_DOMID);
	uint32_t frames = 0;
	uint32_t max_frames = 0;
	struct grant_entry_v1 *e;

	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(gnttab_query_size(&frames, &max_frames), 0);
	CHECK(frames >= 1);
	CHECK(max_frames >= frames && max_frames <= GRANT_FRAMES_MAX);
	REQUIRE_EQ(gnttab_init(0), 0);
	REQUIRE(gnttab_frame_count() >= 1);

	for (unsigned int i = 0; i < PAGE; i++) {
		ro_page[i] = GRANT_RO_BYTE(i);
	}
	memset(data_page, 0, PAGE);
	memset(copy_page, 0, PAGE);
	REQUIRE(grant(user, data_page, false, GRANT_DATA_REF));
	REQUIRE(grant(user, &control_page, false, GRANT_CONTROL_REF));
	REQUIRE(grant(user, copy_page, false, GRANT_COPY_REF));
	REQUIRE(grant(user, ro_page, true, GRANT_RO_REF));
	for (unsigned int p = 0; p < GRANT_RING_PAGES; p++) {
		for (unsigned int i = 0; i < PAGE; i++) {
			ring_pages[p][i] = GRANT_RING_BYTE(p, i);
		}
		REQUIRE(grant(user, ring_pages[p], false, GRANT_RING_REF + p));
	}
	test_context(NULL);
	e = &gnttab_entries()[GRANT_DATA_REF];
	CHECK_EQ(e->flags, GTF_permit_access);
	CHECK_EQ(e->domid, user);
	CHECK_EQ(e->frame, gfn_of(data_page));
	CHECK_EQ(gnttab_entries()[GRANT_RO_REF].flags, GTF_permit_access | GTF_readonly);

	REQUIRE_EQ(xen_test_offer_port(user, wake, NULL, &port, GRANT_WAIT_SECONDS), 0);
	CHECK_EQ(port, GRANT_PORT);
	offered = true;
}

TEST(grant, owner_sees_user_writes_and_cannot_revoke_while_mapped)
{
	bool same = true;

	REQUIRE(offered);
	REQUIRE(wait_user(USER_WROTE));
	test_context(NULL);
	for (unsigned int i = 0; i < GRANT_PATTERN_WORDS; i++) {
		same = same && ((const uint64_t *)data_page)[i] == GRANT_PATTERN(i);
	}
	CHECK(same);
	/* Mapped writable by the user: the core says so in the flags. */
	CHECK_EQ(flags_of(GRANT_DATA_REF) & (GTF_reading | GTF_writing), GTF_reading | GTF_writing);
	CHECK_EQ(gnttab_end_access_ref(GRANT_DATA_REF), -XEN_EBUSY);
	/* Refused revocation leaves the grant as it was. */
	CHECK_EQ(flags_of(GRANT_DATA_REF) & GTF_type_mask, GTF_permit_access);
	set_stage(OWNER_CHECKED);
}

TEST(grant, owner_revokes_after_unmap)
{
	REQUIRE(offered);
	REQUIRE(wait_user(USER_UNMAPPED));
	test_context(NULL);
	CHECK_EQ(flags_of(GRANT_DATA_REF) & (GTF_reading | GTF_writing), 0);
	CHECK_EQ(gnttab_end_access(GRANT_DATA_REF), 0);
	CHECK_EQ(flags_of(GRANT_DATA_REF), 0);
}

TEST(grant, owner_sees_copies)
{
	bool same = true;
	bool untouched = true;

	REQUIRE(offered);
	REQUIRE(wait_user(USER_COPIED));
	test_context(NULL);
	for (unsigned int i = 0; i < PAGE; i++) {
		bool inside =
			i >= GRANT_COPY_DEST_OFFSET && i < GRANT_COPY_DEST_OFFSET + GRANT_COPY_LEN;
		uint8_t want = inside ? GRANT_COPY_BYTE(i - GRANT_COPY_DEST_OFFSET) : 0;

		same = same && copy_page[i] == want;
		untouched = untouched && ro_page[i] == GRANT_RO_BYTE(i);
	}
	CHECK(same);
	CHECK(untouched);
	/* Copies leave no flag behind; the user has unmapped everything but the control page. */
	CHECK_EQ(flags_of(GRANT_COPY_REF) & (GTF_reading | GTF_writing), 0);
	CHECK_EQ(flags_of(GRANT_RO_REF) & (GTF_reading | GTF_writing), 0);
	CHECK_EQ(gnttab_end_access(GRANT_COPY_REF), 0);
	CHECK_EQ(gnttab_end_access(GRANT_RO_REF), 0);
	set_stage(OWNER_DONE);
}

static bool control_revoked(void *unused)
{
	(void)unused;
	return gnttab_end_access(GRANT_CONTROL_REF) == 0;
}

TEST(grant, owner_revokes_control_page)
{
	REQUIRE(offered);
	REQUIRE(wait_user(USER_DONE));
	test_context("revoking the control page");
	/* The user unmaps it right after saying so: revocation succeeds once it has. */
	CHECK(xen_test_wait(control_revoked, NULL, GRANT_WAIT_SECONDS));
	test_context(NULL);
	CHECK_EQ(evtchn_close(port), 0);
}

TEST(grant, owner_table_grows)
{
	static uint8_t page[PAGE] __attribute__((aligned(PAGE)));
	static uint8_t back[PAGE] __attribute__((aligned(PAGE)));
	const grant_ref_t ref = GRANT_ENTRIES_PER_FRAME + 88; /* in the second frame */
	uint32_t frames = 0;
	uint32_t max_frames = 0;
	struct gnttab_copy op = {
		.source = { .ref_or_gfn = ref, .domid = GRANT_OWNER_DOMID, .offset = 0 },
		.dest = { .ref_or_gfn = gfn_of(back), .domid = DOMID_SELF, .offset = 0 },
		.len = PAGE,
		.flags = GNTCOPY_source_gref,
	};

	REQUIRE(offered);
	REQUIRE_EQ(gnttab_query_size(&frames, &max_frames), 0);
	REQUIRE(max_frames >= 2);
	REQUIRE_EQ(gnttab_init(2), 0);
	REQUIRE_EQ(gnttab_query_size(&frames, &max_frames), 0);
	CHECK_EQ(frames, 2);
	CHECK_EQ(gnttab_frame_count(), 2);
	/* A grant in the new frame, to this domain itself: the core finds it there. */
	memset(page, 0x6b, PAGE);
	REQUIRE_EQ(gnttab_grant_access_ref(ref, GRANT_OWNER_DOMID, gfn_of(page), true), 0);
	CHECK_EQ(gnttab_copy(&op), GNTST_okay);
	CHECK_EQ(back[0], 0x6b);
	CHECK_EQ(back[PAGE - 1], 0x6b);
	CHECK_EQ(gnttab_end_access_ref(ref), 0);
	/* Revoked: no more copies through it (Xen's general error). */
	CHECK_EQ(gnttab_copy(&op), GNTST_general_error);
}

TEST(grant, owner_maps_own_grant)
{
	static uint8_t page[PAGE] __attribute__((aligned(PAGE)));
	const grant_ref_t ref = GRANT_ENTRIES_PER_FRAME + 89;
	grant_handle_t handle = 0;
	void *va = NULL;

	REQUIRE(offered);
	REQUIRE_EQ(gnttab_grant_access_ref(ref, GRANT_OWNER_DOMID, gfn_of(page), false), 0);
	/* Loopback, by its own id, as Xen allows; DOMID_SELF names no granter. */
	CHECK_EQ(gnttab_map_page(DOMID_SELF, ref, false, &va, &handle), GNTST_bad_domain);
	if (CHECK_EQ(gnttab_map_page(GRANT_OWNER_DOMID, ref, false, &va, &handle), GNTST_okay)) {
		((volatile uint8_t *)va)[100] = 0x3c;
		CHECK_EQ(page[100], 0x3c);
		CHECK_EQ(gnttab_end_access_ref(ref), -XEN_EBUSY); /* in use, by itself */
		CHECK_EQ(gnttab_unmap_page(va, handle), GNTST_okay);
	}
	CHECK_EQ(gnttab_end_access_ref(ref), 0);
}
