// SPDX-License-Identifier: MIT
/* Unit tests of memory_op (kernel/common/memory_op.c): reservation calls done in parts,
 * frames of the core's placed once. */
#include "hypercall_fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <abi/memory.h>
#include <errno.h>

#define DOM (&fixture_dom[0])
#define VCPU (DOM->vcpus[0])
#define RAM_GFN (GUEST_RAM_BASE >> PAGE_SHIFT)
#define LIST_GVA GUEST_RAM_BASE                       /* the gfn array: page 0 and 1 */
#define RES_GVA (GUEST_RAM_BASE + 15 * PAGE_SIZE)     /* the reservation struct */
#define NEW_GFN(i) (RAM_GFN + 0x1000 + (uint64_t)(i)) /* not mapped in the fixture */
#define COUNT 150u                                    /* two whole parts of 64 and one of 22 */
#define PART 64u

static int setup(void **state)
{
	(void)state;
	fixture_setup();
	DOM->max_pages = FIXTURE_RAM_PAGES + 1024;
	fixture_run(VCPU);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_teardown();
	return 0;
}

/* The guest's gfn array and its reservation struct, for count extents. */
static void request(uint64_t count)
{
	struct xen_memory_reservation *r = fixture_page(DOM, RES_GVA >> PAGE_SHIFT);
	uint64_t *list = fixture_page(DOM, LIST_GVA >> PAGE_SHIFT);

	for (unsigned int i = 0; i < COUNT; i++) {
		list[i] = NEW_GFN(i);
	}
	memset(r, 0, sizeof(*r));
	r->extent_start = LIST_GVA;
	r->nr_extents = count;
	r->domid = DOMID_SELF;
}

static bool mapped(uint64_t gfn)
{
	return stage2_lookup(&DOM->s2, ipa_make(gfn << PAGE_SHIFT), NULL, NULL);
}

static unsigned int mapped_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < COUNT; i++) {
		n += mapped(NEW_GFN(i));
	}
	return n;
}

static long memory_op_once(uint64_t cmd)
{
	return fixture_hvc_once(VCPU, __HYPERVISOR_memory_op, cmd, RES_GVA, 0);
}

/* The first entry does one part, and leaves the guest on its HVC with the
 * progress in cmd; each re-execution does the next part; the last returns
 * the whole count. */
static void test_populate_in_parts(void **state)
{
	(void)state;
	request(COUNT);
	memory_op_once(XENMEM_populate_physmap);
	assert_int_equal(VCPU->regs.pc, FIXTURE_HVC_PC);
	assert_int_equal(VCPU->regs.x[0], XENMEM_populate_physmap | (PART << MEMOP_EXTENT_SHIFT));
	assert_int_equal(VCPU->regs.x[1], RES_GVA);
	assert_int_equal(mapped_count(), PART);
	assert_true(mapped(NEW_GFN(PART - 1)) && !mapped(NEW_GFN(PART)));

	fixture_hvc_again(VCPU);
	assert_int_equal(VCPU->regs.pc, FIXTURE_HVC_PC);
	assert_int_equal(VCPU->regs.x[0],
			 XENMEM_populate_physmap | ((2 * PART) << MEMOP_EXTENT_SHIFT));
	assert_int_equal(mapped_count(), 2 * PART);

	assert_int_equal(fixture_hvc_again(VCPU), COUNT);
	assert_int_equal(VCPU->regs.pc, FIXTURE_HVC_PC + 4);
	assert_int_equal(mapped_count(), COUNT);
	assert_int_equal(DOM->ram_pages, FIXTURE_RAM_PAGES + COUNT);
}

/* A decrease unmaps a part, flushes the TLB once for it (not per page), and
 * only then frees its frames. */
