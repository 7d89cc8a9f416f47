// SPDX-License-Identifier: MIT
/*
 * The using side: maps the owner's (domain 1, or bootargs "peer=N") grants,
 * writes through a writable mapping, copies to and from granted pages and
 * between its own pages, and finds read-only grants read-only. See
 * grant_test.h for the protocol.
 */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <libos/arm64.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/exc.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/physmap.h>
#include <libos/probe.h>
#include <libos/test.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "grant_test.h"

#define PAGE 4096u

static uint8_t own_a[PAGE] __attribute__((aligned(PAGE)));
static uint8_t own_b[PAGE] __attribute__((aligned(PAGE)));

static domid_t owner;
static evtchn_port_t port;
static struct grant_control *control; /* the owner's control page, mapped */
static grant_handle_t control_handle;
static uint64_t *data; /* the owner's data page, mapped */
static grant_handle_t data_handle;

static uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p / PAGE;
}

static void wake(evtchn_port_t p, void *unused)
{
	(void)p;
	(void)unused;
}

static void set_stage(uint32_t stage)
{
	__atomic_store_n(&control->user_stage, stage, __ATOMIC_RELEASE);
	(void)evtchn_send(port);
}

static bool owner_reached(void *stage)
{
	return __atomic_load_n(&control->owner_stage, __ATOMIC_ACQUIRE) >= *(uint32_t *)stage;
}

static bool wait_owner(uint32_t stage)
{
	test_context("waiting for the owner to reach stage %u", stage);
	return xen_test_wait(owner_reached, &stage, GRANT_WAIT_SECONDS);
}

/* Bind the owner's port, retrying until it is offered; 0 or the last error. */
static long bind_owner_port(void)
{
	uint64_t deadline = counter_read() + counter_from_ns(GRANT_WAIT_SECONDS * 1000000000ull);
	long rc;

	do {
		rc = evtchn_bind_interdomain(owner, GRANT_PORT, wake, NULL, &port);
		if (rc == 0) {
			break;
		}
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	} while (counter_read() < deadline);
	return rc;
}

/* A load from va must fault with a synchronous external abort. */
static bool read_faults(uintptr_t va)
{
	struct exc_record rec;

	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_read64_resume);
	(void)probe_read64(va);
	return CHECK(exc_taken(&rec)) && CHECK_EQ(ESR_FSC(rec.esr), ESR_FSC_SYNC_EXTERNAL) &&
	       CHECK_EQ(rec.far, va);
}

/* A store to va must fault as a write, leaving the page as it was. */
static bool write_faults(uintptr_t va)
{
	struct exc_record rec;

	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_write64_resume);
	probe_write64(va, 0xdeadbeefdeadbeefull);
	return CHECK(exc_taken(&rec)) && CHECK(rec.esr & ESR_DABT_WNR) && CHECK_EQ(rec.far, va);
}

TEST(grant, user_maps_and_writes)
{
	void *va = NULL;
	bool zero = true;

	owner = xen_test_peer(GRANT_OWNER_DOMID);
	REQUIRE(xen_test_events_up());
	test_context("binding port %u of domain %u", GRANT_PORT, owner);
	REQUIRE_EQ(bind_owner_port(), 0);
	test_context(NULL);
	/* Bound, so every grant is in place. */
	REQUIRE_EQ(gnttab_map_page(owner, GRANT_CONTROL_REF, false, &va, &control_handle),
		   GNTST_okay);
	control = va;
	REQUIRE_EQ(gnttab_map_page(owner, GRANT_DATA_REF, false, &va, &data_handle), GNTST_okay);
	data = va;
	for (unsigned int i = 0; i < GRANT_PATTERN_WORDS; i++) {
		zero = zero && data[i] == 0;
	}
	CHECK(zero);
	for (unsigned int i = 0; i < GRANT_PATTERN_WORDS; i++) {
		data[i] = GRANT_PATTERN(i);
	}
	set_stage(USER_WROTE);
}

