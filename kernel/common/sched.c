// SPDX-License-Identifier: MIT
/*
 * The scheduler: a FIFO run queue per pCPU. A vCPU is placed on the least
 * loaded pCPU when it starts and stays there; the running vCPU keeps its pCPU
 * until it yields, blocks, stops or its domain ends. Preemption by a timer
 * comes with the credit scheduler.
 *
 * Locking: sched_lock protects every vCPU's state, pcpu and rq_next, every
 * pCPU's run queue and load, and every domain's state and vcpus_loaded.
 * Order: sched_lock, then a domain's lock, then frame_lock, then the console lock.
 */
#include <domain.h>
#include <errno.h>
#include <lib.h>
#include <sched.h>
#include <spinlock.h>

struct pcpu pcpus[BOOT_CPUS_MAX];
unsigned int pcpu_count;
static struct spinlock sched_lock = SPINLOCK_INIT;

static void enqueue(struct vcpu *v)
{
	struct pcpu *p = &pcpus[v->pcpu];

	v->rq_next = NULL;
	if (p->rq_tail) {
		p->rq_tail->rq_next = v;
	} else {
		p->rq_head = v;
	}
	p->rq_tail = v;
}

static struct vcpu *dequeue(struct pcpu *p)
{
	struct vcpu *v = p->rq_head;

	if (v) {
		p->rq_head = v->rq_next;
		if (!p->rq_head) {
			p->rq_tail = NULL;
		}
		v->rq_next = NULL;
	}
	return v;
}

static void unqueue(struct vcpu *v)
{
	struct pcpu *p = &pcpus[v->pcpu];
	struct vcpu **link = &p->rq_head, *prev = NULL;

	while (*link && *link != v) {
		prev = *link;
		link = &(*link)->rq_next;
	}
	if (*link) {
		*link = v->rq_next;
		if (p->rq_tail == v) {
			p->rq_tail = prev;
		}
		v->rq_next = NULL;
	}
}

static unsigned int least_loaded_pcpu(void)
{
	unsigned int best = 0;

	for (unsigned int i = 1; i < pcpu_count; i++) {
		if (pcpus[i].online && pcpus[i].load < pcpus[best].load) {
			best = i;
		}
	}
	return best;
}

/* Make v runnable on its pCPU and get that pCPU's attention; sched_lock held. */
static void make_runnable(struct vcpu *v)
{
	v->state = VCPU_RUNNABLE;
	enqueue(v);
	if (v->pcpu != this_pcpu()->index) {
		arch_pcpu_kick(v->pcpu);
	}
}

int sched_vcpu_start(struct vcpu *v, uint64_t pc, uint64_t x0)
{
	int err = 0;

	spin_lock(&sched_lock);
	/* Not while a pCPU still holds its old state: that pCPU saves it yet. */
	if (v->state != VCPU_OFFLINE || v->loaded) {
		err = -EBUSY;
		goto out;
	}
	arch_vcpu_reset(v, pc, x0);
	v->pcpu = least_loaded_pcpu();
	pcpus[v->pcpu].load++;
	make_runnable(v);
out:
	spin_unlock(&sched_lock);
	return err;
}

/* A vCPU leaves its pCPU for good (offline or dead); sched_lock held. */
static void release_pcpu(struct vcpu *v, enum vcpu_state state)
{
	if (v->state == VCPU_RUNNABLE) {
		unqueue(v);
	}
	if (v->state != VCPU_OFFLINE && v->state != VCPU_DEAD) {
		pcpus[v->pcpu].load--;
	}
	v->state = state;
}

bool sched_vcpu_stop(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool last = true;

	spin_lock(&sched_lock);
	release_pcpu(v, VCPU_OFFLINE);
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		last &= d->vcpus[i]->state == VCPU_OFFLINE;
	}
	spin_unlock(&sched_lock);
	return last;
}

void sched_yield(struct vcpu *v)
{
	spin_lock(&sched_lock);
	v->yield = true;
	spin_unlock(&sched_lock);
}

void sched_block(struct vcpu *v)
{
	spin_lock(&sched_lock);
	if (v->state == VCPU_RUNNING) {
		v->state = VCPU_BLOCKED;
	}
	spin_unlock(&sched_lock);
}

void sched_wake(struct vcpu *v)
{
	spin_lock(&sched_lock);
	if (v->state == VCPU_BLOCKED) {
		make_runnable(v);
	}
	spin_unlock(&sched_lock);
}

bool sched_vcpu_online(struct vcpu *v)
{
	bool online;

	spin_lock(&sched_lock);
	online = v->loaded || (v->state != VCPU_OFFLINE && v->state != VCPU_DEAD);
	spin_unlock(&sched_lock);
	return online;
}

bool sched_domain_stop(struct domain *d, unsigned int reason)
{
	bool unloaded = false;

	spin_lock(&sched_lock);
	if (d->state == DOMAIN_DYING) {
		goto out;
	}
	d->state = DOMAIN_DYING;
	d->shutdown_reason = reason;
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		struct vcpu *v = d->vcpus[i];

		if (v->state == VCPU_RUNNING && v->pcpu != this_pcpu()->index) {
			arch_pcpu_kick(v->pcpu);
		}
		release_pcpu(v, VCPU_DEAD);
	}
	unloaded = d->vcpus_loaded == 0;
out:
	spin_unlock(&sched_lock);
	return unloaded;
}

void sched_domain_revive(struct domain *d)
{
	spin_lock(&sched_lock);
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		d->vcpus[i]->state = VCPU_OFFLINE;
		d->vcpus[i]->yield = false;
	}
	d->state = DOMAIN_ACTIVE;
	spin_unlock(&sched_lock);
}

/* Switch the pCPU from its current vCPU to next (either may be NULL); sched_lock held. */
static struct domain *switch_to(struct pcpu *p, struct vcpu *next)
{
	struct vcpu *prev = p->current;
	struct domain *finalize = NULL;

	if (next) {
		next->state = VCPU_RUNNING;
	}
	if (prev == next) {
		return NULL;
	}
	if (prev) {
		arch_vcpu_save(prev);
		prev->loaded = false;
		prev->domain->vcpus_loaded--;
		if (prev->domain->state == DOMAIN_DYING && prev->domain->vcpus_loaded == 0) {
			finalize = prev->domain;
		}
	}
	if (next) {
		next->domain->vcpus_loaded++;
		next->loaded = true;
		arch_vcpu_load(next);
	}
	p->current = next;
	return finalize;
}

struct vcpu *sched_next(struct pcpu *p)
{
	for (;;) {
		struct vcpu *prev, *next;
		struct domain *finalize;

		spin_lock(&sched_lock);
		prev = p->current;
		if (prev && prev->state == VCPU_RUNNING && !prev->yield) {
			spin_unlock(&sched_lock);
			return prev;
		}
		if (prev && prev->state == VCPU_RUNNING) {
			prev->yield = false;
			prev->state = VCPU_RUNNABLE;
			enqueue(prev);
		}
		next = dequeue(p);
		finalize = switch_to(p, next);
		spin_unlock(&sched_lock);
		if (finalize) {
			domain_finalize(finalize);
		}
		if (next) {
			return next;
		}
		arch_pcpu_idle();
	}
}
