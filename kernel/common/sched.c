// SPDX-License-Identifier: MIT
/*
 * The credit scheduler (see sched.h for the policy).
 *
 * Time is in ns of the generic counter. Periods are aligned to multiples of
 * SCHED_PERIOD_NS since boot, so every pCPU and every capped domain agrees on
 * which period it is. The first pCPU to decide in a new period hands out the
 * credit of every vCPU; each pCPU programs its timer for the next moment
 * a decision may change: the end of the running vCPU's slice or cap, the next
 * period, the earliest wake-up deadline of a vCPU sleeping on it.
 *
 * Locking: sched_lock protects the scheduling fields of every vCPU (state,
 * pcpu, affinity, yield, loaded, rq_next, credit, boost, wake_deadline, runstate), of every
 * pCPU (run queue, load, run_start, charged_to, refill_period) and of every
 * domain (weight, cap, cap accounting, pause_count, state,
 * shutdown_reason, vcpus_loaded), and the list of all vCPUs.
 *
 * The core's lock order: a domain's evtchn_lock (two in address order), then
 * sched_lock, then a vCPU's vgic lock, then a domain's vgic lock; sched_lock,
 * then a domain's lock (never two at once: a guest copy under sched_lock takes
 * it), then frame_lock; a domain's console line lock, then the console lock;
 * the console lock and the registry lock are leaves.
 */
#include <arch.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <sched.h>
#include <spinlock.h>

static struct spinlock sched_lock = SPINLOCK_INIT;
static struct vcpu *all_vcpus; /* every domain's vCPUs, linked through sched_next */

static uint64_t period_of(uint64_t now)
{
	return now / SCHED_PERIOD_NS;
}

/* --- runstate --------------------------------------------------------------- */

/* What each state of ours is in Xen's runstate: DEAD and OFFLINE are offline. */
static const int32_t runstate_of[] = {
	[VCPU_OFFLINE] = RUNSTATE_offline, [VCPU_RUNNABLE] = RUNSTATE_runnable,
	[VCPU_RUNNING] = RUNSTATE_running, [VCPU_BLOCKED] = RUNSTATE_blocked,
	[VCPU_DEAD] = RUNSTATE_offline,
};

static void runstate_update(struct vcpu *v, uint64_t now)
{
	struct vcpu_runstate_info *rs = &v->runstate;

	if (now > rs->state_entry_time) {
		rs->time[rs->state & 3] += now - rs->state_entry_time;
		rs->state_entry_time = now;
	}
}

static void set_state(struct vcpu *v, enum vcpu_state s, uint64_t now)
{
	runstate_update(v, now);
	v->state = s;
	v->runstate.state = runstate_of[s];
}

/* --- run queues --------------------------------------------------------------- */

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

static bool allowed(const struct vcpu *v, unsigned int pcpu)
{
	return pcpus[pcpu].online && (v->affinity >> pcpu) & 1;
}

static void move_to(struct vcpu *v, unsigned int pcpu)
{
	pcpus[v->pcpu].load--;
	v->pcpu = pcpu;
	pcpus[pcpu].load++;
}

static bool pcpu_idle(unsigned int i)
{
	return pcpus[i].online && !pcpus[i].current && !pcpus[i].rq_head;
}

/* --- caps and credit ------------------------------------------------------------- */

static uint64_t cap_budget(const struct domain *d)
{
	return SCHED_PERIOD_NS * d->cap / 100;
}

/* A capped domain that used its share of this period waits for the next one. */
static bool parked(struct domain *d, uint64_t now)
{
	if (d->pause_count) {
		return true; /* paused: it waits as a capped domain does, without charge */
	}
	if (!d->cap) {
		return false;
	}
	if (d->cap_period != period_of(now)) {
		/* Each new period forgives one budget: an overrun (a late timer) is
		 * paid back, so over time the domain stays within its cap. */
		uint64_t forgiven = cap_budget(d) * (period_of(now) - d->cap_period);

		d->cap_used = d->cap_used > forgiven ? d->cap_used - forgiven : 0;
		d->cap_period = period_of(now);
	}
	return d->cap_used >= cap_budget(d);
}

