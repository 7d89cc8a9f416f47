// SPDX-License-Identifier: MIT
/* VCPUOP_register_vcpu_info with bad vCPUs, frames, offsets and reserved bits; only once each. */
#include <abi/errno.h>
#include <abi/vcpu.h>
#include <libos/physmap.h>
#include <libos/shared_info.h>
#include <libos/test.h>
#include <libos/vcpu_info.h>

#include "hostile_abi.h"

#define PAGE 4096u

static uint8_t area[PAGE] __attribute__((aligned(PAGE)));

static long reg(unsigned long vcpu, uint64_t gfn, uint32_t offset, uint32_t rsvd)
{
	struct vcpu_register_vcpu_info a = { .mfn = gfn, .offset = offset, .rsvd = rsvd };

	return hypercall_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &a);
}

TEST(hostile_abi, vcpu_info_refused)
{
	static const unsigned long bad_vcpus[] = { 2, 8, 0x7FFFFFFF, ~0ul };
	static const uint32_t bad_offsets[] = { PAGE - 47, PAGE - 40, PAGE - 8, PAGE, 0xFFFFFFFFu };
	struct shared_info *shared = shared_info_get();
	uint64_t gfn = (uint64_t)(uintptr_t)area / PAGE;
	uint64_t not_ram[] = { 0,
			       HOSTILE_HOLE_IPA / PAGE,
			       hostile_ram_end() / PAGE,
			       (uint64_t)(uintptr_t)shared / PAGE,
			       1ull << 28,
			       ~0ull };

	REQUIRE(shared != NULL);
	for (unsigned int i = 0; i < sizeof(bad_vcpus) / sizeof(bad_vcpus[0]); i++) {
		test_context("vCPU 0x%lx", bad_vcpus[i]);
		CHECK_EQ(reg(bad_vcpus[i], gfn, 0, 0), -XEN_EINVAL);
	}
	/* vCPU 1 (never started) with one thing wrong at a time. */
	for (unsigned int i = 0; i < sizeof(bad_offsets) / sizeof(bad_offsets[0]); i++) {
		test_context("offset 0x%x", bad_offsets[i]);
		CHECK_EQ(reg(1, gfn, bad_offsets[i], 0), -XEN_EINVAL);
	}
	for (unsigned int i = 0; i < sizeof(not_ram) / sizeof(not_ram[0]); i++) {
		test_context("gfn 0x%lx", (unsigned long)not_ram[i]);
		CHECK_EQ(reg(1, not_ram[i], 0, 0), -XEN_EINVAL);
	}
	test_context(NULL);
	CHECK_EQ(reg(1, gfn, 0, 1), -XEN_EINVAL);
	CHECK_EQ(reg(1, gfn, 0, 0x80000000u), -XEN_EINVAL);
	CHECK_EQ(hypercall_vcpu_op(VCPUOP_register_vcpu_info, 1, (void *)HOSTILE_UNMAPPED_VA),
		 -XEN_EFAULT);
	CHECK_EQ(hypercall_vcpu_op(VCPUOP_register_vcpu_info, 1, NULL), -XEN_EFAULT);
	/* Last in the page is fine, once; vCPU 0 registered at start-up already. The
	 * new area says everything is pending, as Xen sets it, so nothing is lost. */
	area[PAGE - 48] = 0;
	CHECK_EQ(reg(1, gfn, PAGE - 48, 0), 0);
	CHECK_EQ(((volatile struct vcpu_info *)&area[PAGE - 48])->evtchn_upcall_pending, 1);
	CHECK_EQ(((volatile struct vcpu_info *)&area[PAGE - 48])->evtchn_pending_sel, ~0ull);
	CHECK_EQ(reg(1, gfn, 0, 0), -XEN_EINVAL);
	CHECK_EQ(reg(0, gfn, 64, 0), -XEN_EINVAL);
	CHECK(vcpu_info_of(0) == vcpu_info_slot(0));
}
