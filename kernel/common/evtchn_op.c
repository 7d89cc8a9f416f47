// SPDX-License-Identifier: MIT
/* event_channel_op: copy the argument in, check it names the caller (or, for alloc_unbound,
 * a domain the caller controls), act, copy out. */
#include <abi/hypercall.h>
#include <errno.h>
#include <evtchn.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <rights.h>

/* A domain may name only itself in dom fields. */
static bool is_self(const struct vcpu *v, uint16_t dom)
{
	return dom == DOMID_SELF || dom == v->domain->domid;
}

/*
 * A port in the caller's own table, or, for its controller, in another
 * domain's (as a toolstack makes a new domain's store and console ports for
 * the services). DOMID_SELF as the remote names the caller, as on Xen.
 */
static long alloc_unbound(struct vcpu *v, gva_t arg)
{
	struct evtchn_alloc_unbound a;
	struct domain *target;
	int err;

	if (copy_from_guest(v, &a, arg, sizeof(a)) < 0) {
		return -EFAULT;
	}
	if (a.remote_dom == DOMID_SELF) {
		a.remote_dom = v->domain->domid;
	}
	if (!is_self(v, a.dom) && !may(v->domain, RIGHT_TOOLSTACK, NULL)) {
		return -EPERM;
	}
	target = domain_get(v->domain, a.dom);
	if (!target) {
		return -ESRCH;
	}
	err = target == v->domain || may(v->domain, RIGHT_TOOLSTACK, target) ? 0 : -EPERM;
	if (!err) {
		err = evtchn_alloc_unbound(target, a.remote_dom, &a.port);
	}
	domain_put(target);
	return err ? err : copy_to_guest(v, arg, &a, sizeof(a));
}

static long bind_interdomain(struct vcpu *v, gva_t arg)
{
	struct evtchn_bind_interdomain a;
	int err;

	if (copy_from_guest(v, &a, arg, sizeof(a)) < 0) {
		return -EFAULT;
	}
	err = evtchn_bind_interdomain(v->domain, a.remote_dom, a.remote_port, &a.local_port);
	return err ? err : copy_to_guest(v, arg, &a, sizeof(a));
}

static long bind_virq(struct vcpu *v, gva_t arg)
{
	struct evtchn_bind_virq a;
	int err;

	if (copy_from_guest(v, &a, arg, sizeof(a)) < 0) {
		return -EFAULT;
	}
	err = evtchn_bind_virq(v->domain, a.virq, a.vcpu, &a.port);
	return err ? err : copy_to_guest(v, arg, &a, sizeof(a));
}

static long bind_ipi(struct vcpu *v, gva_t arg)
{
	struct evtchn_bind_ipi a;
	int err;

	if (copy_from_guest(v, &a, arg, sizeof(a)) < 0) {
		return -EFAULT;
	}
	err = evtchn_bind_ipi(v->domain, a.vcpu, &a.port);
	return err ? err : copy_to_guest(v, arg, &a, sizeof(a));
}

static long status(struct vcpu *v, gva_t arg)
{
	struct evtchn_status a;
	int err;

	if (copy_from_guest(v, &a, arg, sizeof(a)) < 0) {
		return -EFAULT;
	}
	if (!is_self(v, a.dom)) {
		return -EPERM;
	}
	err = evtchn_status(v->domain, a.port, &a);
	return err ? err : copy_to_guest(v, arg, &a, sizeof(a));
}

static long bind_vcpu(struct vcpu *v, gva_t arg)
{
	struct evtchn_bind_vcpu a;

	if (copy_from_guest(v, &a, arg, sizeof(a)) < 0) {
		return -EFAULT;
	}
	return evtchn_bind_vcpu(v->domain, a.port, a.vcpu);
}

static long reset(struct vcpu *v, gva_t arg)
{
	struct evtchn_reset a;

	if (copy_from_guest(v, &a, arg, sizeof(a)) < 0) {
		return -EFAULT;
	}
	if (!is_self(v, a.dom)) {
		return -EPERM;
	}
	evtchn_reset(v->domain);
	return 0;
}

/* close, send and unmask take just a port. */
static long port_op(struct vcpu *v, uint64_t cmd, gva_t arg)
{
	struct evtchn_port_arg a;

	if (copy_from_guest(v, &a, arg, sizeof(a)) < 0) {
		return -EFAULT;
	}
	switch (cmd) {
	case EVTCHNOP_close:
		return evtchn_close(v->domain, a.port);
	case EVTCHNOP_send:
		return evtchn_send(v->domain, a.port);
	default:
		return evtchn_unmask(v->domain, a.port);
	}
}

long do_event_channel_op(struct vcpu *v, const struct hypercall_args *args)
{
	gva_t arg = gva_make(args->a[1]);

	switch (args->a[0]) {
	case EVTCHNOP_alloc_unbound:
		return alloc_unbound(v, arg);
	case EVTCHNOP_bind_interdomain:
		return bind_interdomain(v, arg);
	case EVTCHNOP_bind_virq:
		return bind_virq(v, arg);
	case EVTCHNOP_bind_ipi:
		return bind_ipi(v, arg);
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		return port_op(v, args->a[0], arg);
	case EVTCHNOP_status:
		return status(v, arg);
	case EVTCHNOP_bind_vcpu:
		return bind_vcpu(v, arg);
	case EVTCHNOP_reset:
		return reset(v, arg);
	default: /* init_control (FIFO) included: guests fall back to 2-level */
		return -ENOSYS;
	}
}
