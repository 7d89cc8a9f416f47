// SPDX-License-Identifier: MIT
/* Unit tests of grant tables v1 (kernel/common/grant.c) and the physical map they use. */
#include "abi_fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <grant.h>
#include <physmap.h>

#define OWNER (&fixture_dom[0])
#define USER (&fixture_dom[1])
#define OTHER (&fixture_dom[2])
#define RAM_GFN (GUEST_RAM_BASE >> PAGE_SHIFT)
#define MAP_AT 0x80000000ull /* not RAM in the fixture's domains */

/* The physical map changes under the domain's lock, as memory_op takes it. */
#define LOCKED(d, call)                  \
	({                               \
		spin_lock(&(d)->lock);   \
		int ret_ = (call);       \
		spin_unlock(&(d)->lock); \
		ret_;                    \
	})

static int setup(void **state)
{
	(void)state;
	fixture_setup();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_teardown();
	return 0;
}

/* Where a domain's grant entries are, as the guest sees them (frame 0). */
static struct grant_entry_v1 *entries(struct domain *d)
{
	assert_int_equal(LOCKED(d, grant_place_frame(d, 0, gfn_make(0x38000))), 0);
	return fixture_page(d, 0x38000);
}

static void grant(struct domain *d, grant_ref_t ref, uint16_t to, uint64_t gfn, uint16_t flags)
{
	struct grant_entry_v1 *e = &entries(d)[ref];

	e->domid = to;
	e->frame = (uint32_t)gfn;
	e->flags = flags;
}

static struct gnttab_map_grant_ref map_op(uint16_t dom, grant_ref_t ref, uint64_t at,
					  uint32_t flags)
{
	return (struct gnttab_map_grant_ref){
		.host_addr = at, .flags = flags, .ref = ref, .dom = dom
	};
}

static int16_t unmap(struct domain *d, uint32_t handle, uint64_t at)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = at, .handle = handle };

	return grant_unmap(d, &op);
}

static void test_map_write_unmap(void **state)
{
	struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map);
	struct grant_entry_v1 *e;
	enum stage2_type type;
	uint64_t before;
	paddr_t pa;

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN + 3, GTF_permit_access);
	e = &entries(OWNER)[8];
	before = frame_free_count();
	assert_int_equal(grant_map(USER, &op), GNTST_okay);
	assert_true(stage2_lookup(&USER->s2, ipa_make(MAP_AT), &pa, &type));
	assert_int_equal(type, STAGE2_GRANT);
	assert_ptr_equal(arch_pa_to_va(pa), fixture_page(OWNER, RAM_GFN + 3));
	assert_int_equal(e->flags, GTF_permit_access | GTF_reading | GTF_writing);
	memcpy(arch_pa_to_va(pa), "through the grant", 18);
	assert_string_equal((char *)fixture_page(OWNER, RAM_GFN + 3), "through the grant");
	assert_int_equal(unmap(USER, op.handle, MAP_AT), GNTST_okay);
	assert_int_equal(e->flags, GTF_permit_access); /* the owner may revoke now */
	assert_false(stage2_lookup(&USER->s2, ipa_make(MAP_AT), NULL, NULL));
	/* What stays: USER's new level-2 and level-3 tables and its first maptrack page. */
	assert_int_equal(frame_free_count(), before - 3);
	assert_int_equal(OWNER->refs, 1);
	assert_int_equal(unmap(USER, op.handle, MAP_AT), GNTST_bad_handle);
}

/* A driver domain, and it alone, learns where a granted page is for its devices' DMA (no SMMU
 * yet): the machine address, the page pinned as for any mapping until it is unmapped. */
