// SPDX-License-Identifier: MIT
/*
 * Event channels (2-level). See evtchn.h.
 *
 * Locking: each domain's evtchn_lock protects its ports. An operation on two
 * domains (binding, closing an interdomain port) takes both locks, the one of
 * the domain at the lower address first. The pending and mask bitmaps and the
 * vcpu_info words are shared with the guest and only touched with atomics.
 */
#include <errno.h>
#include <evtchn.h>
#include <frame.h>
#include <lib.h>

#define BUCKET_PORTS (PAGE_SIZE / sizeof(struct evtchn))
_Static_assert(sizeof(struct evtchn) == 16, "256 ports a page");
_Static_assert(EVTCHN_PORTS == 16 * BUCKET_PORTS, "16 buckets");

/* The port, or NULL if it is out of range or its bucket was never used (closed). */
static struct evtchn *port_of(struct domain *d, evtchn_port_t port)
{
	struct evtchn *bucket;

	if (port == 0 || port >= EVTCHN_PORTS) {
		return NULL;
	}
	port = (evtchn_port_t)index_nospec(port, EVTCHN_PORTS);
	bucket = d->evtchn_buckets[port / BUCKET_PORTS];
	return bucket ? &bucket[port % BUCKET_PORTS] : NULL;
}

/* An interdomain port's other end: bound by the core, in range, its bucket allocated. */
static struct evtchn *peer_end(const struct evtchn *c)
{
	return &c->peer->evtchn_buckets[c->remote_port / BUCKET_PORTS]
				       [c->remote_port % BUCKET_PORTS];
}

/* The lowest closed port, its bucket allocated; 0 when all 4095 are in use. */
static evtchn_port_t free_port(struct domain *d)
{
	for (evtchn_port_t port = 1; port < EVTCHN_PORTS; port++) {
		struct evtchn **bucket = &d->evtchn_buckets[port / BUCKET_PORTS];

		if (!*bucket && !(*bucket = frame_alloc_va())) {
			return 0;
		}
		if ((*bucket)[port % BUCKET_PORTS].state == EVTCHNSTAT_closed) {
			return port;
		}
	}
	return 0;
}

static void lock_pair(struct domain *a, struct domain *b)
{
	struct domain *first = a < b ? a : b, *second = a < b ? b : a;

	spin_lock(&first->evtchn_lock);
	if (a != b) {
		spin_lock(&second->evtchn_lock);
	}
}

static void unlock_pair(struct domain *a, struct domain *b)
{
	spin_unlock(&a->evtchn_lock);
	if (a != b) {
		spin_unlock(&b->evtchn_lock);
	}
}

static bool per_vcpu_virq(uint32_t virq)
{
	return virq == VIRQ_TIMER || virq == VIRQ_DEBUG;
}

/* --- delivery -------------------------------------------------------------------------- */

static struct vcpu_info *vcpu_info_of(struct vcpu *v)
{
	return __atomic_load_n(&v->vcpu_info, __ATOMIC_ACQUIRE);
}

static void mark_vcpu(struct vcpu *v, unsigned int word)
{
	struct vcpu_info *vi = vcpu_info_of(v);

	if (!vi) {
		return; /* a vCPU without a vcpu_info hears nothing */
	}
	if (__atomic_fetch_or(&vi->evtchn_pending_sel, 1ull << word, __ATOMIC_ACQ_REL) &
	    (1ull << word)) {
		return;
	}
	if (__atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_ACQ_REL)) {
		return;
	}
	arch_vcpu_raise_upcall(v);
}

static void set_pending(struct domain *d, evtchn_port_t port, unsigned int vcpu)
{
	struct shared_info *si = d->shared_info;
	unsigned int word = port / 64;
	uint64_t bit = 1ull << (port % 64);

	if (__atomic_fetch_or(&si->evtchn_pending[word], bit, __ATOMIC_ACQ_REL) & bit) {
		return;
	}
	if (__atomic_load_n(&si->evtchn_mask[word], __ATOMIC_ACQUIRE) & bit) {
		return;
	}
	mark_vcpu(d->vcpus[vcpu], word);
}

bool evtchn_upcall_pending(struct vcpu *v)
{
	struct vcpu_info *vi = vcpu_info_of(v);

	return vi && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE);
}

/* --- operations ------------------------------------------------------------------------- */

/* Open the lowest free port of d as chn; -ENOSPC if none. d's evtchn_lock held. */
static int open_port(struct domain *d, struct evtchn chn, evtchn_port_t *port)
{
	evtchn_port_t p;

	spin_assert_held(&d->evtchn_lock);
	p = free_port(d);
	if (!p) {
		return -ENOSPC;
	}
	*port_of(d, p) = chn;
	*port = p;
	return 0;
}