static void test_decrease_flushes_once_a_part(void **state)
{
	uint64_t free_before;

	(void)state;
	request(COUNT);
	assert_int_equal(
		fixture_hvc(VCPU, __HYPERVISOR_memory_op, XENMEM_populate_physmap, RES_GVA, 0), 3);
	free_before = frame_free_count();
	host_reset_logs();
	memory_op_once(XENMEM_decrease_reservation);
	assert_int_equal(VCPU->regs.x[0],
			 XENMEM_decrease_reservation | (PART << MEMOP_EXTENT_SHIFT));
	assert_int_equal(host_tlb.vmid_flushes, 1);
	assert_int_equal(host_tlb.ipa_flushes, 0);
	assert_int_equal(host_tlb.last_vmid, DOM->s2.vmid);
	assert_int_equal(frame_free_count(), free_before + PART);
	assert_int_equal(mapped_count(), COUNT - PART);

	fixture_hvc_again(VCPU);
	assert_int_equal(fixture_hvc_again(VCPU), COUNT);
	assert_int_equal(host_tlb.vmid_flushes, 3);
	assert_int_equal(host_tlb.ipa_flushes, 0);
	assert_int_equal(mapped_count(), 0);
	assert_int_equal(frame_free_count(), free_before + COUNT);
	assert_int_equal(DOM->ram_pages, FIXTURE_RAM_PAGES);
}

/* An error in a part ends the call there: it returns the extents done before
 * it, over all the entries, and is not continued. */
static void test_error_ends_the_call(void **state)
{
	uint64_t *list = fixture_page(DOM, LIST_GVA >> PAGE_SHIFT);

	(void)state;
	request(COUNT);
	list[PART + 6] = RAM_GFN; /* already RAM: -EEXIST */
	assert_int_equal(
		fixture_hvc(VCPU, __HYPERVISOR_memory_op, XENMEM_populate_physmap, RES_GVA, 0), 2);
	assert_int_equal(VCPU->regs.x[0], PART + 6);
	assert_int_equal(mapped_count(), PART + 6);

	/* The gfn array running into unmapped memory ends it too: the last 100
	 * gfns of the fixture's RAM, then nothing. */
	uint64_t tail = GUEST_RAM_BASE + FIXTURE_RAM_PAGES * PAGE_SIZE - 100 * sizeof(uint64_t);
	uint64_t *at = (uint64_t *)((char *)fixture_page(DOM, RES_GVA >> PAGE_SHIFT) + PAGE_SIZE -
				    100 * sizeof(uint64_t));

	for (unsigned int i = 0; i < 100; i++) {
		at[i] = NEW_GFN(COUNT + i);
	}
	request(COUNT);
	((struct xen_memory_reservation *)fixture_page(DOM, RES_GVA >> PAGE_SHIFT))->extent_start =
		tail;
	assert_int_equal(
		fixture_hvc(VCPU, __HYPERVISOR_memory_op, XENMEM_populate_physmap, RES_GVA, 0), 2);
	assert_int_equal(VCPU->regs.x[0], 100);
	assert_true(mapped(NEW_GFN(COUNT + 99)) && !mapped(NEW_GFN(COUNT + 100)));
}

/* The progress bits a guest writes itself, and requests refused before and
 * after some progress. */