static void test_device_map_for_a_driver_only(void **state)
{
	struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map | GNTMAP_device_map);
	struct gnttab_map_grant_ref plain = map_op(1, 8, MAP_AT, GNTMAP_host_map);
	struct gnttab_map_grant_ref alone = map_op(1, 8, MAP_AT, GNTMAP_device_map);
	paddr_t pa;

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN + 3, GTF_permit_access);
	assert_int_equal(grant_map(USER, &op), GNTST_general_error); /* no RIGHT_DRIVER */
	USER->rights |= RIGHT_DRIVER;
	assert_int_equal(grant_map(USER, &alone), GNTST_general_error); /* not without a mapping */
	assert_int_equal(grant_map(USER, &op), GNTST_okay);
	assert_true(stage2_lookup(&USER->s2, ipa_make(MAP_AT), &pa, NULL));
	assert_int_equal(op.dev_bus_addr, pa.pa);
	assert_ptr_equal(arch_pa_to_va(pa), fixture_page(OWNER, RAM_GFN + 3));
	assert_int_equal(unmap(USER, op.handle, MAP_AT), GNTST_okay);
	plain.dev_bus_addr = 1;
	assert_int_equal(grant_map(USER, &plain), GNTST_okay);
	assert_int_equal(plain.dev_bus_addr, 0); /* asked for none */
	assert_int_equal(unmap(USER, plain.handle, MAP_AT), GNTST_okay);
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
}

static void test_readonly(void **state)
{
	struct gnttab_map_grant_ref rw = map_op(1, 9, MAP_AT, GNTMAP_host_map);
	struct gnttab_map_grant_ref ro = map_op(1, 9, MAP_AT, GNTMAP_host_map | GNTMAP_readonly);
	enum stage2_type type;

	(void)state;
	grant(OWNER, 9, 2, RAM_GFN + 4, GTF_permit_access | GTF_readonly);
	assert_int_equal(grant_map(USER, &rw), GNTST_general_error); /* Xen's answer */
	assert_int_equal(entries(OWNER)[9].flags, GTF_permit_access | GTF_readonly);
	assert_int_equal(grant_map(USER, &ro), GNTST_okay);
	assert_true(stage2_lookup(&USER->s2, ipa_make(MAP_AT), NULL, &type));
	assert_int_equal(type, STAGE2_GRANT_RO);
	assert_int_equal(entries(OWNER)[9].flags, GTF_permit_access | GTF_readonly | GTF_reading);
	assert_int_equal(unmap(USER, ro.handle, MAP_AT), GNTST_okay);
}

/* Each refusal is Xen's answer, in Xen's order of checks. */
static void test_refusals(void **state)
{
	struct gnttab_map_grant_ref op;

	(void)state;
	grant(OWNER, 10, 3, RAM_GFN + 5, GTF_permit_access); /* for OTHER, not USER */
	grant(OWNER, 11, 2, RAM_GFN + 5, 0);                 /* not (or no longer) granted */
	grant(OWNER, 12, 2, 0x10000, GTF_permit_access);     /* not the owner's RAM */
	grant(OWNER, 13, 2, RAM_GFN + 5, GTF_permit_access);
	op = map_op(1, 10, MAP_AT, GNTMAP_host_map);
	assert_int_equal(grant_map(USER, &op), GNTST_general_error);
	op = map_op(1, 11, MAP_AT, GNTMAP_host_map); /* revoked */
	assert_int_equal(grant_map(USER, &op), GNTST_general_error);
	op = map_op(1, 12, MAP_AT, GNTMAP_host_map);
	assert_int_equal(grant_map(USER, &op), GNTST_bad_page);
	assert_int_equal(entries(OWNER)[12].flags, GTF_permit_access); /* flags undone */
	op = map_op(1, 512, MAP_AT, GNTMAP_host_map);                  /* one frame only */
	assert_int_equal(grant_map(USER, &op), GNTST_bad_gntref);
	op = map_op(1, 0xffffffff, MAP_AT, GNTMAP_host_map);
	assert_int_equal(grant_map(USER, &op), GNTST_bad_gntref);
	op = map_op(9, 13, MAP_AT, GNTMAP_host_map);
	assert_int_equal(grant_map(USER, &op), GNTST_bad_domain);
	op = map_op(DOMID_SELF, 13, MAP_AT, GNTMAP_host_map); /* names no granter */
	assert_int_equal(grant_map(USER, &op), GNTST_bad_domain);
	op = map_op(DOMID_SELF, 0xffffffff, MAP_AT, GNTMAP_host_map); /* the domain first */
	assert_int_equal(grant_map(USER, &op), GNTST_bad_domain);
	op = map_op(1, 13, GUEST_RAM_BASE, GNTMAP_host_map); /* over its own RAM */
	assert_int_equal(grant_map(USER, &op), GNTST_bad_virt_addr);
	op = map_op(1, 13, MAP_AT + 8, GNTMAP_host_map);
	assert_int_equal(grant_map(USER, &op), GNTST_bad_virt_addr);
	op = map_op(1, 13, 1ull << 40, GNTMAP_host_map);
	assert_int_equal(grant_map(USER, &op), GNTST_bad_virt_addr);
	op = map_op(1, 13, MAP_AT, 0); /* neither a host nor a device mapping */
	assert_int_equal(grant_map(USER, &op), GNTST_bad_gntref);
	op = map_op(1, 13, MAP_AT, GNTMAP_host_map | GNTMAP_device_map);
	assert_int_equal(grant_map(USER, &op), GNTST_general_error);
	op = map_op(9, 13, MAP_AT, 0); /* the flags before the domain */
	assert_int_equal(grant_map(USER, &op), GNTST_bad_gntref);
	assert_int_equal(entries(OWNER)[13].flags, GTF_permit_access); /* nothing stuck */
	assert_int_equal(OWNER->refs, 1);
	assert_int_equal(unmap(USER, 0, MAP_AT), GNTST_bad_handle);
	assert_int_equal(unmap(USER, 0xffffffff, MAP_AT), GNTST_bad_handle);
}

