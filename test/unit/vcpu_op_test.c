// SPDX-License-Identifier: MIT
/* Unit tests of vcpu_op (kernel/common/vcpu_op.c): registering a vcpu_info as Xen 4.17 does. */
#include "hypercall_fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <abi/vcpu.h>
#include <errno.h>
#include <sched.h>

#define DOM (&fixture_dom[0])
#define VCPU (DOM->vcpus[0])
#define RAM_GFN (GUEST_RAM_BASE >> PAGE_SHIFT)
#define ARG_GVA GUEST_RAM_BASE

/* sched.c is not linked: a runstate of zeros. */
void sched_runstate(struct vcpu *v, struct vcpu_runstate_info *out)
{
	(void)v;
	memset(out, 0, sizeof(*out));
}

static long register_at(unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info *info = fixture_page(DOM, ARG_GVA >> PAGE_SHIFT);

	*info = (struct vcpu_register_vcpu_info){ .mfn = gfn, .offset = offset };
	return fixture_hvc_once(VCPU, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, vcpu,
				ARG_GVA);
}

/* The new area says everything is pending, whatever the guest left there and
 * whatever the old one said, and the upcall is raised: a rescan finds any
 * event sent while it moved. The rest of the old area carries over. */
static void test_new_area_all_pending(void **state)
{
	struct vcpu_info *old = VCPU->vcpu_info, *new;
	unsigned int upcalls = fixture_upcalls[0][0];

	(void)state;
	old->evtchn_upcall_pending = 0;
	old->evtchn_pending_sel = 0;
	old->evtchn_upcall_mask = 1;
	new = (struct vcpu_info *)((uint8_t *)fixture_page(DOM, RAM_GFN + 3) + 64);
	memset(new, 0xa5, sizeof(*new));
	assert_int_equal(register_at(0, RAM_GFN + 3, 64), 0);
	assert_ptr_equal(VCPU->vcpu_info, new);
	assert_int_equal(new->evtchn_upcall_pending, 1);
	assert_int_equal(new->evtchn_pending_sel, ~0ull);
	assert_int_equal(new->evtchn_upcall_mask, 1);
	assert_int_equal(fixture_upcalls[0][0], upcalls + 1);
	/* Once only. */
	assert_int_equal(register_at(0, RAM_GFN + 4, 0), -EINVAL);
	assert_ptr_equal(VCPU->vcpu_info, new);
}

/* A vCPU that had no vcpu_info starts from a clean area, all pending. */
static void test_first_area_cleared(void **state)
{
	struct vcpu *second = DOM->vcpus[1];
	struct vcpu_info *new = fixture_page(DOM, RAM_GFN + 5);

	(void)state;
	second->vcpu_info = NULL;
	memset(new, 0xa5, sizeof(*new));
	assert_int_equal(register_at(1, RAM_GFN + 5, 0), 0);
	assert_int_equal(new->evtchn_upcall_pending, 1);
	assert_int_equal(new->evtchn_pending_sel, ~0ull);
	assert_int_equal(new->evtchn_upcall_mask, 0);
	assert_int_equal(fixture_upcalls[0][1], 1);
}

/* Refused areas change nothing and raise nothing. */
static void test_refusals(void **state)
{
	struct vcpu_info *old = VCPU->vcpu_info;

	(void)state;
	assert_int_equal(register_at(0, RAM_GFN + 3, PAGE_SIZE - 8), -EINVAL);
	assert_int_equal(register_at(0, RAM_GFN + 3, 4), -EINVAL);
	assert_int_equal(register_at(0, 0x10000, 0), -EINVAL); /* not RAM */
	assert_int_equal(register_at(2, RAM_GFN + 3, 0), -EINVAL);
	assert_ptr_equal(VCPU->vcpu_info, old);
	assert_int_equal(fixture_upcalls[0][0], 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup_running, fixture_teardown_running)
	const struct CMUnitTest tests[] = {
		T(test_new_area_all_pending),
		T(test_first_area_cleared),
		T(test_refusals),
	};

	return cmocka_run_group_tests_name("vcpu_op", tests, NULL, NULL);
}