int evtchn_alloc_unbound(struct domain *d, uint16_t remote_domid, evtchn_port_t *port)
{
	struct domain *remote = domain_get(d, remote_domid);
	int err;

	if (!remote) {
		return -ESRCH;
	}
	spin_lock(&d->evtchn_lock);
	err = open_port(
		d, (struct evtchn){ .state = EVTCHNSTAT_unbound, .remote_domid = remote->domid },
		port);
	spin_unlock(&d->evtchn_lock);
	domain_put(remote);
	return err;
}

int evtchn_bind_interdomain(struct domain *d, uint16_t remote_domid, evtchn_port_t remote_port,
			    evtchn_port_t *port)
{
	struct domain *remote = domain_get(d, remote_domid);
	struct evtchn *rc;
	evtchn_port_t p;
	int err = 0;

	if (!remote) {
		return -ESRCH;
	}
	lock_pair(d, remote);
	/* Looked up while alive, it may be ending now: its ports are about to go. */
	if (__atomic_load_n(&remote->state, __ATOMIC_ACQUIRE) == DOMAIN_DYING ||
	    __atomic_load_n(&d->state, __ATOMIC_ACQUIRE) == DOMAIN_DYING) {
		err = -ESRCH;
		goto out;
	}
	rc = port_of(remote, remote_port);
	if (!rc || rc->state != EVTCHNSTAT_unbound || rc->remote_domid != d->domid) {
		err = -EINVAL;
		goto out;
	}
	err = open_port(d,
			(struct evtchn){ .state = EVTCHNSTAT_interdomain,
					 .remote_domid = remote->domid,
					 .remote_port = remote_port,
					 .peer = remote },
			&p);
	if (err) {
		goto out;
	}
	rc->state = EVTCHNSTAT_interdomain;
	rc->remote_port = p;
	rc->peer = d;
	*port = p;
	/* The binder may already have something to say: let it be heard. */
	set_pending(d, p, 0);
out:
	unlock_pair(d, remote);
	domain_put(remote);
	return err;
}

int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
	struct vcpu *target = domain_vcpu(d, vcpu);
	int err;

	if (virq >= VIRQ_COUNT || (!per_vcpu_virq(virq) && vcpu != 0)) {
		return -EINVAL;
	}
	if (!target) {
		return -ENOENT;
	}
	virq = (uint32_t)index_nospec(virq, VIRQ_COUNT); /* it indexes virq_port */
	spin_lock(&d->evtchn_lock);
	if (target->virq_port[virq]) {
		err = -EEXIST;
		goto out;
	}
	err = open_port(d,
			(struct evtchn){ .state = EVTCHNSTAT_virq,
					 .vcpu = (uint8_t)vcpu,
					 .remote_port = virq },
			port);
	if (!err) {
		target->virq_port[virq] = (uint16_t)*port;
	}
out:
	spin_unlock(&d->evtchn_lock);
	return err;
}

int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port)
{
	int err;

	if (vcpu >= d->vcpu_count) {
		return -ENOENT;
	}
	spin_lock(&d->evtchn_lock);
	err = open_port(d, (struct evtchn){ .state = EVTCHNSTAT_ipi, .vcpu = (uint8_t)vcpu }, port);
	spin_unlock(&d->evtchn_lock);
	return err;
}

/* Close a port whose domain's lock (and the peer's, if interdomain) is held. */
static void close_locked(struct domain *d, evtchn_port_t port, struct evtchn *c)
{
	spin_assert_held(&d->evtchn_lock);
	if (c->state == EVTCHNSTAT_interdomain) {
		struct evtchn *pc = peer_end(c);

		spin_assert_held(&c->peer->evtchn_lock);
		/* The peer's end is offered to us again: it sees no connection. */
		pc->state = EVTCHNSTAT_unbound;
		pc->remote_domid = d->domid;
		pc->peer = NULL;
	} else if (c->state == EVTCHNSTAT_virq) {
		/* A global VIRQ is bound on vCPU 0, wherever bind_vcpu sent its port. */
		unsigned int owner = per_vcpu_virq(c->remote_port) ? c->vcpu : 0;

		d->vcpus[owner]->virq_port[c->remote_port] = 0;
	}
	*c = (struct evtchn){ .state = EVTCHNSTAT_closed };
	/* A reused port starts clean; the mask is the guest's own business. */
	__atomic_fetch_and(&d->shared_info->evtchn_pending[port / 64], ~(1ull << (port % 64)),
			   __ATOMIC_ACQ_REL);
}

