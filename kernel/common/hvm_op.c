// SPDX-License-Identifier: MIT
/*
 * hvm_op: per-domain parameters. A domain reads its own; the store and
 * console parameters of another domain are read only by the service serving
 * that domain or by its controller (may()), never by a plain guest. Nobody
 * sets one: the core sets them when it offers a domain its rings
 * (service_rings.c), and nothing in Tessera needs them moved afterwards.
 */
#include <abi/hvm.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <rights.h>

/*
 * The right through which another domain reads this parameter: the service a
 * ring's parameters belong to. A domain's controller may also; RIGHT_TOOLSTACK
 * alone, for the rest. 0: an unknown parameter.
 */
static uint32_t right_for(uint32_t index)
{
	switch (index) {
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_STORE_EVTCHN:
		return RIGHT_XENSTORE;
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_CONSOLE_EVTCHN:
		return RIGHT_CONSOLE;
	case HVM_PARAM_CALLBACK_IRQ:
		return RIGHT_TOOLSTACK;
	default:
		return 0;
	}
}

static bool may_read(struct domain *caller, struct domain *target, uint32_t index)
{
	return target == caller || may(caller, right_for(index), target) ||
	       may(caller, RIGHT_TOOLSTACK, target);
}

long do_hvm_op(struct vcpu *v, const struct hypercall_args *args)
{
	gva_t arg = gva_make(args->a[1]);
	struct xen_hvm_param p;
	struct domain *target;
	long err = -EPERM;

	if (args->a[0] != HVMOP_set_param && args->a[0] != HVMOP_get_param) {
		return -ENOSYS;
	}
	if (copy_from_guest(v, &p, arg, sizeof(p)) < 0) {
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
	if (args->a[0] == HVMOP_get_param && may_read(v->domain, target, p.index)) {
		spin_lock(&target->lock);
		p.value = target->hvm_params[p.index];
		spin_unlock(&target->lock);
		err = copy_to_guest(v, arg, &p, sizeof(p));
	}
	domain_put(target);
	return err;
}