static void test_two_maps_keep_flags_until_both_gone(void **state)
{
	struct gnttab_map_grant_ref a = map_op(1, 8, MAP_AT, GNTMAP_host_map);
	struct gnttab_map_grant_ref b = map_op(1, 8, MAP_AT + PAGE_SIZE, GNTMAP_host_map);

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN, GTF_permit_access);
	assert_int_equal(grant_map(USER, &a), GNTST_okay);
	assert_int_equal(grant_map(USER, &b), GNTST_okay);
	assert_int_equal(unmap(USER, a.handle, MAP_AT + PAGE_SIZE), GNTST_bad_virt_addr);
	assert_int_equal(unmap(USER, a.handle, MAP_AT), GNTST_okay);
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access | GTF_reading | GTF_writing);
	assert_int_equal(unmap(USER, b.handle, MAP_AT + PAGE_SIZE), GNTST_okay);
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
}

static void test_page_outlives_its_owner(void **state)
{
	struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map);
	uint64_t before;
	paddr_t pa;

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN + 2, GTF_permit_access);
	assert_int_equal(grant_map(USER, &op), GNTST_okay);
	assert_true(stage2_lookup(&USER->s2, ipa_make(MAP_AT), &pa, NULL));
	/* The owner goes away while the page is mapped. */
	OWNER->state = DOMAIN_DYING;
	grant_domain_destroy(OWNER);
	stage2_destroy(&OWNER->s2, fixture_release_page);
	before = frame_free_count();
	assert_true(frame_get(pa)); /* still allocated */
	frame_put(pa);
	memcpy(arch_pa_to_va(pa), "still here", 11);
	assert_int_equal(unmap(USER, op.handle, MAP_AT), GNTST_okay);
	assert_int_equal(frame_free_count(), before + 1); /* now it is free */
	assert_int_equal(OWNER->refs, 1);
}

static void test_unmap_after_granter_rebuilt_leaves_new_table(void **state)
{
	struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map);

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN, GTF_permit_access);
	assert_int_equal(grant_map(USER, &op), GNTST_okay);
	/* The owner reboots: a new table, where ref 8 is in use by someone else. */
	grant_domain_destroy(OWNER);
	assert_int_equal(grant_domain_init(OWNER), 0);
	grant(OWNER, 8, 3, RAM_GFN + 1, GTF_permit_access);
	{
		struct gnttab_map_grant_ref other = map_op(1, 8, MAP_AT, GNTMAP_host_map);

		assert_int_equal(grant_map(OTHER, &other), GNTST_okay);
		assert_int_equal(unmap(USER, op.handle, MAP_AT), GNTST_okay);
		/* The old mapping's unmap did not touch the new table's pin. */
		assert_int_equal(entries(OWNER)[8].flags,
				 GTF_permit_access | GTF_reading | GTF_writing);
		assert_int_equal(unmap(OTHER, other.handle, MAP_AT), GNTST_okay);
	}
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
}

