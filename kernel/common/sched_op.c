// SPDX-License-Identifier: MIT
/* sched_op: yield, block and shutdown of the calling vCPU's domain. */
#include <abi/sched.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <sched.h>

static long shutdown(struct vcpu *v, gva_t arg)
{
	struct sched_shutdown req;

	if (copy_from_guest(v, &req, arg, sizeof(req)) < 0) {
		return -EFAULT;
	}
	switch (req.reason) {
	case SHUTDOWN_poweroff:
	case SHUTDOWN_reboot:
	case SHUTDOWN_crash:
	case SHUTDOWN_watchdog:
		domain_shutdown(v->domain, req.reason);
		return 0;
	case SHUTDOWN_suspend:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

long do_sched_op(struct vcpu *v, const struct hypercall_args *args)
{
	switch (args->a[0]) {
	case SCHEDOP_yield:
		sched_vcpu_yield(v);
		return 0;
	case SCHEDOP_block:
		sched_vcpu_block(v, 0);
		return 0;
	case SCHEDOP_shutdown:
		return shutdown(v, gva_make(args->a[1]));
	default:
		return -ENOSYS;
	}
}
