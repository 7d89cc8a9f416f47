// SPDX-License-Identifier: MIT
/* vcpu_op: what a domain may ask about its own vCPUs. */
#include <abi/vcpu.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <sched.h>

long do_vcpu_op(struct vcpu *v, const struct hypercall_args *args)
{
	struct domain *d = v->domain;
	struct vcpu_runstate_info info;
	uint64_t id = args->a[1];

	if (id >= d->vcpu_count) {
		return -EINVAL;
	}
	id &= (uint64_t)0 - (id < d->vcpu_count); /* no speculation past the check */
	switch (args->a[0]) {
	case VCPUOP_get_runstate_info:
		sched_runstate(d->vcpus[id], &info);
		return copy_to_guest(v, args->a[2], &info, sizeof(info));
	default:
		return -ENOSYS;
	}
}