static void test_fixed_ram_is_not_granted(void **state)
{
	struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map);
	paddr_t pa;

	(void)state;
	assert_true(stage2_lookup(&OWNER->s2, ipa_make((RAM_GFN + 9) << PAGE_SHIFT), &pa, NULL));
	assert_int_equal(stage2_unmap(&OWNER->s2, ipa_make((RAM_GFN + 9) << PAGE_SHIFT), NULL), 0);
	assert_int_equal(
		stage2_map(&OWNER->s2, ipa_make((RAM_GFN + 9) << PAGE_SHIFT), pa, STAGE2_RAM_FIXED),
		0);
	grant(OWNER, 8, 2, RAM_GFN + 9, GTF_permit_access);
	assert_int_equal(grant_map(USER, &op), GNTST_bad_page);
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
}

static void test_mapper_destroyed_releases_pins(void **state)
{
	struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map);

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN, GTF_permit_access);
	assert_int_equal(grant_map(USER, &op), GNTST_okay);
	grant_domain_destroy(USER);
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
	assert_int_equal(OWNER->refs, 1);
	assert_false(stage2_lookup(&USER->s2, ipa_make(MAP_AT), NULL, NULL));
}

static void test_maptrack_runs_out(void **state)
{
	uint32_t handles = 0;

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN, GTF_permit_access);
	for (;;) {
		struct gnttab_map_grant_ref op =
			map_op(1, 8, MAP_AT + (uint64_t)handles * PAGE_SIZE, GNTMAP_host_map);
		int16_t st = grant_map(USER, &op);

		if (st != GNTST_okay) {
			assert_int_equal(st, GNTST_no_space);
			break;
		}
		handles++;
	}
	assert_int_equal(handles, MAPTRACK_PAGES * 128);
	for (uint32_t h = 0; h < handles; h++) {
		assert_int_equal(unmap(USER, h, MAP_AT + (uint64_t)h * PAGE_SIZE), GNTST_okay);
	}
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
}

static struct gnttab_copy copy_op(uint64_t src, uint16_t sdom, uint16_t soff, uint64_t dst,
				  uint16_t ddom, uint16_t doff, uint16_t len, uint16_t flags)
{
	return (struct gnttab_copy){ .source = { src, sdom, soff, 0 },
				     .dest = { dst, ddom, doff, 0 },
				     .len = len,
				     .flags = flags };
}

static void test_copy_both_ways_and_bounds(void **state)
{
	struct gnttab_copy op;

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN + 6, GTF_permit_access);
	grant(OWNER, 9, 2, RAM_GFN + 7, GTF_permit_access | GTF_readonly);
	memcpy((char *)fixture_page(USER, RAM_GFN) + 100, "from the user", 14);
	op = copy_op(RAM_GFN, DOMID_SELF, 100, 8, 1, 200, 14, GNTCOPY_dest_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_okay);
	assert_string_equal((char *)fixture_page(OWNER, RAM_GFN + 6) + 200, "from the user");
	memcpy(fixture_page(OWNER, RAM_GFN + 7), "read only", 10);
	op = copy_op(9, 1, 0, RAM_GFN + 1, DOMID_SELF, 4000, 10, GNTCOPY_source_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_okay);
	assert_string_equal((char *)fixture_page(USER, RAM_GFN + 1) + 4000, "read only");
	op = copy_op(RAM_GFN, DOMID_SELF, 0, 9, 1, 0, 4, GNTCOPY_dest_gref); /* into read-only */
	assert_int_equal(grant_copy(USER, &op), GNTST_general_error);
	op = copy_op(RAM_GFN, DOMID_SELF, 4000, 8, 1, 0, 97, GNTCOPY_dest_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_bad_copy_arg); /* crosses a page */
	op = copy_op(RAM_GFN, DOMID_SELF, 0xffff, 8, 1, 0, 0xffff, GNTCOPY_dest_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_bad_copy_arg);
	op = copy_op(10, 1, 0, RAM_GFN, DOMID_SELF, 0, 4, GNTCOPY_source_gref); /* not granted */
	assert_int_equal(grant_copy(USER, &op), GNTST_general_error);
	op = copy_op(RAM_GFN, 1, 0, RAM_GFN + 1, DOMID_SELF, 0, 4, 0); /* foreign gfn */
	assert_int_equal(grant_copy(USER, &op), GNTST_permission_denied);
	op = copy_op(RAM_GFN + 100, DOMID_SELF, 0, RAM_GFN, DOMID_SELF, 0, 4, 0); /* not RAM */
	assert_int_equal(grant_copy(USER, &op), GNTST_bad_page);
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
	assert_int_equal(entries(OWNER)[9].flags, GTF_permit_access | GTF_readonly);
	assert_int_equal(OWNER->refs, 1);
}

