// SPDX-License-Identifier: MIT
/* Unit tests of grant_table_op (kernel/common/grant_op.c): batches done in parts, versions. */
#include "hypercall_fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <abi/grant_table.h>
#include <errno.h>

#define DOM (&fixture_dom[0])
#define VCPU (DOM->vcpus[0])
#define OPS_GVA GUEST_RAM_BASE /* the ops array: pages 0 to 3 */
#define PART 64u
#define UNTOUCHED 0x5a5a5a5a

/* count query_size ops in the guest's RAM, every field marked untouched. */
static struct gnttab_query_size *queries(unsigned int count)
{
	struct gnttab_query_size *q = fixture_page(DOM, OPS_GVA >> PAGE_SHIFT);

	assert_true(count * sizeof(*q) <= PAGE_SIZE);
	memset(q, 0x5a, count * sizeof(*q));
	for (unsigned int i = 0; i < count; i++) {
		q[i].dom = DOMID_SELF;
	}
	return q;
}

static long grant_op_once(uint64_t cmd, uint64_t uop, uint64_t count)
{
	return fixture_hvc_once(VCPU, __HYPERVISOR_grant_table_op, cmd, uop, count);
}

/* 100 ops: the first entry does 64 and leaves the guest on its HVC with the
 * array advanced past them and 36 left; the second does those and returns 0. */
static void test_batch_in_parts(void **state)
{
	struct gnttab_query_size *q = queries(100);

	(void)state;
	grant_op_once(GNTTABOP_query_size, OPS_GVA, 100);
	assert_int_equal(VCPU->regs.pc, FIXTURE_HVC_PC);
	assert_int_equal(VCPU->regs.x[0], GNTTABOP_query_size);
	assert_int_equal(VCPU->regs.x[1], OPS_GVA + PART * sizeof(*q));
	assert_int_equal(VCPU->regs.x[2], 100 - PART);
	assert_int_equal(q[PART - 1].status, GNTST_okay);
	assert_int_not_equal(q[PART - 1].max_nr_frames, UNTOUCHED);
	assert_int_equal((uint16_t)q[PART].status, UNTOUCHED & 0xffff);
	assert_int_equal(q[PART].max_nr_frames, UNTOUCHED);

	assert_int_equal(fixture_hvc_again(VCPU), 0);
	assert_int_equal(VCPU->regs.pc, FIXTURE_HVC_PC + 4);
	for (unsigned int i = 0; i < 100; i++) {
		assert_int_equal(q[i].status, GNTST_okay);
	}
}

/* The limit on a batch holds, without a continuation; a batch of one part is one entry. */
static void test_limits(void **state)
{
	(void)state;
	queries(PART);
	assert_int_equal(grant_op_once(GNTTABOP_query_size, OPS_GVA, 1025), -EINVAL);
	assert_int_equal(VCPU->regs.pc, FIXTURE_HVC_PC + 4);
	assert_int_equal(
		fixture_hvc(VCPU, __HYPERVISOR_grant_table_op, GNTTABOP_query_size, OPS_GVA, PART),
		1);
	assert_int_equal(VCPU->regs.x[0], 0);
	/* 1,024 ops from the last 64 of the fixture's RAM: the second part faults. */
	assert_int_equal(fixture_hvc(VCPU, __HYPERVISOR_grant_table_op, GNTTABOP_query_size,
				     OPS_GVA + FIXTURE_RAM_PAGES * PAGE_SIZE -
					     PART * sizeof(struct gnttab_query_size),
				     1024),
			 2);
	assert_int_equal(VCPU->regs.x[0], -EFAULT);
}

/* A guest copy goes only where the stage 2 lets the guest: ops in a read-only page are read,
 * but their results are not written back (-EFAULT, the page as it was); ops in a device page
 * are not even read. */
static void test_copies_follow_the_stage2(void **state)
{
	uint64_t ro = GUEST_RAM_BASE + FIXTURE_RAM_PAGES * PAGE_SIZE, device = ro + PAGE_SIZE;
	struct gnttab_query_size *q;
	paddr_t pa;

	(void)state;
	assert_true(frame_alloc(&pa));
	assert_int_equal(stage2_map(&DOM->s2, ipa_make(ro), pa, STAGE2_RAM_RO), 0);
	q = arch_pa_to_va(pa);
	memset(q, 0x5a, sizeof(*q));
	q->dom = DOMID_SELF;
	assert_int_equal(grant_op_once(GNTTABOP_query_size, ro, 1), -EFAULT);
	assert_int_equal(q->max_nr_frames, UNTOUCHED);
	/* Across the last RAM page and the read-only one: the second half stays as it was. */
	assert_int_equal(grant_op_once(GNTTABOP_query_size, ro - sizeof(*q) / 2, 1), -EFAULT);
	assert_int_equal(q->nr_frames, UNTOUCHED);
	/* A device page: were it read, the copy would go to an address with nothing behind it. */
	assert_int_equal(stage2_map(&DOM->s2, ipa_make(device), pa_make(0x8000000), STAGE2_DEVICE),
			 0);
	assert_int_equal(grant_op_once(GNTTABOP_query_size, device, 1), -EFAULT);
	assert_int_equal(grant_op_once(GNTTABOP_query_size, OPS_GVA, 1), 0); /* RAM still works */
}