static void charge(struct vcpu *v, uint64_t ran, uint64_t now)
{
	struct domain *d = v->domain;

	if (v->boost_end && now >= v->boost_end) {
		v->boost = false; /* its boosted turn is over */
	}
	v->credit -= (int64_t)ran;
	if (v->credit < -(int64_t)SCHED_DEBT_MAX_NS) {
		v->credit = -(int64_t)SCHED_DEBT_MAX_NS;
	}
	if (d->cap) {
		parked(d, now);
		d->cap_used += ran;
	}
}

static unsigned int online_vcpus(const struct domain *d)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		n += d->vcpus[i]->state != VCPU_OFFLINE && d->vcpus[i]->state != VCPU_DEAD;
	}
	return n ? n : 1;
}

static bool competing(const struct vcpu *v)
{
	return v->state == VCPU_RUNNABLE || v->state == VCPU_RUNNING;
}

static uint64_t vcpu_weight(const struct vcpu *v)
{
	return v->domain->weight / online_vcpus(v->domain) + 1;
}

/*
 * A new period: share the time of the online pCPUs the competing vCPUs may
 * run on among them all, by weight, wherever they are queued (a pCPU with more vCPUs than
 * another does not make them poorer: a pCPU whose vCPUs have used their
 * share takes waiting ones that have not, see steal). A blocked vCPU earns
 * what it would if it competed too, without shrinking the others' shares:
 * one that sleeps between requests (a back end) wakes with its share, and so
 * its boost, while idle domains take no credit from busy ones. No vCPU earns
 * more than a period: it can run on one pCPU at a time.
 */
static void refill(struct pcpu *p, uint64_t now)
{
	uint64_t total = 0, pool = 0;
	uint32_t usable = 0; /* the pCPUs some competing vCPU may run on */
	bool done = false;

	if (p->refill_period == period_of(now)) {
		return;
	}
	for (unsigned int i = 0; i < pcpu_count; i++) {
		done |= pcpus[i].refill_period == period_of(now); /* another pCPU did it */
	}
	p->refill_period = period_of(now);
	if (done) {
		return;
	}
	for (struct vcpu *v = all_vcpus; v; v = v->sched_next) {
		if (competing(v)) {
			total += vcpu_weight(v);
			usable |= v->affinity;
		}
	}
	for (unsigned int i = 0; i < pcpu_count; i++) {
		pool += pcpus[i].online && (usable >> i & 1) ? SCHED_PERIOD_NS : 0;
	}
	for (struct vcpu *v = all_vcpus; v; v = v->sched_next) {
		uint64_t weight;

		if (!competing(v) && v->state != VCPU_BLOCKED) {
			continue;
		}
		weight = vcpu_weight(v);
		v->credit += (int64_t)MIN(SCHED_PERIOD_NS,
					  pool * weight / (competing(v) ? total : total + weight));
		if (v->credit > (int64_t)SCHED_PERIOD_NS) {
			v->credit = SCHED_PERIOD_NS;
		}
	}
}

/* --- picking ------------------------------------------------------------------------- */

/* Whether a should run before b: one that just yielded last, whatever its
 * credit (it waits on another vCPU); a boosted vCPU first; then the most credit. */
static bool before(const struct vcpu *a, const struct vcpu *b)
{
	return a->yield != b->yield   ? b->yield
	       : a->boost != b->boost ? a->boost
				      : a->credit > b->credit;
}

/*
 * The waiting vCPU p should run next, not parked: its own queue's first (FIFO
 * among equals), unless one waiting on another pCPU, that p may run, should
 * run before it. Queue 0 is p's own, queue i > 0 pCPU i - 1's.
 */