/* A copy's refusals in Xen's order: both domains, the source, the destination, the bounds. */
static void test_copy_order_of_checks(void **state)
{
	struct gnttab_copy op;

	(void)state;
	grant(OWNER, 8, 2, RAM_GFN + 6, GTF_permit_access);
	grant(OWNER, 11, 2, RAM_GFN + 6, 0); /* revoked */
	/* A bad destination domain before a bad source grant. */
	op = copy_op(512, 1, 0, 8, 9, 0, 4, GNTCOPY_source_gref | GNTCOPY_dest_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_bad_domain);
	op = copy_op(512, 1, 0, RAM_GFN, DOMID_SELF, 0, 4, GNTCOPY_source_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_bad_gntref);
	op = copy_op(11, 1, 0, RAM_GFN, DOMID_SELF, 0, 4, GNTCOPY_source_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_general_error);
	/* A bad grant before bounds that cross a page. */
	op = copy_op(11, 1, 4000, RAM_GFN, DOMID_SELF, 0, 200, GNTCOPY_source_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_general_error);
	/* The bounds last: what was taken for them is given back. */
	op = copy_op(8, 1, 4000, RAM_GFN, DOMID_SELF, 0, 200, GNTCOPY_source_gref);
	assert_int_equal(grant_copy(USER, &op), GNTST_bad_copy_arg);
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
	assert_int_equal(OWNER->refs, 1);
	assert_int_equal(USER->refs, 1);
}

/* A domain copies from its own grant, naming itself DOMID_SELF (Xen allows it). */
static void test_copy_loopback(void **state)
{
	struct gnttab_copy op =
		copy_op(8, DOMID_SELF, 0, RAM_GFN + 1, DOMID_SELF, 0, 5, GNTCOPY_source_gref);

	(void)state;
	grant(OWNER, 8, 1, RAM_GFN, GTF_permit_access);
	memcpy(fixture_page(OWNER, RAM_GFN), "self", 5);
	assert_int_equal(grant_copy(OWNER, &op), GNTST_okay);
	assert_string_equal((char *)fixture_page(OWNER, RAM_GFN + 1), "self");
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
	assert_int_equal(OWNER->refs, 1);
}

/* A domain maps its own grant by its own id (loopback), as on Xen: the page is
 * pinned and referenced like any other's, and outlives its own release. */
static void test_loopback_map(void **state)
{
	struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map);
	enum stage2_type type;
	uint64_t before;
	paddr_t pa;

	(void)state;
	grant(OWNER, 8, 1, RAM_GFN + 3, GTF_permit_access);
	assert_int_equal(grant_map(OWNER, &op), GNTST_okay);
	assert_true(stage2_lookup(&OWNER->s2, ipa_make(MAP_AT), &pa, &type));
	assert_int_equal(type, STAGE2_GRANT);
	assert_ptr_equal(arch_pa_to_va(pa), fixture_page(OWNER, RAM_GFN + 3));
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access | GTF_reading | GTF_writing);
	assert_int_equal(OWNER->refs, 2); /* the mapping's */
	/* The page goes back while mapped: it stays allocated for the mapping. */
	before = frame_free_count();
	assert_int_equal(LOCKED(OWNER, physmap_release(OWNER, gfn_make(RAM_GFN + 3))), 0);
	assert_int_equal(frame_free_count(), before);
	memcpy(arch_pa_to_va(pa), "mine", 5);
	assert_int_equal(unmap(OWNER, op.handle, MAP_AT), GNTST_okay);
	assert_int_equal(frame_free_count(), before + 1);
	assert_int_equal(entries(OWNER)[8].flags, GTF_permit_access);
	assert_int_equal(OWNER->refs, 1);
}

