// SPDX-License-Identifier: MIT
/*
 * event_channel_op: one table says, for each command, how big its argument
 * is and whether it goes back to the caller; the argument is copied in once,
 * checked to name the caller (or, for alloc_unbound, a domain the caller
 * controls), acted on, and copied out.
 */
#include <abi/hypercall.h>
#include <errno.h>
#include <evtchn.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <rights.h>

union evtchn_arg {
	struct evtchn_alloc_unbound alloc_unbound;
	struct evtchn_bind_interdomain bind_interdomain;
	struct evtchn_bind_virq bind_virq;
	struct evtchn_bind_ipi bind_ipi;
	struct evtchn_status status;
	struct evtchn_bind_vcpu bind_vcpu;
	struct evtchn_reset reset;
	struct evtchn_port_arg port;
};

struct evtchn_cmd {
	long (*run)(struct vcpu *v, union evtchn_arg *a);
	size_t size;     /* bytes of its argument */
	bool write_back; /* the argument goes back to the caller when it succeeds */
};

/*
 * A port in the caller's own table, or, for its controller, in another
 * domain's (as a toolstack makes a new domain's store and console ports for
 * the services). DOMID_SELF as the remote names the caller, as on Xen.
 */
static long alloc_unbound(struct vcpu *v, union evtchn_arg *u)
{
	struct evtchn_alloc_unbound *a = &u->alloc_unbound;
	struct domain *target;
	int err;

	if (a->remote_dom == DOMID_SELF) {
		a->remote_dom = v->domain->domid;
	}
	if (!domain_is_self(v->domain, a->dom) && !may(v->domain, RIGHT_TOOLSTACK, NULL)) {
		return -EPERM;
	}
	target = domain_get(v->domain, a->dom);
	if (!target) {
		return -ESRCH;
	}
	err = target == v->domain || may(v->domain, RIGHT_TOOLSTACK, target) ? 0 : -EPERM;
	if (!err) {
		err = evtchn_alloc_unbound(target, a->remote_dom, &a->port);
	}
	domain_put(target);
	return err;
}

static long bind_interdomain(struct vcpu *v, union evtchn_arg *u)
{
	struct evtchn_bind_interdomain *a = &u->bind_interdomain;

	return evtchn_bind_interdomain(v->domain, a->remote_dom, a->remote_port, &a->local_port);
}

static long bind_virq(struct vcpu *v, union evtchn_arg *u)
{
	return evtchn_bind_virq(v->domain, u->bind_virq.virq, u->bind_virq.vcpu,
				&u->bind_virq.port);
}

static long bind_ipi(struct vcpu *v, union evtchn_arg *u)
{
	return evtchn_bind_ipi(v->domain, u->bind_ipi.vcpu, &u->bind_ipi.port);
}

static long status(struct vcpu *v, union evtchn_arg *u)
{
	return domain_is_self(v->domain, u->status.dom)
		       ? evtchn_status(v->domain, u->status.port, &u->status)
		       : -EPERM;
}

static long bind_vcpu(struct vcpu *v, union evtchn_arg *u)
{
	return evtchn_bind_vcpu(v->domain, u->bind_vcpu.port, u->bind_vcpu.vcpu);
}

static long reset(struct vcpu *v, union evtchn_arg *u)
{
	if (!domain_is_self(v->domain, u->reset.dom)) {
		return -EPERM;
	}
	evtchn_reset(v->domain);
	return 0;
}

static long port_close(struct vcpu *v, union evtchn_arg *u)
{
	return evtchn_close(v->domain, u->port.port);
}

static long port_send(struct vcpu *v, union evtchn_arg *u)
{
	return evtchn_send(v->domain, u->port.port);
}

static long port_unmask(struct vcpu *v, union evtchn_arg *u)
{
	return evtchn_unmask(v->domain, u->port.port);
}

#define CMD(fn, type, back)                   \
	{                                     \
		fn, sizeof(struct type), back \
	}

/* init_control (FIFO) is missing: -ENOSYS, so guests fall back to 2-level. */
static const struct evtchn_cmd cmds[] = {
	[EVTCHNOP_bind_interdomain] = CMD(bind_interdomain, evtchn_bind_interdomain, true),
	[EVTCHNOP_bind_virq] = CMD(bind_virq, evtchn_bind_virq, true),
	[EVTCHNOP_close] = CMD(port_close, evtchn_port_arg, false),
	[EVTCHNOP_send] = CMD(port_send, evtchn_port_arg, false),
	[EVTCHNOP_status] = CMD(status, evtchn_status, true),
	[EVTCHNOP_alloc_unbound] = CMD(alloc_unbound, evtchn_alloc_unbound, true),
	[EVTCHNOP_bind_ipi] = CMD(bind_ipi, evtchn_bind_ipi, true),
	[EVTCHNOP_bind_vcpu] = CMD(bind_vcpu, evtchn_bind_vcpu, false),
	[EVTCHNOP_unmask] = CMD(port_unmask, evtchn_port_arg, false),
	[EVTCHNOP_reset] = CMD(reset, evtchn_reset, false),
};

long do_event_channel_op(struct vcpu *v, const struct hypercall_args *args)
{
	gva_t arg = gva_make(args->a[1]);
	const struct evtchn_cmd *cmd;
	union evtchn_arg a;
	long err;

	if (args->a[0] >= ARRAY_SIZE(cmds)) {
		return -ENOSYS;
	}
	cmd = &cmds[index_nospec(args->a[0], ARRAY_SIZE(cmds))];
	if (!cmd->run) {
		return -ENOSYS;
	}
	if (copy_from_guest(v, &a, arg, cmd->size) < 0) {
		return -EFAULT;
	}
	err = cmd->run(v, &a);
	if (!err && cmd->write_back && copy_to_guest(v, arg, &a, cmd->size) < 0) {
		return -EFAULT;
	}
	return err;
}