int evtchn_close(struct domain *d, evtchn_port_t port)
{
	for (;;) {
		struct domain *peer;
		struct evtchn *c;
		int err = 0;

		spin_lock(&d->evtchn_lock);
		c = port_of(d, port);
		if (!c || c->state == EVTCHNSTAT_closed) {
			spin_unlock(&d->evtchn_lock);
			return -EINVAL;
		}
		if (c->state != EVTCHNSTAT_interdomain || c->peer == d) {
			close_locked(d, port, c);
			spin_unlock(&d->evtchn_lock);
			return 0;
		}
		/* Both locks are needed: take them in order and look again. */
		peer = c->peer;
		__atomic_fetch_add(&peer->refs, 1, __ATOMIC_ACQ_REL);
		spin_unlock(&d->evtchn_lock);
		lock_pair(d, peer);
		c = port_of(d, port);
		if (c && c->state == EVTCHNSTAT_interdomain && c->peer == peer) {
			close_locked(d, port, c);
			err = 1;
		}
		unlock_pair(d, peer);
		domain_put(peer);
		if (err) {
			return 0;
		}
	}
}

int evtchn_send(struct domain *d, evtchn_port_t port)
{
	struct evtchn *c;
	int err = 0;

	spin_lock(&d->evtchn_lock);
	c = port_of(d, port);
	switch (c ? c->state : EVTCHNSTAT_closed) {
	case EVTCHNSTAT_interdomain: {
		struct evtchn *pc = peer_end(c);

		/* The peer cannot unbind without our lock: its port is stable here. */
		set_pending(c->peer, c->remote_port, pc->vcpu);
		break;
	}
	case EVTCHNSTAT_ipi:
		set_pending(d, port, c->vcpu);
		break;
	case EVTCHNSTAT_unbound:
		break; /* nobody listens yet: dropped, as the ABI says */
	default:
		err = -EINVAL;
		break;
	}
	spin_unlock(&d->evtchn_lock);
	return err;
}

int evtchn_status(struct domain *d, evtchn_port_t port, struct evtchn_status *out)
{
	struct evtchn *c;

	if (port >= EVTCHN_PORTS) {
		return -EINVAL;
	}
	spin_lock(&d->evtchn_lock);
	c = port_of(d, port);
	out->status = c ? c->state : EVTCHNSTAT_closed;
	out->vcpu = c ? c->vcpu : 0;
	memset(&out->u, 0, sizeof(out->u));
	if (c && c->state == EVTCHNSTAT_unbound) {
		out->u.unbound.dom = c->remote_domid;
	} else if (c && c->state == EVTCHNSTAT_interdomain) {
		out->u.interdomain.dom = c->remote_domid;
		out->u.interdomain.port = c->remote_port;
	} else if (c && c->state == EVTCHNSTAT_virq) {
		out->u.virq = c->remote_port;
	}
	spin_unlock(&d->evtchn_lock);
	return 0;
}

int evtchn_unmask(struct domain *d, evtchn_port_t port)
{
	struct shared_info *si = d->shared_info;
	unsigned int word = port / 64;
	uint64_t bit = 1ull << (port % 64);
	struct evtchn *c;

	if (port >= EVTCHN_PORTS) {
		return -EINVAL;
	}
	spin_lock(&d->evtchn_lock);
	c = port_of(d, port);
	/* As Xen: only a port that was masked and is pending raises the upcall. */
	if ((__atomic_fetch_and(&si->evtchn_mask[word], ~bit, __ATOMIC_ACQ_REL) & bit) &&
	    (__atomic_load_n(&si->evtchn_pending[word], __ATOMIC_ACQUIRE) & bit)) {
		mark_vcpu(d->vcpus[c ? c->vcpu : 0], word);
	}
	spin_unlock(&d->evtchn_lock);
	return 0;
}

int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu)
{
	struct evtchn *c;
	int err = 0;

	if (vcpu >= d->vcpu_count) {
		return -ENOENT;
	}
	spin_lock(&d->evtchn_lock);
	c = port_of(d, port);
	/* IPIs and per-vCPU VIRQs belong to one vCPU for good. */
	if (!c || c->state == EVTCHNSTAT_closed || c->state == EVTCHNSTAT_ipi ||
	    (c->state == EVTCHNSTAT_virq && per_vcpu_virq(c->remote_port))) {
		err = -EINVAL;
	} else {
		c->vcpu = (uint8_t)vcpu;
	}
	spin_unlock(&d->evtchn_lock);
	return err;
}

void evtchn_reset(struct domain *d)
{
	for (evtchn_port_t port = 1; port < EVTCHN_PORTS; port++) {
		struct evtchn *c = port_of(d, port); /* NULL where no bucket was ever used */

		if (c && c->state != EVTCHNSTAT_closed) {
			evtchn_close(d, port);
		}
	}
}

void evtchn_send_virq(struct vcpu *v, uint32_t virq)
{
	struct domain *d = v->domain;
	uint16_t port;

	spin_lock(&d->evtchn_lock);
	port = virq < VIRQ_COUNT ? v->virq_port[virq] : 0;
	if (port) {
		/* To the vCPU the port names: a global VIRQ's, recorded on vCPU 0,
		 * may have been moved by bind_vcpu. */
		set_pending(d, port, port_of(d, port)->vcpu);
	}
	spin_unlock(&d->evtchn_lock);
}