static struct vcpu *best_waiting(struct pcpu *p, uint64_t now)
{
	struct vcpu *best = NULL;

	for (unsigned int i = 0; i <= pcpu_count; i++) {
		struct pcpu *q = i == 0 ? p : &pcpus[i - 1];

		if (i > 0 && i - 1 == p->index) {
			continue;
		}
		for (struct vcpu *v = q->rq_head; v; v = v->rq_next) {
			if ((i == 0 || (!v->loaded && allowed(v, p->index))) &&
			    !parked(v->domain, now) && (!best || before(v, best))) {
				best = v;
			}
		}
	}
	return best;
}

/* p takes the vCPU it runs next from another pCPU's queue if need be: the queues
 * thus act as one for the order of credit, and the vCPUs of a crowded pCPU get
 * the same share as those of a quiet one. */
static struct vcpu *pick(struct pcpu *p, uint64_t now)
{
	struct vcpu *v = best_waiting(p, now);

	if (v && v->pcpu != p->index) {
		unqueue(v);
		move_to(v, p->index);
		enqueue(v);
	}
	return v;
}

static void wake_locked(struct vcpu *v, uint64_t now)
{
	v->wake_deadline = 0;
	/* A vCPU that blocked a moment ago may still be loaded on its pCPU, which
	 * has not switched it out yet: it must stay there, or two pCPUs would run it. */
	if (!v->loaded && !pcpu_idle(v->pcpu) && pcpus[v->pcpu].current) {
		for (unsigned int i = 0; i < pcpu_count; i++) {
			if (pcpu_idle(i) && allowed(v, i)) {
				move_to(v, i);
				break;
			}
		}
	}
	/* Waking from a block with credit left, it preempts at once (I/O latency);
	 * it pays for its time as ever, so blocking often gains no more than its share. */
	v->boost = v->state == VCPU_BLOCKED && v->credit > 0;
	v->boost_end = 0;
	set_state(v, VCPU_RUNNABLE, now);
	enqueue(v);
	pcpus[v->pcpu].resched = true;
	if (v->pcpu != this_pcpu()->index) {
		arch_pcpu_kick(v->pcpu);
	}
}

/* Wake the vCPUs sleeping on p whose deadline has come; the earliest one left. */
static uint64_t wake_due(struct pcpu *p, uint64_t now)
{
	uint64_t next = 0;

	for (struct vcpu *v = all_vcpus; v; v = v->sched_next) {
		if (v->pcpu != p->index || v->state != VCPU_BLOCKED || !v->wake_deadline) {
			continue;
		}
		if (v->wake_deadline <= now) {
			wake_locked(v, now);
		} else if (!next || v->wake_deadline < next) {
			next = v->wake_deadline;
		}
	}
	return next;
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : MIN(a, b);
}

/*
 * When must p decide again, given what it runs now. A turn is a slice long
 * whenever a vCPU p may run waits, on p's queue or another's: a pCPU whose
 * own queue is empty must not keep its vCPU for a whole period while those
 * queued elsewhere, with as much claim to it, wait.
 */
static uint64_t next_event(struct pcpu *p, struct vcpu *run, uint64_t now, uint64_t wake)
{
	bool waiting = run && (p->rq_head || best_waiting(p, now)); /* an idle p took one */
	uint64_t when = wake;

	if (run || p->rq_head) {
		when = earliest(when, (period_of(now) + 1) * SCHED_PERIOD_NS);
	}
	if (run && !waiting && run->credit > 0) {
		when = earliest(when, now + (uint64_t)run->credit); /* then look again */
	}
	if (waiting) {
		when = earliest(when, p->run_start + SCHED_SLICE_NS);
		when = run->boost ? earliest(when, run->boost_end) : when;
	}
	if (run && run->domain->cap) {
		uint64_t budget = cap_budget(run->domain), used = run->domain->cap_used;

		when = earliest(when, now + (used < budget ? budget - used : 0) + 1);
	}
	return when;
}

