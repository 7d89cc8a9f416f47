// SPDX-License-Identifier: MIT
/* The event loop: ports and timers recorded in IRQ context, their callbacks run in thread context.
 */
#include <abi/errno.h>
#include <abi/sched.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/hypercall.h>
#include <libos/intr.h>
#include <libos/loop.h>
#include <libos/smp.h>
#include <libos/timer.h>
#include <libos/wait.h>
#include <stddef.h>
#include <stdlib.h>

/*
 * Locking: none. Everything here is the boot vCPU's. The IRQ handlers
 * touch only loop_port.pending, loop_source.pending and loop_wakeups, with
 * atomics; the rest is thread context. loop_wakeups counts every recorded
 * happening, so a sleep that starts after one was recorded ends at once
 * (wait_event tests it with IRQs masked): no wake-up is lost between a
 * check and the WFI.
 */

/* Conditions are looked at again this often even without an interrupt. */
#define LOOP_RECHECK_NS 10000000ull

/** A watched port; fn is NULL for a free slot. */
struct loop_port {
	evtchn_port_t port;
	loop_port_fn fn;
	void *arg;
	uint32_t pending; /* set by the IRQ handler, taken by the dispatcher */
};

/*
 * Watched ports live in blocks that grow on demand and are never moved or
 * freed: an event channel handler holds a pointer to its port's slot. The
 * first block is static, so a domain watching few ports needs no heap.
 */
#define LOOP_PORTS_PER_BLOCK 32u

struct loop_port_block {
	struct loop_port port[LOOP_PORTS_PER_BLOCK];
	struct loop_port_block *next;
};

static struct loop_port_block loop_first_block;
static struct loop_timer *loop_timers;
static struct loop_source *loop_sources;
static uint64_t loop_round;
static uint64_t loop_source_round;
static unsigned int loop_depth; /* callbacks running: 0 or 1 */
static uint32_t loop_wakeups;

/** What a sleep waits for: a happening after seen, or the counter reaching wake_at. */
struct loop_wake {
	uint32_t seen;
	uint64_t wake_at;
};

static bool loop_on_boot_vcpu(void)
{
	return smp_cpu_id() == 0;
}

static void loop_note_wakeup(void)
{
	__atomic_add_fetch(&loop_wakeups, 1, __ATOMIC_RELEASE);
}

static uint32_t loop_wakeups_seen(void)
{
	return __atomic_load_n(&loop_wakeups, __ATOMIC_ACQUIRE);
}

/* IRQ context: record only. */
static void loop_port_irq(evtchn_port_t port, void *arg)
{
	struct loop_port *p = arg;

	(void)port;
	__atomic_store_n(&p->pending, 1u, __ATOMIC_RELEASE);
	loop_note_wakeup();
}

/* IRQ context: the one-shot timer fired; the dispatcher compares deadlines itself. */
static void loop_timer_irq(void *unused)
{
	(void)unused;
	loop_note_wakeup();
}

static struct loop_port *loop_port_find(evtchn_port_t port)
{
	for (struct loop_port_block *b = &loop_first_block; b != NULL; b = b->next) {
		for (unsigned int i = 0; i < LOOP_PORTS_PER_BLOCK; i++) {
			if (b->port[i].fn != NULL && b->port[i].port == port) {
				return &b->port[i];
			}
		}
	}
	return NULL;
}

/* A free slot, in a new block if every block is full; NULL when the heap has no room for one. */
static struct loop_port *loop_port_free_slot(void)
{
	struct loop_port_block *b = &loop_first_block;

	for (;; b = b->next) {
		for (unsigned int i = 0; i < LOOP_PORTS_PER_BLOCK; i++) {
			if (b->port[i].fn == NULL) {
				return &b->port[i];
			}
		}
		if (b->next == NULL) {
			break;
		}
	}
	b->next = calloc(1, sizeof(*b->next));
	return b->next != NULL ? &b->next->port[0] : NULL;
}

/*
 * Have the port notify vCPU 0, which also makes vCPU 0's dispatcher take it
 * (needed for a port the core allocated). IPIs and per-vCPU VIRQs cannot
 * move: they are fine if they notify vCPU 0 already.
 */
static long loop_port_to_boot_vcpu(evtchn_port_t port)
{
	struct evtchn_status st;
	long rc = evtchn_bind_vcpu(port, 0);

	if (rc != -XEN_EINVAL) {
		return rc;
	}
	if (evtchn_status(port, &st) == 0 && st.vcpu == 0 &&
	    (st.status == EVTCHNSTAT_ipi || st.status == EVTCHNSTAT_virq)) {
		return 0;
	}
	return rc;
}