static void test_progress_bits_from_the_guest(void **state)
{
	struct xen_memory_reservation *r = fixture_page(DOM, RES_GVA >> PAGE_SHIFT);

	(void)state;
	request(COUNT);
	assert_int_equal(memory_op_once(XENMEM_populate_physmap | (140u << MEMOP_EXTENT_SHIFT)),
			 COUNT);
	assert_int_equal(mapped_count(), 10);
	assert_false(mapped(NEW_GFN(139)));
	assert_int_equal(memory_op_once(XENMEM_populate_physmap | (500u << MEMOP_EXTENT_SHIFT)),
			 500);
	assert_int_equal(memory_op_once(XENMEM_populate_physmap | (~0ull << MEMOP_EXTENT_SHIFT)),
			 (long)(~0ull >> MEMOP_EXTENT_SHIFT));

	r->nr_extents = (1u << 16) + 1; /* more than one call may ask for */
	assert_int_equal(memory_op_once(XENMEM_populate_physmap), -EINVAL);
	assert_int_equal(VCPU->regs.pc, FIXTURE_HVC_PC + 4);
	assert_int_equal(memory_op_once(XENMEM_populate_physmap | (3u << MEMOP_EXTENT_SHIFT)), 3);
	r->nr_extents = COUNT;
	r->domid = 7;
	assert_int_equal(memory_op_once(XENMEM_decrease_reservation), -EPERM);
	assert_int_equal(memory_op_once(XENMEM_decrease_reservation | (9u << MEMOP_EXTENT_SHIFT)),
			 9);
	assert_int_equal(
		fixture_hvc_once(VCPU, __HYPERVISOR_memory_op, XENMEM_populate_physmap, 0x1000, 0),
		-EFAULT);
	/* Commands that do not continue take no progress bits. */
	assert_int_equal(memory_op_once(XENMEM_current_reservation | (1u << MEMOP_EXTENT_SHIFT)),
			 -ENOSYS);
	assert_int_equal(mapped_count(), 10);
}

/* A call within one part is not continued. */
static void test_one_part_is_one_entry(void **state)
{
	(void)state;
	request(PART);
	assert_int_equal(
		fixture_hvc(VCPU, __HYPERVISOR_memory_op, XENMEM_populate_physmap, RES_GVA, 0), 1);
	assert_int_equal(VCPU->regs.x[0], PART);
	assert_int_equal(mapped_count(), PART);
}

static long add_to_physmap(uint32_t space, uint64_t idx, uint64_t gpfn)
{
	struct xen_add_to_physmap *x = fixture_page(DOM, RES_GVA >> PAGE_SHIFT);

	*x = (struct xen_add_to_physmap){
		.domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = gpfn
	};
	return fixture_hvc_once(VCPU, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, RES_GVA, 0);
}

/* Shared info and a grant frame are placed once: at another gfn, -EBUSY and
 * nothing moves (Xen 4.17 on Arm); at the same gfn again, 0. */
static void test_placed_frames_stay(void **state)
{
	paddr_t si = arch_va_to_pa(DOM->shared_info), pa;

	(void)state;
	assert_int_equal(add_to_physmap(XENMAPSPACE_shared_info, 0, NEW_GFN(0)), 0);
	assert_int_equal(add_to_physmap(XENMAPSPACE_shared_info, 0, NEW_GFN(1)), -EBUSY);
	assert_int_equal(add_to_physmap(XENMAPSPACE_shared_info, 0, RAM_GFN + 2), -EBUSY);
	assert_true(mapped(RAM_GFN + 2)); /* its RAM was not given back for it */
	assert_false(mapped(NEW_GFN(1)));
	assert_true(stage2_lookup(&DOM->s2, ipa_make(NEW_GFN(0) << PAGE_SHIFT), &pa, NULL));
	assert_int_equal(pa.pa, si.pa);
	assert_int_equal(add_to_physmap(XENMAPSPACE_shared_info, 0, NEW_GFN(0)), 0);
	assert_int_equal(add_to_physmap(XENMAPSPACE_grant_table, 0, NEW_GFN(2)), 0);
	assert_int_equal(add_to_physmap(XENMAPSPACE_grant_table, 0, NEW_GFN(3)), -EBUSY);
	assert_true(mapped(NEW_GFN(2)));
	assert_false(mapped(NEW_GFN(3)));
	assert_int_equal(add_to_physmap(XENMAPSPACE_grant_table, 1, NEW_GFN(3)), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_populate_in_parts),     T(test_decrease_flushes_once_a_part),
		T(test_error_ends_the_call),   T(test_progress_bits_from_the_guest),
		T(test_one_part_is_one_entry), T(test_placed_frames_stay),
	};

	return cmocka_run_group_tests_name("memory_op", tests, NULL, NULL);
}