/* A domain destroyed while it maps its own grant: the mapping, its pin, its
 * reference on the domain and on the page all go, so the page can be freed. */
static void test_destroy_while_self_mapped(void **state)
{
	struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map | GNTMAP_readonly);
	uint64_t before;

	(void)state;
	grant(OWNER, 8, 1, RAM_GFN + 4, GTF_permit_access);
	assert_int_equal(grant_map(OWNER, &op), GNTST_okay);
	assert_int_equal(OWNER->refs, 2);
	OWNER->state = DOMAIN_DYING;
	grant_domain_destroy(OWNER);
	assert_null(OWNER->grant);
	assert_int_equal(OWNER->refs, 1);
	assert_false(stage2_lookup(&OWNER->s2, ipa_make(MAP_AT), NULL, NULL));
	before = frame_free_count();
	assert_int_equal(LOCKED(OWNER, physmap_release(OWNER, gfn_make(RAM_GFN + 4))), 0);
	assert_int_equal(frame_free_count(), before + 1); /* no reference was left behind */
}

static void test_frames_placed_and_grown(void **state)
{
	gfn_t gfns[GRANT_FRAMES_MAX];
	uint32_t nr, max;
	enum stage2_type type;

	(void)state;
	assert_int_equal(grant_query_size(OWNER, &nr, &max), GNTST_okay);
	assert_int_equal(nr, 1);
	assert_int_equal(max, GRANT_FRAMES_DEFAULT);
	assert_int_equal(LOCKED(OWNER, grant_place_frame(OWNER, 3, gfn_make(0x38003))), 0);
	assert_int_equal(grant_query_size(OWNER, &nr, &max), GNTST_okay);
	assert_int_equal(nr, 4);
	assert_true(stage2_lookup(&OWNER->s2, ipa_make(0x38003000), NULL, &type));
	assert_int_equal(type, STAGE2_SPECIAL);
	/* Placed again elsewhere: -EBUSY, and it stays (Xen 4.17 on Arm); where it is: fine. */
	assert_int_equal(LOCKED(OWNER, grant_place_frame(OWNER, 3, gfn_make(0x38010))), -EBUSY);
	assert_true(stage2_lookup(&OWNER->s2, ipa_make(0x38003000), NULL, &type));
	assert_false(stage2_lookup(&OWNER->s2, ipa_make(0x38010000), NULL, NULL));
	assert_int_equal(LOCKED(OWNER, grant_place_frame(OWNER, 3, gfn_make(0x38003))), 0);
	/* Where frame 3 is: busy. */
	assert_int_equal(LOCKED(OWNER, grant_place_frame(OWNER, 2, gfn_make(0x38003))), -EBUSY);
	assert_int_equal(
		LOCKED(OWNER, grant_place_frame(OWNER, GRANT_FRAMES_DEFAULT, gfn_make(0x38020))),
		-EINVAL);
	assert_int_equal(LOCKED(OWNER, grant_place_frame(OWNER, 0, gfn_make(0))), -EINVAL);
	assert_int_equal(grant_setup_table(OWNER, 6, gfns), GNTST_okay);
	assert_int_equal(gfns[3].gfn, 0x38003);
	assert_int_equal(gfns[5].gfn, 0x38005);
	assert_int_equal(grant_setup_table(OWNER, GRANT_FRAMES_DEFAULT + 1, gfns),
			 GNTST_general_error);
}

