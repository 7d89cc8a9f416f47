// SPDX-License-Identifier: MIT
/* Unknown hypercall numbers, or ones without a handler, return -ENOSYS whatever the arguments. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/hypercall.h>
#include <libos/test.h>

#define JUNK 0xdeadbeefcafef00dul

TEST(hostile, hypercall_numbers)
{
	CHECK_EQ(hypercall(HYPERCALL_COUNT - 1, JUNK, JUNK, JUNK, JUNK, JUNK), -XEN_ENOSYS);
	CHECK_EQ(hypercall(63, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ(hypercall(64, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ(hypercall(HYPERCALL_COUNT, JUNK, JUNK, JUNK, JUNK, JUNK), -XEN_ENOSYS);
	CHECK_EQ(hypercall(1000, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ(hypercall(0xFFFFFFFFFFFFFFFFul, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ(hypercall(0xFFFFFFFFFFFFFFFFul, JUNK, JUNK, JUNK, JUNK, JUNK), -XEN_ENOSYS);
	/* platform_op is a Xen number a domU never gets. */
	CHECK_EQ(hypercall(__HYPERVISOR_platform_op, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ(hypercall(__HYPERVISOR_platform_op, JUNK, JUNK, JUNK, JUNK, JUNK), -XEN_ENOSYS);
}
