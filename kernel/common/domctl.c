// SPDX-License-Identifier: MIT
/*
 * domain_control (abi/domctl.h): the control verbs (domain.h), offered to a
 * toolstack over the domains it controls. Each op is a row of a table saying
 * what it needs: the right alone (create, and the ops that only describe),
 * or a target the caller controls, live or also dying, paused or not. The
 * checks run in that order, so a domain without the right learns nothing.
 *
 * A controller writes into a domain's memory only by copy, and only while
 * the domain is paused; it never reads it.
 */
#include <abi/domctl.h>
#include <arch.h>
#include <console.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <lib.h>
#include <rights.h>
#include <sched.h>
#include <service_rings.h>

_Static_assert(DOMCTL_VCPUS_MAX <= DOMAIN_VCPUS_MAX, "the ABI promises what the core has");
_Static_assert(DOMCTL_PAUSE_MAX == SCHED_PAUSES_MAX, "the ABI says what the scheduler does");

enum target_need {
	NO_TARGET,   /* the right is enough */
	LIVE,        /* a live domain the caller controls */
	LIVE_PAUSED, /* ... that is paused */
	ANY_STATE,   /* ... or one that is already dying */
};

/* One op in progress: who asks, about which domain (NULL for NO_TARGET), with what. */
struct call {
	struct vcpu *v;
	struct domain *d;
	struct domctl *op;
};

struct op {
	long (*run)(struct call *c);
	enum target_need need;
	bool write_back; /* op is copied back to the caller */
	bool memory;     /* it wants free memory: what destroyed domains hold comes back first */
};

static long op_create(struct call *c)
{
	const struct domctl_create *in = &c->op->u.create;
	struct domain *self = c->v->domain, *d;
	struct domain_config cfg = {
		.vcpu_count = in->vcpus,
		.max_pages = in->max_pages,
		.rights = in->rights,
		.weight = in->weight,
		.cap = in->cap,
		.affinity = in->affinity ? in->affinity : ~0u,
		.grant_frames = in->grant_frames,
		.controller = self->domid,
	};
	long err;

	if (in->rights & ~self->rights) {
		return -EPERM; /* it passes on only what it holds */
	}
	if (c->op->domid || !memchr(in->name, '\0', sizeof(in->name))) {
		return -EINVAL; /* domain_create checks the rest */
	}
	memcpy(cfg.name, in->name, sizeof(cfg.name));
	err = domain_create(&cfg, &d);
	if (!err) {
		c->op->domid = d->domid;
		log_info("d%u (%s) created by d%u", d->domid, d->name, self->domid);
		domain_notify_services();
	}
	return err;
}

static long op_destroy(struct call *c)
{
	domain_destroy(c->d);
	return 0;
}

static long op_pause(struct call *c)
{
	return domain_pause(c->d);
}

static long op_unpause(struct call *c)
{
	return domain_unpause(c->d);
}

static long op_populate(struct call *c)
{
	const struct domctl_populate *in = &c->op->u.populate;

	if (!in->count || in->count > DOMCTL_POPULATE_MAX ||
	    in->gfn >= (1ull << (STAGE2_IPA_BITS - PAGE_SHIFT))) {
		return -EINVAL;
	}
	return domain_populate(c->d, ipa_make(in->gfn << PAGE_SHIFT), in->count);
}

/* Through a small buffer: the caller's and the target's locks are never held together. The
 * instruction caches are invalidated once, at the end (domain_copy_in leaves it to us). */
static long op_copy_in(struct call *c)
{
	const struct domctl_copy_in *in = &c->op->u.copy_in;
	uint8_t buf[512];
	long err = 0;

	if (!in->len || in->len > DOMCTL_COPY_MAX) {
		return -EINVAL;
	}
	for (uint64_t done = 0; done < in->len && !err; done += sizeof(buf)) {
		uint64_t n = MIN(sizeof(buf), in->len - done);

		err = copy_from_guest(c->v, buf, gva_make(in->va + done), n);
		if (!err) {
			err = domain_copy_in(c->d, ipa_make(in->gpa + done), buf, n);
		}
	}
	arch_icache_invalidate();
	return err;
}

static long op_vcpu_context(struct call *c)
{
	const struct domctl_vcpu_context *in = &c->op->u.vcpu_context;

	if (in->pad || in->pc >= (1ull << STAGE2_IPA_BITS)) {
		return -EINVAL;
	}
	return domain_set_vcpu_context(c->d, in->vcpu, ipa_make(in->pc), in->x0);
}

static long op_vcpu_affinity(struct call *c)
{
	const struct domctl_vcpu_affinity *in = &c->op->u.vcpu_affinity;
	struct vcpu *v = domain_vcpu(c->d, in->vcpu);

	return v ? sched_vcpu_pin(v, in->affinity) : -EINVAL;
}

