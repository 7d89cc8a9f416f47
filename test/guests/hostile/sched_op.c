// SPDX-License-Identifier: MIT
/* sched_op with unknown commands and bad shutdown arguments; none of them ends the domain. */
#include <abi/errno.h>
#include <abi/sched.h>
#include <libos/hypercall.h>
#include <libos/test.h>

#include "hostile.h"

TEST(hostile, sched_op)
{
	struct sched_shutdown arg;

	CHECK_EQ(hypercall_sched_op(99, NULL), -XEN_ENOSYS);
	CHECK_EQ(hypercall_sched_op(SCHEDOP_shutdown, (void *)HOSTILE_UNMAPPED_VA), -XEN_EFAULT);
	arg.reason = 77;
	CHECK_EQ(hypercall_sched_op(SCHEDOP_shutdown, &arg), -XEN_EINVAL);
	arg.reason = SHUTDOWN_suspend;
	CHECK_EQ(hypercall_sched_op(SCHEDOP_shutdown, &arg), -XEN_EOPNOTSUPP);
	CHECK_EQ(hypercall_sched_op(SCHEDOP_yield, NULL), 0);
}