TEST(grant, user_unmaps)
{
	uintptr_t va = (uintptr_t)data;

	REQUIRE(control != NULL && data != NULL);
	REQUIRE(wait_owner(OWNER_CHECKED));
	test_context(NULL);
	/* Keep the address reserved: it must fault now, not map something else. */
	CHECK_EQ(gnttab_unmap(va, data_handle), GNTST_okay);
	data = NULL;
	CHECK(read_faults(va));
	/* The handle is gone with the mapping. */
	CHECK_EQ(gnttab_unmap(va, data_handle), GNTST_bad_handle);
	set_stage(USER_UNMAPPED);
}

/* One copy with both sides spelled out; its status. */
static int16_t copy(uint64_t src, domid_t src_dom, uint16_t src_off, uint64_t dst, domid_t dst_dom,
		    uint16_t dst_off, uint16_t len, uint16_t flags)
{
	struct gnttab_copy op = {
		.source = { .ref_or_gfn = src, .domid = src_dom, .offset = src_off },
		.dest = { .ref_or_gfn = dst, .domid = dst_dom, .offset = dst_off },
		.len = len,
		.flags = flags,
	};

	return gnttab_copy(&op);
}

TEST(grant, user_copies)
{
	bool same = true;

	REQUIRE(control != NULL);
	for (unsigned int i = 0; i < GRANT_COPY_LEN; i++) {
		own_a[i] = GRANT_COPY_BYTE(i);
	}
	/* Own page -> granted page. */
	CHECK_EQ(copy(gfn_of(own_a), DOMID_SELF, 0, GRANT_COPY_REF, owner, GRANT_COPY_DEST_OFFSET,
		      GRANT_COPY_LEN, GNTCOPY_dest_gref),
		 GNTST_okay);
	/* Granted (read-only) page -> own page. */
	memset(own_b, 0, PAGE);
	CHECK_EQ(copy(GRANT_RO_REF, owner, 0, gfn_of(own_b), DOMID_SELF, 512, 1024,
		      GNTCOPY_source_gref),
		 GNTST_okay);
	for (unsigned int i = 0; i < 1024; i++) {
		same = same && own_b[512 + i] == GRANT_RO_BYTE(i);
	}
	CHECK(same);
	CHECK_EQ(own_b[511], 0);
	CHECK_EQ(own_b[1536], 0);
	/* Own page -> own page, both named by gfn. */
	memset(own_b, 0, PAGE);
	CHECK_EQ(copy(gfn_of(own_a), DOMID_SELF, 8, gfn_of(own_b), DOMID_SELF, 16, 100, 0),
		 GNTST_okay);
	CHECK_EQ(memcmp(own_b + 16, own_a + 8, 100), 0);
	CHECK_EQ(own_b[15], 0);
	CHECK_EQ(own_b[116], 0);
	/* Never into a read-only grant, never across a page end. */
	CHECK_EQ(copy(gfn_of(own_a), DOMID_SELF, 0, GRANT_RO_REF, owner, 0, 16, GNTCOPY_dest_gref),
		 GNTST_general_error);
	CHECK_EQ(copy(GRANT_COPY_REF, owner, 4000, gfn_of(own_b), DOMID_SELF, 0, 200,
		      GNTCOPY_source_gref),
		 GNTST_bad_copy_arg);
	CHECK_EQ(copy(GRANT_COPY_REF, owner, 0, gfn_of(own_b), DOMID_SELF, 4000, 200,
		      GNTCOPY_source_gref),
		 GNTST_bad_copy_arg);
}

