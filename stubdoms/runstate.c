// SPDX-License-Identifier: MIT
/* Runstate queries through vcpu_op. */
#include <libos/hypercall.h>
#include <libos/runstate.h>

long runstate_get(unsigned int vcpu, struct vcpu_runstate_info *info)
{
	return hypercall_vcpu_op(VCPUOP_get_runstate_info, vcpu, info);
}

uint64_t runstate_total_ns(const struct vcpu_runstate_info *info)
{
	return info->time[RUNSTATE_running] + info->time[RUNSTATE_runnable] +
	       info->time[RUNSTATE_blocked] + info->time[RUNSTATE_offline];
}