long loop_port_add(evtchn_port_t port, loop_port_fn fn, void *arg)
{
	struct loop_port *p;
	long rc;

	if (fn == NULL) {
		return -XEN_EINVAL;
	}
	if (loop_port_find(port) != NULL) {
		return -XEN_EEXIST;
	}
	p = loop_port_free_slot();
	if (p == NULL) {
		return -XEN_ENOMEM;
	}
	/* An event before the handler is in place stays pending behind the mask. */
	rc = evtchn_mask(port);
	if (rc == 0) {
		rc = evtchn_set_handler(port, loop_port_irq, p);
	}
	if (rc == 0) {
		rc = loop_port_to_boot_vcpu(port);
	}
	if (rc != 0) {
		(void)evtchn_set_handler(port, NULL, NULL);
		return rc;
	}
	*p = (struct loop_port){ .port = port, .fn = fn, .arg = arg, .pending = 0 };
	return evtchn_unmask(port);
}

long loop_port_remove(evtchn_port_t port)
{
	struct loop_port *p = loop_port_find(port);

	if (p == NULL) {
		return -XEN_ENOENT;
	}
	(void)evtchn_set_handler(port, NULL, NULL);
	*p = (struct loop_port){ 0 };
	return 0;
}

void loop_port_raise(evtchn_port_t port)
{
	struct loop_port *p = loop_port_find(port);

	if (p != NULL) {
		__atomic_store_n(&p->pending, 1u, __ATOMIC_RELEASE);
		loop_note_wakeup();
	}
}

void loop_source_init(struct loop_source *source, loop_source_fn fn, void *arg)
{
	*source = (struct loop_source){ .fn = fn, .arg = arg };
}

void loop_source_add(struct loop_source *source)
{
	if (source->added) {
		return;
	}
	source->round = loop_source_round;
	source->next = loop_sources;
	loop_sources = source;
	source->added = true;
	/* A raise before the add must not wait for some other happening. */
	loop_note_wakeup();
}

void loop_source_remove(struct loop_source *source)
{
	for (struct loop_source **at = &loop_sources; *at != NULL; at = &(*at)->next) {
		if (*at == source) {
			*at = source->next;
			break;
		}
	}
	source->next = NULL;
	source->added = false;
}

void loop_source_raise(struct loop_source *source)
{
	__atomic_store_n(&source->pending, 1u, __ATOMIC_RELEASE);
	loop_note_wakeup();
}

void loop_timer_init(struct loop_timer *timer, loop_timer_fn fn, void *arg)
{
	*timer = (struct loop_timer){ .fn = fn, .arg = arg };
}

static void loop_timer_unlink(struct loop_timer *timer)
{
	for (struct loop_timer **at = &loop_timers; *at != NULL; at = &(*at)->next) {
		if (*at == timer) {
			*at = timer->next;
			break;
		}
	}
	timer->next = NULL;
	timer->armed = false;
}

void loop_timer_at(struct loop_timer *timer, uint64_t deadline, uint64_t period)
{
	if (!timer->armed) {
		timer->next = loop_timers;
		loop_timers = timer;
		timer->armed = true;
	}
	timer->deadline = deadline;
	timer->period = period;
	/* A sleep about to start must take the new deadline into account. */
	loop_note_wakeup();
}

uint64_t loop_deadline_ns(uint64_t ns)
{
	uint64_t ticks = counter_from_ns(ns);
	uint64_t now = counter_read();

	return ticks > LOOP_FOREVER - now ? LOOP_FOREVER : now + ticks;
}

void loop_timer_after_ns(struct loop_timer *timer, uint64_t delay_ns, uint64_t period_ns)
{
	loop_timer_at(timer, loop_deadline_ns(delay_ns), counter_from_ns(period_ns));
}

void loop_timer_stop(struct loop_timer *timer)
{
	if (timer->armed) {
		loop_timer_unlink(timer);
	}
}

bool loop_timer_armed(const struct loop_timer *timer)
{
	return timer->armed;
}

/* The earliest deadline of an armed timer, or LOOP_FOREVER. */
static uint64_t loop_next_deadline(void)
{
	uint64_t next = LOOP_FOREVER;

	for (const struct loop_timer *t = loop_timers; t != NULL; t = t->next) {
		if (t->deadline < next) {
			next = t->deadline;
		}
	}
	return next;
}

/* An armed timer due at now that has not run in this round. */
static struct loop_timer *loop_timer_due(uint64_t now)
{
	for (struct loop_timer *t = loop_timers; t != NULL; t = t->next) {
		if (t->deadline <= now && t->round != loop_round) {
			return t;
		}
	}
	return NULL;
}

/* Move a periodic timer past now by whole periods; one-shot timers are disarmed. */
static void loop_timer_advance(struct loop_timer *t, uint64_t now)
{
	uint64_t missed;

	if (t->period == 0) {
		loop_timer_unlink(t);
		return;
	}
	missed = (now - t->deadline) / t->period + 1;
	if (missed > (LOOP_FOREVER - t->deadline) / t->period) {
		loop_timer_unlink(t); /* the next deadline is beyond the counter's range */
		return;
	}
	t->deadline += missed * t->period;
}

/*
 * Run the timers due now, each once. The list is searched again after
 * each callback, as a callback may arm, stop or free timers.
 */
static unsigned int loop_run_timers(void)
{
	uint64_t now = counter_read();
	unsigned int ran = 0;
	struct loop_timer *t;

	loop_round++;
	while ((t = loop_timer_due(now)) != NULL) {
		t->round = loop_round;
		loop_timer_advance(t, now);
		t->fn(t, t->arg);
		ran++;
	}
	return ran;
}

