// SPDX-License-Identifier: MIT
/* domain_info: the console and xenstore domains walk the domains (abi/domain_info.h). */
#include <abi/domain_info.h>
#include <abi/hvm.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <lib.h>
#include <rights.h>

/* What the caller may learn of d: each ring's port only for the service serving it. */
static void describe(const struct domain *caller, struct domain *d, struct domain_info *info)
{
	*info = (struct domain_info){
		.domid = d->domid,
		.vcpu_count = (uint16_t)d->vcpu_count,
		.generation = d->generation,
		.rights = d->rights,
		.controller = d->controller,
	};
	if (__atomic_load_n(&d->state, __ATOMIC_ACQUIRE) != DOMAIN_ACTIVE) {
		info->flags = DOMAIN_INFO_DYING;
		info->shutdown_reason = d->shutdown_reason;
	}
	spin_lock(&d->lock);
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

	if (!may(caller, RIGHT_CONSOLE, NULL) && !may(caller, RIGHT_XENSTORE, NULL)) {
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
