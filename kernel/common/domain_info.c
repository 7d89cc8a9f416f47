// SPDX-License-Identifier: MIT
/* domain_info: the service and control domains walk the domains (abi/domain_info.h). */
#include <abi/domain_info.h>
#include <abi/hvm.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <lib.h>
#include <rights.h>
#include <sched.h>

_Static_assert(DOMAIN_INFO_VCPUS >= DOMAIN_VCPUS_MAX, "every vCPU is described");

static uint32_t flag_if(bool cond, uint32_t flag)
{
	return cond ? flag : 0;
}

_Static_assert(BOOT_CPUS_MAX <= 8, "a vCPU's affinity fits the byte domain_info has for it");

/* Its vCPUs' time and states, and what its state and pauses say. */
static void describe_running(struct domain *d, struct domain_info *info)
{
	unsigned int blocked = 0;

	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		struct vcpu_runstate_info rs;

		sched_runstate(d->vcpus[i], &rs);
		info->vcpu_state[i] = (int8_t)rs.state;
		info->vcpu_pcpu[i] = (uint8_t)__atomic_load_n(&d->vcpus[i]->pcpu, __ATOMIC_RELAXED);
		info->vcpu_affinity[i] =
			(uint8_t)__atomic_load_n(&d->vcpus[i]->affinity, __ATOMIC_RELAXED);
		info->vcpu_time_ns[i] = rs.time[RUNSTATE_running];
		info->vcpus_online += rs.state != RUNSTATE_offline;
		blocked += rs.state == RUNSTATE_blocked;
		info->cpu_time_ns += rs.time[RUNSTATE_running];
	}
	info->flags = flag_if(__atomic_load_n(&d->state, __ATOMIC_ACQUIRE) != DOMAIN_ACTIVE,
			      DOMAIN_INFO_DYING) |
		      flag_if(__atomic_load_n(&d->stopped, __ATOMIC_ACQUIRE), DOMAIN_INFO_STOPPED) |
		      flag_if(sched_domain_paused(d), DOMAIN_INFO_PAUSED) |
		      flag_if(__atomic_load_n(&d->vcpus_loaded, __ATOMIC_RELAXED) != 0,
			      DOMAIN_INFO_RUNNING) |
		      flag_if(blocked && blocked == info->vcpus_online, DOMAIN_INFO_BLOCKED);
	if (info->flags & DOMAIN_INFO_DYING) {
		info->shutdown_reason = d->shutdown_reason;
	}
}

/* What the caller may learn of d: each ring's port only for the service serving it. */
static void describe(const struct domain *caller, struct domain *d, struct domain_info *info)
{
	*info = (struct domain_info){
		.domid = d->domid,
		.vcpu_count = (uint16_t)d->vcpu_count,
		.generation = d->generation,
		.rights = d->rights,
		.controller = d->controller,
		.weight = (uint16_t)d->weight,
		.cap = d->cap,
	};
	describe_running(d, info);
	spin_lock(&d->lock);
	info->ram_pages = d->ram_pages;
	info->max_pages = d->max_pages;
	if (may(caller, RIGHT_XENSTORE, d)) {
		info->store_port = (uint32_t)d->hvm_params[HVM_PARAM_STORE_EVTCHN];
	}
	if (may(caller, RIGHT_CONSOLE, d)) {
		info->console_port = (uint32_t)d->hvm_params[HVM_PARAM_CONSOLE_EVTCHN];
	}
	spin_unlock(&d->lock);
	strlcpy(info->name, d->name, sizeof(info->name));
}

long do_domain_info(struct vcpu *v, const struct hypercall_args *args)
{
	struct domain *caller = v->domain, *d;
	struct domain_info info;

	if (!may(caller, RIGHT_CONSOLE, NULL) && !may(caller, RIGHT_XENSTORE, NULL) &&
	    !may(caller, RIGHT_TOOLSTACK, NULL) && !may(caller, RIGHT_DRIVER, NULL)) {
		return -EPERM;
	}
	if (copy_from_guest(v, &info, gva_make(args->a[0]), sizeof(info)) < 0) {
		return -EFAULT;
	}
	d = domain_get_next(info.domid);
	if (!d) {
		return -ESRCH;
	}
	describe(caller, d, &info);
	domain_put(d);
	return copy_to_guest(v, gva_make(args->a[0]), &info, sizeof(info)) < 0 ? -EFAULT : 0;
}