/* Once: the rings' pages and grants are the core's doing, as at boot (service_rings.c). */
static long op_offer_rings(struct call *c)
{
	struct domain *d = c->d;
	bool offered;

	spin_lock(&d->lock);
	offered = d->console_service || d->store_service;
	spin_unlock(&d->lock);
	return offered ? -EEXIST : service_rings_offer(d);
}

static long op_set_limits(struct call *c)
{
	const struct domctl_limits *in = &c->op->u.limits;
	struct domain *d = c->d;

	if (!in->max_pages || in->max_pages > frame_total_count() || in->weight < 1 ||
	    in->weight > 65535 || in->cap > 100u * d->vcpu_count) {
		return -EINVAL;
	}
	spin_lock(&d->lock);
	d->max_pages = in->max_pages;
	spin_unlock(&d->lock);
	sched_domain_set(d, in->weight, in->cap);
	return 0;
}

static long op_physinfo(struct call *c)
{
	struct domctl_physinfo *out = &c->op->u.physinfo;

	*out = (struct domctl_physinfo){
		.total_pages = frame_total_count(),
		.free_pages = frame_free_count(),
		.nr_cpus = pcpu_count,
		.uptime_ns = arch_now_ns(),
	};
	return 0;
}

/* Through a buffer: the console lock is a leaf, and a guest copy takes the caller's lock. */
static long op_read_log(struct call *c)
{
	struct domctl_read_log *io = &c->op->u.read_log;
	char buf[DOMCTL_LOG_READ_MAX];

	if (!io->len || io->len > sizeof(buf) || io->pad) {
		return -EINVAL;
	}
	io->len = console_log_read(&io->from, buf, io->len);
	return copy_to_guest(c->v, gva_make(io->va), buf, io->len);
}

static const struct op ops[] = {
	[DOMCTL_create] = { op_create, NO_TARGET, true, true },
	[DOMCTL_destroy] = { op_destroy, ANY_STATE, false, false },
	[DOMCTL_pause] = { op_pause, LIVE, false, false },
	[DOMCTL_unpause] = { op_unpause, LIVE, false, false },
	[DOMCTL_populate] = { op_populate, LIVE, false, true },
	[DOMCTL_copy_in] = { op_copy_in, LIVE_PAUSED, false, false },
	[DOMCTL_vcpu_context] = { op_vcpu_context, LIVE_PAUSED, false, false },
	[DOMCTL_offer_rings] = { op_offer_rings, LIVE_PAUSED, false, false },
	[DOMCTL_set_limits] = { op_set_limits, LIVE, false, false },
	[DOMCTL_physinfo] = { op_physinfo, NO_TARGET, true, true },
	[DOMCTL_read_log] = { op_read_log, NO_TARGET, true, false },
	[DOMCTL_vcpu_affinity] = { op_vcpu_affinity, LIVE_PAUSED, false, false },
};

/* Whether the caller may have d as the target of an op needing this. */
static long check_target(struct domain *caller, struct domain *d, enum target_need need)
{
	bool live = __atomic_load_n(&d->state, __ATOMIC_ACQUIRE) == DOMAIN_ACTIVE;

	if (!may(caller, RIGHT_TOOLSTACK, d)) {
		return -EPERM;
	}
	if (!live && need != ANY_STATE) {
		return -ESRCH; /* dying: only destroy reaches it */
	}
	return need == LIVE_PAUSED && !sched_domain_paused(d) ? -EBUSY : 0;
}

/* The target of op, with a reference, if the caller may have it (check_target). */
static long target_of(struct domain *caller, const struct domctl *op, enum target_need need,
		      struct domain **out)
{
	struct domain *d = domain_get_next(op->domid); /* dying ones too */
	long err = d && d->domid == op->domid ? check_target(caller, d, need) : -ESRCH;

	if (err) {
		if (d) {
			domain_put(d);
		}
		return err;
	}
	*out = d;
	return 0;
}

long do_domain_control(struct vcpu *v, const struct hypercall_args *args)
{
	gva_t arg = gva_make(args->a[0]);
	struct domain *d = NULL;
	const struct op *row;
	struct domctl op;
	long err;

	if (!may(v->domain, RIGHT_TOOLSTACK, NULL)) {
		return -EPERM;
	}
	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0) {
		return -EFAULT;
	}
	if (op.cmd >= ARRAY_SIZE(ops) || !ops[op.cmd].run || op.pad) {
		return -EINVAL;
	}
	row = &ops[index_nospec(op.cmd, ARRAY_SIZE(ops))];
	if (row->memory && domain_reap_some()) {
		return hypercall_continue(v, args); /* it asks for memory: it pays for its return */
	}
	if (row->need != NO_TARGET) {
		err = target_of(v->domain, &op, row->need, &d);
		if (err) {
			return err;
		}
	}
	err = row->run(&(struct call){ v, d, &op });
	if (d) {
		domain_put(d);
	}
	if (!err && row->write_back && copy_to_guest(v, arg, &op, sizeof(op)) < 0) {
		return -EFAULT;
	}
	return err;
}