static unsigned int loop_run_ports(void)
{
	unsigned int ran = 0;

	for (struct loop_port_block *b = &loop_first_block; b != NULL; b = b->next) {
		for (unsigned int i = 0; i < LOOP_PORTS_PER_BLOCK; i++) {
			struct loop_port *p = &b->port[i];

			if (p->fn != NULL &&
			    __atomic_exchange_n(&p->pending, 0u, __ATOMIC_ACQ_REL) != 0) {
				p->fn(p->port, p->arg);
				ran++;
			}
		}
	}
	return ran;
}

/* An added source raised and not yet run in this round. */
static struct loop_source *loop_source_due(void)
{
	for (struct loop_source *s = loop_sources; s != NULL; s = s->next) {
		if (s->round != loop_source_round &&
		    __atomic_load_n(&s->pending, __ATOMIC_ACQUIRE) != 0) {
			return s;
		}
	}
	return NULL;
}

/*
 * Run each raised source once. The list is searched again after each
 * callback, as a callback may add or remove sources; one raised again
 * while it runs waits for the next round.
 */
static unsigned int loop_run_sources(void)
{
	unsigned int ran = 0;
	struct loop_source *s;

	loop_source_round++;
	while ((s = loop_source_due()) != NULL) {
		s->round = loop_source_round;
		__atomic_store_n(&s->pending, 0u, __ATOMIC_RELEASE);
		s->fn(s, s->arg);
		ran++;
	}
	return ran;
}

/* Run every pending callback once. */
static unsigned int loop_dispatch(void)
{
	unsigned int ran;

	loop_depth++;
	ran = loop_run_ports();
	ran += loop_run_sources();
	ran += loop_run_timers();
	loop_depth--;
	return ran;
}

/* With IRQs masked (wait_event): has anything been recorded, or the time come? */
static bool loop_woken(void *arg)
{
	const struct loop_wake *w = arg;

	return loop_wakeups_seen() != w->seen || counter_read() >= w->wake_at;
}

/*
 * Sleep until a happening after seen or the counter reaching wake_at. Where
 * WFI cannot be used (IRQs masked by the caller, another vCPU), give the
 * pCPU away once instead and let the caller look again.
 */
static void loop_sleep(uint32_t seen, uint64_t wake_at)
{
	struct loop_wake w = { .seen = seen, .wake_at = wake_at };

	if (!intr_enabled() || !loop_on_boot_vcpu()) {
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
		return;
	}
	if (wake_at == LOOP_FOREVER) {
		timer_stop();
	} else {
		timer_oneshot_at(wake_at, loop_timer_irq, NULL);
	}
	(void)wait_event(loop_woken, &w);
}

static uint64_t loop_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* When a sleep must end: the caller's deadline, the next timer, the next recheck (if any). */
static uint64_t loop_wake_at(uint64_t deadline, bool recheck)
{
	uint64_t wake_at = loop_min(deadline, loop_next_deadline());

	if (recheck) {
		wake_at = loop_min(wake_at, loop_deadline_ns(LOOP_RECHECK_NS));
	}
	return wake_at;
}

static long loop_may_dispatch(void)
{
	if (!loop_on_boot_vcpu()) {
		return -XEN_EPERM;
	}
	return loop_depth != 0 ? -XEN_EBUSY : 0;
}

long loop_run_once(uint64_t deadline)
{
	long rc = loop_may_dispatch();
	uint32_t seen;
	unsigned int ran;

	if (rc != 0) {
		return rc;
	}
	seen = loop_wakeups_seen();
	ran = loop_dispatch();
	if (ran == 0 && counter_read() < deadline) {
		loop_sleep(seen, loop_wake_at(deadline, false));
		ran = loop_dispatch();
	}
	return ran;
}

void loop_run(void)
{
	for (;;) {
		(void)loop_run_once(LOOP_FOREVER);
	}
}

long loop_serve_until(loop_cond_fn cond, void *arg, uint64_t deadline)
{
	long rc = loop_may_dispatch();

	if (rc != 0) {
		return rc;
	}
	for (;;) {
		uint32_t seen = loop_wakeups_seen();

		if (cond(arg)) {
			return 1;
		}
		if (loop_dispatch() != 0) {
			continue; /* a callback may have made cond true */
		}
		if (counter_read() >= deadline) {
			return 0;
		}
		loop_sleep(seen, loop_wake_at(deadline, true));
	}
}

bool loop_run_until(loop_cond_fn cond, void *arg, uint64_t deadline)
{
	for (;;) {
		uint32_t seen = loop_wakeups_seen();
		uint64_t wake_at;

		if (cond(arg)) {
			return true;
		}
		if (counter_read() >= deadline) {
			return false;
		}
		/* Loop timers are not run here, so their deadlines need not end the sleep. */
		wake_at = loop_min(deadline, loop_deadline_ns(LOOP_RECHECK_NS));
		loop_sleep(seen, wake_at);
	}
}