/* A whole batch of the most ops a call takes completes, in 16 entries. */
static void test_largest_batch(void **state)
{
	struct gnttab_query_size *q = NULL;

	(void)state;
	for (unsigned int page = 0; page < 4; page++) {
		q = fixture_page(DOM, (OPS_GVA >> PAGE_SHIFT) + page);
		memset(q, 0x5a, PAGE_SIZE);
		for (unsigned int i = 0; i < PAGE_SIZE / sizeof(*q); i++) {
			q[i].dom = DOMID_SELF;
		}
	}
	assert_int_equal(
		fixture_hvc(VCPU, __HYPERVISOR_grant_table_op, GNTTABOP_query_size, OPS_GVA, 1024),
		1024 / PART);
	assert_int_equal(VCPU->regs.x[0], 0);
	assert_int_equal(q[PAGE_SIZE / sizeof(*q) - 1].status, GNTST_okay); /* the 1,024th */
}

/* set_version as Xen on Arm answers it: 1 only, 2 -ENOSYS, others -EINVAL,
 * the version in force written back each time; one op a call. */
static void test_set_version(void **state)
{
	uint32_t *v = fixture_page(DOM, OPS_GVA >> PAGE_SHIFT);
	const struct {
		uint32_t asked;
		long ret;
	} cases[] = { { 1, 0 }, { 2, -ENOSYS }, { 0, -EINVAL }, { 3, -EINVAL }, { ~0u, -EINVAL } };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		v[0] = cases[i].asked;
		assert_int_equal(grant_op_once(GNTTABOP_set_version, OPS_GVA, 1), cases[i].ret);
		assert_int_equal(v[0], 1);
	}
	v[0] = 1;
	v[1] = 1;
	assert_int_equal(grant_op_once(GNTTABOP_set_version, OPS_GVA, 2), -EINVAL);
	assert_int_equal(grant_op_once(GNTTABOP_set_version, OPS_GVA, 0), -EINVAL);
	assert_int_equal(grant_op_once(GNTTABOP_set_version, 0x1000, 1), -EFAULT);
}

/* get_version answers 1 for the caller itself; another domain's is refused. */
static void test_get_version(void **state)
{
	struct gnttab_get_version *g = fixture_page(DOM, OPS_GVA >> PAGE_SHIFT);

	(void)state;
	*g = (struct gnttab_get_version){ .dom = DOMID_SELF, .version = UNTOUCHED };
	assert_int_equal(grant_op_once(GNTTABOP_get_version, OPS_GVA, 1), 0);
	assert_int_equal(g->version, 1);
	*g = (struct gnttab_get_version){ .dom = DOM->domid, .version = UNTOUCHED };
	assert_int_equal(grant_op_once(GNTTABOP_get_version, OPS_GVA, 1), 0);
	assert_int_equal(g->version, 1);
	*g = (struct gnttab_get_version){ .dom = fixture_dom[1].domid, .version = UNTOUCHED };
	assert_int_equal(grant_op_once(GNTTABOP_get_version, OPS_GVA, 1), -EPERM);
	assert_int_equal(g->version, UNTOUCHED);
	*g = (struct gnttab_get_version){ .dom = 0x7000, .version = UNTOUCHED };
	assert_int_equal(grant_op_once(GNTTABOP_get_version, OPS_GVA, 1), -ESRCH);
	assert_int_equal(g->version, UNTOUCHED);
	assert_int_equal(grant_op_once(GNTTABOP_get_version, OPS_GVA, 2), -EINVAL);
	assert_int_equal(grant_op_once(GNTTABOP_get_version, 0x1000, 1), -EFAULT);
	/* Past the table, and a number no op has: -ENOSYS. */
	assert_int_equal(grant_op_once(11, OPS_GVA, 1), -ENOSYS);
	assert_int_equal(grant_op_once(9, OPS_GVA, 1), -ENOSYS);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup_running, fixture_teardown_running)
	const struct CMUnitTest tests[] = {
		T(test_batch_in_parts), T(test_limits),      T(test_largest_batch),
		T(test_set_version),    T(test_get_version), T(test_copies_follow_the_stage2),
	};

	return cmocka_run_group_tests_name("grant_op", tests, NULL, NULL);
}