/* --- switching -------------------------------------------------------------------------- */

/* The guest's copy of the runstate, now that its translation regime is loaded.
 * A bad address is the guest's loss: it stops being updated. */
static void update_runstate_area(struct vcpu *v)
{
	if (copy_to_guest(v, gva_make(v->runstate_gva), &v->runstate, sizeof(v->runstate)) < 0) {
		v->runstate_gva = 0;
	}
}

static struct domain *switch_to(struct pcpu *p, struct vcpu *next, uint64_t now)
{
	struct vcpu *prev = p->current;
	struct domain *finalize = NULL;

	if (next) {
		if (next->state == VCPU_RUNNABLE) {
			unqueue(next);
		}
		if (next->boost && !next->boost_end) {
			next->boost_end = now + SCHED_BOOST_NS;
		}
		set_state(next, VCPU_RUNNING, now);
	}
	/* A turn begins with another vCPU, or a slice past the last for the same
	 * one; a decision within it (a kick, a new period) does not restart it. */
	p->run_start = prev != next || now - p->run_start >= SCHED_SLICE_NS ? now : p->run_start;
	p->charged_to = now;
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
	if (next && next->runstate_gva) {
		update_runstate_area(next);
	}
	return finalize;
}

/* Should the running vCPU keep the pCPU? sched_lock held, prev charged. */
static bool keep_running(struct pcpu *p, struct vcpu *prev, uint64_t now)
{
	struct vcpu *rival;

	spin_assert_held(&sched_lock);
	if (prev->state != VCPU_RUNNING || prev->yield || parked(prev->domain, now)) {
		return false;
	}
	rival = best_waiting(p, now);
	if (!rival) {
		return true;
	}
	if (prev->boost != rival->boost) {
		return prev->boost;
	}
	if (now - p->run_start >= SCHED_SLICE_NS) {
		return prev->credit > rival->credit;
	}
	return prev->credit >= rival->credit || rival->credit <= 0;
}

struct vcpu *sched_next(struct pcpu *p)
{
	struct vcpu *prev, *next;
	struct domain *finalize;
	uint64_t now, wake;

	/* Every trap ends here: the common case, nothing to decide, takes no lock
	 * and reads no clock. Whoever changes what these fields say (a wake-up, a
	 * domain ending, the timer's deadline) sets them under sched_lock,
	 * or from the timer's interrupt, and kicks this pCPU, so a stale read only
	 * delays the decision to the trap that interrupt causes. */
	prev = p->current;
	if (prev && !__atomic_load_n(&p->resched, __ATOMIC_ACQUIRE) && !prev->yield &&
	    __atomic_load_n(&prev->state, __ATOMIC_ACQUIRE) == VCPU_RUNNING) {
		return prev;
	}
	now = arch_now_ns();
	spin_lock(&sched_lock);
	p->resched = false;
	if (prev) {
		charge(prev, now - p->charged_to, now);
		runstate_update(prev, now);
	}
	wake = wake_due(p, now);
	refill(p, now);
	if (prev && keep_running(p, prev, now)) {
		next = prev;
	} else {
		if (prev && prev->state == VCPU_RUNNING) {
			set_state(prev, VCPU_RUNNABLE, now);
			enqueue(prev);
		}
		if (prev && prev->boost_end) {
			prev->boost = false; /* it leaves the pCPU: a boost lasts one turn */
		}
		next = pick(p, now);
		if (prev) {
			prev->yield = false;
		}
	}
	finalize = switch_to(p, next, now);
	arch_timer_set(next_event(p, next, now, wake));
	spin_unlock(&sched_lock);
	if (finalize) {
		finalize->vcpus_stopped(finalize);
	}
	return next;
}