static void test_physmap_balloon(void **state)
{
	uint64_t before = USER->ram_pages;
	enum stage2_type type;

	(void)state;
	assert_int_equal(LOCKED(USER, physmap_release(USER, gfn_make(RAM_GFN + 2))), 0);
	assert_int_equal(USER->ram_pages, before - 1);
	assert_false(stage2_lookup(&USER->s2, ipa_make((RAM_GFN + 2) << PAGE_SHIFT), NULL, NULL));
	assert_int_equal(LOCKED(USER, physmap_release(USER, gfn_make(RAM_GFN + 2))), -EINVAL);
	assert_int_equal(LOCKED(USER, physmap_populate(USER, gfn_make(RAM_GFN + 2))), 0);
	assert_int_equal(LOCKED(USER, physmap_populate(USER, gfn_make(RAM_GFN + 2))), -EEXIST);
	assert_int_equal(((uint64_t *)fixture_page(USER, RAM_GFN + 2))[7], 0);
	/* Below RAM. */
	assert_int_equal(LOCKED(USER, physmap_populate(USER, gfn_make(0x10000))), -EINVAL);
	for (uint64_t g = RAM_GFN + FIXTURE_RAM_PAGES; USER->ram_pages < USER->max_pages; g++) {
		assert_int_equal(LOCKED(USER, physmap_populate(USER, gfn_make(g))), 0);
	}
	/* At its maximum. */
	assert_int_equal(LOCKED(USER, physmap_populate(USER, gfn_make(RAM_GFN + 1000))), -ENOMEM);
	/* Only its own RAM may be given back: not a frame of the core's, not a grant. */
	/* Over its RAM. */
	assert_int_equal(LOCKED(USER, grant_place_frame(USER, 0, gfn_make(RAM_GFN + 5))), 0);
	assert_true(stage2_lookup(&USER->s2, ipa_make((RAM_GFN + 5) << PAGE_SHIFT), NULL, &type));
	assert_int_equal(type, STAGE2_SPECIAL);
	assert_int_equal(LOCKED(USER, physmap_release(USER, gfn_make(RAM_GFN + 5))), -EINVAL);
	grant(OWNER, 8, 2, RAM_GFN, GTF_permit_access);
	{
		struct gnttab_map_grant_ref op = map_op(1, 8, MAP_AT, GNTMAP_host_map);

		assert_int_equal(grant_map(USER, &op), GNTST_okay);
		assert_int_equal(
			LOCKED(USER, physmap_release(USER, gfn_make(MAP_AT >> PAGE_SHIFT))),
			-EINVAL);
		assert_int_equal(LOCKED(USER, physmap_place(USER, &(uint64_t){ 0 },
							    gfn_make(MAP_AT >> PAGE_SHIFT),
							    arch_va_to_pa(USER->shared_info))),
				 -EBUSY);
		assert_int_equal(unmap(USER, op.handle, MAP_AT), GNTST_okay);
	}
}

/* The functions whose caller must hold the domain's lock check that it does. */
static void test_physmap_without_the_lock_fails(void **state)
{
	(void)state;
	expect_assert_failure(physmap_populate(USER, gfn_make(RAM_GFN + FIXTURE_RAM_PAGES)));
	expect_assert_failure(physmap_release(USER, gfn_make(RAM_GFN + 2)));
	expect_assert_failure(grant_place_frame(OWNER, 1, gfn_make(0x38001)));
	/* Held by another pCPU is not held by this one. */
	spin_lock(&USER->lock);
	host_cpu = 1;
	expect_assert_failure(physmap_release(USER, gfn_make(RAM_GFN + 2)));
	host_cpu = 0;
	assert_int_equal(physmap_release(USER, gfn_make(RAM_GFN + 2)), 0);
	spin_unlock(&USER->lock);
	assert_false(stage2_lookup(&USER->s2, ipa_make((RAM_GFN + 2) << PAGE_SHIFT), NULL, NULL));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_map_write_unmap),
		T(test_device_map_for_a_driver_only),
		T(test_readonly),
		T(test_refusals),
		T(test_two_maps_keep_flags_until_both_gone),
		T(test_page_outlives_its_owner),
		T(test_unmap_after_granter_rebuilt_leaves_new_table),
		T(test_fixed_ram_is_not_granted),
		T(test_mapper_destroyed_releases_pins),
		T(test_maptrack_runs_out),
		T(test_copy_both_ways_and_bounds),
		T(test_copy_order_of_checks),
		T(test_copy_loopback),
		T(test_loopback_map),
		T(test_destroy_while_self_mapped),
		T(test_frames_placed_and_grown),
		T(test_physmap_balloon),
		T(test_physmap_without_the_lock_fails),
	};

	return cmocka_run_group_tests_name("grant", tests, NULL, NULL);
}
