// SPDX-License-Identifier: MIT
/* VCPUOP_get_runstate_info with vCPU ids the domain lacks, bad pointers and unknown commands. */
#include <abi/errno.h>
#include <abi/guest_layout.h>
#include <abi/vcpu.h>
#include <libos/dt.h>
#include <libos/hypercall.h>
#include <libos/runstate.h>
#include <libos/test.h>

/* Outside the libOS stage-1 map (see hostile/hostile.h): the core cannot translate it. */
#define UNMAPPED_VA 0x7FFF0000000ull
/* Mapped at stage 1 (Device), absent at stage 2: between the GIC and the grant region. */
#define HOLE_IPA 0x10000000ull

TEST(runstate, errors)
{
	struct vcpu_runstate_info info;
	uint64_t ram_base;
	uint64_t ram_size;
	int vcpus = dt_cpu_count();

	REQUIRE(vcpus >= 1);
	test_context("vCPU ids out of range");
	CHECK_EQ(runstate_get((unsigned int)vcpus, &info), -XEN_EINVAL);
	CHECK_EQ(runstate_get(64, &info), -XEN_EINVAL);
	CHECK_EQ(runstate_get(0x7FFFFFFFu, &info), -XEN_EINVAL);
	CHECK_EQ(runstate_get(0xFFFFFFFFu, &info), -XEN_EINVAL);
	CHECK_EQ(hypercall_vcpu_op(VCPUOP_get_runstate_info, 0x100000000ul, &info), -XEN_EINVAL);
	CHECK_EQ(hypercall_vcpu_op(VCPUOP_get_runstate_info, ~0ul, &info), -XEN_EINVAL);

	test_context("bad pointers");
	CHECK_EQ(runstate_get(0, (void *)UNMAPPED_VA), -XEN_EFAULT);
	CHECK_EQ(runstate_get(0, (void *)HOLE_IPA), -XEN_EFAULT);
	CHECK_EQ(runstate_get(0, NULL), -XEN_EFAULT);
	REQUIRE_EQ(dt_memory(&ram_base, &ram_size), 0);
	/* Starts in the last 16 bytes of RAM, ends past it. */
	CHECK_EQ(runstate_get(0, (void *)(ram_base + ram_size - 16)), -XEN_EFAULT);

	test_context("unknown commands");
	CHECK_EQ(hypercall_vcpu_op(99, 0, &info), -XEN_ENOSYS);
	CHECK_EQ(hypercall_vcpu_op(~0ul, 0, &info), -XEN_ENOSYS);
	test_context(NULL);
}