void sched_timer_expired(void)
{
	struct pcpu *p = this_pcpu();

	arch_timer_set(0);
	__atomic_store_n(&p->resched, true, __ATOMIC_RELEASE);
}

/* --- vCPU and domain lifecycle ------------------------------------------------------------ */

void sched_domain_add(struct domain *d)
{
	spin_lock(&sched_lock);
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		d->vcpus[i]->sched_next = all_vcpus;
		all_vcpus = d->vcpus[i];
	}
	spin_unlock(&sched_lock);
}

void sched_domain_remove(struct domain *d)
{
	spin_lock(&sched_lock);
	for (struct vcpu **at = &all_vcpus; *at;) {
		if ((*at)->domain == d) {
			*at = (*at)->sched_next;
		} else {
			at = &(*at)->sched_next;
		}
	}
	spin_unlock(&sched_lock);
}

static unsigned int least_loaded_pcpu(const struct vcpu *v)
{
	unsigned int best = BOOT_CPUS_MAX;

	for (unsigned int i = 0; i < pcpu_count; i++) {
		if (allowed(v, i) && (best == BOOT_CPUS_MAX || pcpus[i].load < pcpus[best].load)) {
			best = i;
		}
	}
	return best;
}

int sched_vcpu_start(struct vcpu *v, ipa_t pc, uint64_t x0)
{
	uint64_t now = arch_now_ns();
	unsigned int pcpu;
	int err = 0;

	spin_lock(&sched_lock);
	pcpu = least_loaded_pcpu(v);
	/* Not while a pCPU still holds its old state: that pCPU saves it yet. */
	if (v->state != VCPU_OFFLINE || v->loaded || v->domain->state == DOMAIN_DYING) {
		err = -EBUSY;
	} else if (pcpu == BOOT_CPUS_MAX) {
		err = -ESRCH; /* no pCPU it may run on is online */
	} else {
		arch_vcpu_reset(v, pc, x0);
		v->pcpu = pcpu;
		v->credit = 0;
		pcpus[pcpu].load++;
		wake_locked(v, now);
	}
	spin_unlock(&sched_lock);
	return err;
}

int sched_vcpu_pin(struct vcpu *v, uint32_t affinity)
{
	uint32_t old;
	int err = 0;

	spin_lock(&sched_lock);
	old = v->affinity;
	v->affinity = affinity;
	if (least_loaded_pcpu(v) == BOOT_CPUS_MAX || v->loaded) {
		v->affinity = old;
		err = v->loaded ? -EBUSY : -EINVAL; /* a pCPU still holds it; no pCPU is online */
	} else if (v->state == VCPU_RUNNABLE && !allowed(v, v->pcpu)) {
		unqueue(v); /* its domain is paused: unpausing makes the new pCPU decide */
		move_to(v, least_loaded_pcpu(v));
		enqueue(v);
	} else if (v->state == VCPU_BLOCKED && !allowed(v, v->pcpu)) {
		move_to(v, least_loaded_pcpu(v)); /* it wakes there */
	}
	spin_unlock(&sched_lock);
	return err;
}

/* A vCPU leaves its pCPU for good (offline or dead); sched_lock held. */
static void release_pcpu(struct vcpu *v, enum vcpu_state state, uint64_t now)
{
	spin_assert_held(&sched_lock);
	if (v->state == VCPU_RUNNABLE) {
		unqueue(v);
	}
	if (v->state != VCPU_OFFLINE && v->state != VCPU_DEAD) {
		pcpus[v->pcpu].load--;
	}
	set_state(v, state, now);
}

bool sched_vcpu_stop(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool last = true;

	spin_lock(&sched_lock);
	if (v->state == VCPU_DEAD) { /* its domain is ending: nothing to stop */
		spin_unlock(&sched_lock);
		return false;
	}
	release_pcpu(v, VCPU_OFFLINE, arch_now_ns());
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		last &= d->vcpus[i]->state == VCPU_OFFLINE;
	}
	spin_unlock(&sched_lock);
	return last;
}