TEST(grant, user_read_only_mappings)
{
	void *va = NULL;
	grant_handle_t handle = 0;
	bool same = true;

	REQUIRE(control != NULL);
	/* A read-only grant cannot be mapped writable... */
	CHECK_EQ(gnttab_map_page(owner, GRANT_RO_REF, false, &va, &handle), GNTST_general_error);
	/* ...but read-only, and then writes through it fault. */
	if (CHECK_EQ(gnttab_map_page(owner, GRANT_RO_REF, true, &va, &handle), GNTST_okay)) {
		for (unsigned int i = 0; i < PAGE; i++) {
			same = same && ((const uint8_t *)va)[i] == GRANT_RO_BYTE(i);
		}
		CHECK(same);
		CHECK(write_faults((uintptr_t)va + 64));
		CHECK_EQ(((const uint8_t *)va)[64], GRANT_RO_BYTE(64));
		CHECK_EQ(gnttab_unmap_page(va, handle), GNTST_okay);
	}
	/* A writable grant mapped read-only is read-only too. */
	if (CHECK_EQ(gnttab_map_page(owner, GRANT_COPY_REF, true, &va, &handle), GNTST_okay)) {
		CHECK_EQ(((const uint8_t *)va)[GRANT_COPY_DEST_OFFSET], GRANT_COPY_BYTE(0));
		CHECK(write_faults((uintptr_t)va));
		CHECK_EQ(gnttab_unmap_page(va, handle), GNTST_okay);
	}
	set_stage(USER_COPIED);
}

/* Whether the ring pages are mapped at va, in order. */
static bool ring_mapped_at(const uint8_t *va)
{
	for (unsigned int p = 0; p < GRANT_RING_PAGES; p++) {
		for (unsigned int i = 0; i < PAGE; i++) {
			if (va[p * PAGE + i] != GRANT_RING_BYTE(p, i)) {
				test_context("ring page %u byte %u", p, i);
				return false;
			}
		}
	}
	return true;
}

TEST(grant, user_maps_pages_contiguously)
{
	grant_ref_t refs[GRANT_RING_PAGES];
	grant_handle_t handles[GNTTAB_MAP_PAGES_MAX];
	size_t used = physmap_used();
	void *va = NULL;
	void *other = NULL;
	grant_handle_t handle = 0;
	int16_t alone;

	REQUIRE(control != NULL);
	for (unsigned int p = 0; p < GRANT_RING_PAGES; p++) {
		refs[p] = GRANT_RING_REF + p;
	}
	REQUIRE_EQ(gnttab_map_pages(owner, refs, GRANT_RING_PAGES, false, &va, handles),
		   GNTST_okay);
	CHECK(ring_mapped_at(va));
	CHECK_EQ(physmap_used(), used + GRANT_RING_PAGES);
	CHECK_EQ(gnttab_unmap_pages(va, handles, GRANT_RING_PAGES), GNTST_okay);
	CHECK_EQ(physmap_used(), used);
	CHECK(read_faults((uintptr_t)va + 3u * PAGE));

	/* Read-only: the same run, writes fault. */
	if (CHECK_EQ(gnttab_map_pages(owner, refs, GRANT_RING_PAGES, true, &va, handles),
		     GNTST_okay)) {
		CHECK(ring_mapped_at(va));
		CHECK(write_faults((uintptr_t)va + 2u * PAGE + 8u));
		CHECK_EQ(gnttab_unmap_pages(va, handles, GRANT_RING_PAGES), GNTST_okay);
	}

	/* All or nothing: a ref never granted in third place fails the run as it fails alone. */
	alone = gnttab_map_page(owner, 100, false, &other, &handle);
	CHECK(alone != GNTST_okay);
	refs[2] = 100;
	CHECK_EQ(gnttab_map_pages(owner, refs, GRANT_RING_PAGES, false, &other, handles), alone);
	CHECK_EQ(physmap_used(), used);
	/* The window is first-fit: the failed run was at va; its first two pages were unmapped. */
	CHECK(read_faults((uintptr_t)va));
	CHECK(read_faults((uintptr_t)va + PAGE));
	CHECK_EQ(gnttab_map_pages(owner, refs, 0, false, &other, handles), GNTST_general_error);
	CHECK_EQ(gnttab_map_pages(owner, refs, GNTTAB_MAP_PAGES_MAX + 1u, false, &other, handles),
		 GNTST_general_error);
	CHECK_EQ(physmap_used(), used);
}

TEST(grant, user_finishes)
{
	REQUIRE(control != NULL);
	REQUIRE(wait_owner(OWNER_DONE));
	test_context(NULL);
	set_stage(USER_DONE);
	CHECK_EQ(gnttab_unmap_page(control, control_handle), GNTST_okay);
	control = NULL;
	CHECK_EQ(evtchn_close(port), 0);
}
