// SPDX-License-Identifier: MIT
/*
 * hvm_op: per-domain parameters. A domain reads its own; the store and
 * console parameters of another domain are read and set by the holders of the
 * xenstore and console rights (and the toolstack), never by a plain guest.
 */
#include <abi/hvm.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>

/* The right that lets another domain set or read this parameter; 0: none does. */
static uint32_t right_for(uint32_t index)
{
	switch (index) {
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_STORE_EVTCHN:
		return RIGHT_XENSTORE | RIGHT_TOOLSTACK;
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_CONSOLE_EVTCHN:
		return RIGHT_CONSOLE | RIGHT_TOOLSTACK;
	case HVM_PARAM_CALLBACK_IRQ:
		return RIGHT_TOOLSTACK;
	default:
		return 0;
	}
}

long do_hvm_op(struct vcpu *v, const struct hypercall_args *args)
{
	struct xen_hvm_param p;
	struct domain *target;
	bool self, set;
	long err = 0;

	set = args->a[0] == HVMOP_set_param;
	if (!set && args->a[0] != HVMOP_get_param) {
		return -ENOSYS;
	}
	if (copy_from_guest(v, &p, gva_make(args->a[1]), sizeof(p)) < 0) {
		return -EFAULT;
	}
	if (p.index >= HVM_PARAM_COUNT || !right_for(p.index)) {
		return -EINVAL;
	}
	p.index = (uint32_t)index_nospec(p.index, HVM_PARAM_COUNT);
	target = domain_get(v->domain, p.domid);
	if (!target) {
		return -ESRCH;
	}
	self = target == v->domain;
	/* Reading one's own is fine; anything else needs the parameter's right. */
	if ((set || !self) && !(v->domain->rights & right_for(p.index))) {
		err = -EPERM;
		goto out;
	}
	spin_lock(&target->lock);
	if (set) {
		target->hvm_params[p.index] = p.value;
	} else {
		p.value = target->hvm_params[p.index];
	}
	spin_unlock(&target->lock);
	if (!set) {
		err = copy_to_guest(v, gva_make(args->a[1]), &p, sizeof(p));
	}
out:
	domain_put(target);
	return err;
}