void sched_vcpu_yield(struct vcpu *v)
{
	__atomic_store_n(&v->yield, true, __ATOMIC_RELEASE); /* read by its own pCPU only */
}

void sched_vcpu_block(struct vcpu *v, uint64_t deadline_ns)
{
	spin_lock(&sched_lock);
	/* Checked under the lock: an injector that saw it running has kicked us,
	 * one that comes later sees it blocked and wakes it. */
	if (v->state == VCPU_RUNNING && !arch_vcpu_irq_pending(v)) {
		set_state(v, VCPU_BLOCKED, arch_now_ns());
		v->wake_deadline = deadline_ns;
	}
	spin_unlock(&sched_lock);
}

void sched_vcpu_kick(struct vcpu *v)
{
	/* This pCPU's running vCPU: its way back in (sched_next, vgic_flush) looks. */
	if (v == this_pcpu()->current &&
	    __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_RUNNING) {
		return;
	}
	spin_lock(&sched_lock);
	if (v->state == VCPU_BLOCKED) {
		wake_locked(v, arch_now_ns());
	} else if (v->state == VCPU_RUNNING && v->pcpu != this_pcpu()->index) {
		arch_pcpu_kick(v->pcpu);
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

void sched_runstate(struct vcpu *v, struct vcpu_runstate_info *out)
{
	spin_lock(&sched_lock);
	runstate_update(v, arch_now_ns());
	*out = v->runstate;
	spin_unlock(&sched_lock);
}

bool sched_domain_stop(struct domain *d, unsigned int reason)
{
	uint64_t now = arch_now_ns();
	bool unloaded = false;

	spin_lock(&sched_lock);
	if (d->state != DOMAIN_DYING) {
		d->state = DOMAIN_DYING;
		d->shutdown_reason = reason;
		for (unsigned int i = 0; i < d->vcpu_count; i++) {
			struct vcpu *v = d->vcpus[i];

			if (v->state == VCPU_RUNNING && v->pcpu != this_pcpu()->index) {
				arch_pcpu_kick(v->pcpu);
			}
			release_pcpu(v, VCPU_DEAD, now);
		}
		unloaded = d->vcpus_loaded == 0;
	}
	spin_unlock(&sched_lock);
	return unloaded;
}

/* Make every pCPU holding one of d's vCPUs decide again; sched_lock held. */
static void reconsider(struct domain *d)
{
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		struct vcpu *v = d->vcpus[i];

		if (v->state != VCPU_RUNNING && v->state != VCPU_RUNNABLE) {
			continue;
		}
		pcpus[v->pcpu].resched = true;
		if (v->pcpu != this_pcpu()->index) {
			arch_pcpu_kick(v->pcpu);
		}
	}
}

int sched_domain_pause(struct domain *d)
{
	int err = -EBUSY;

	spin_lock(&sched_lock);
	if (d->pause_count < SCHED_PAUSES_MAX) {
		d->pause_count++;
		reconsider(d);
		err = 0;
	}
	spin_unlock(&sched_lock);
	return err;
}

bool sched_domain_paused(struct domain *d)
{
	return __atomic_load_n(&d->pause_count, __ATOMIC_ACQUIRE) != 0; /* a snapshot */
}

void sched_domain_set(struct domain *d, unsigned int weight, unsigned int cap)
{
	spin_lock(&sched_lock);
	d->weight = weight;
	d->cap = cap;
	reconsider(d); /* a new cap may park it at once, or free it */
	spin_unlock(&sched_lock);
}

int sched_domain_unpause(struct domain *d)
{
	int err = -EINVAL;

	spin_lock(&sched_lock);
	if (d->pause_count) {
		err = 0;
		if (--d->pause_count == 0) {
			reconsider(d);
		}
	}
	spin_unlock(&sched_lock);
	return err;
}
