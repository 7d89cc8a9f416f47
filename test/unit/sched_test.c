// SPDX-License-Identifier: MIT
/*
 * Unit tests of the credit scheduler (kernel/common/sched.c) on a simulated
 * clock: pCPUs "run" their current vCPU until the timer the scheduler armed,
 * then decide again, as the core does on its timer interrupt.
 */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <domain.h>
#include <errno.h>
#include <sched.h>

#define MS 1000000ull
#define STEP (100 * 1000ull) /* the simulation's resolution: 100 us */

static struct domain doms[4];
static struct vcpu vcpu_store[4][DOMAIN_VCPUS_MAX];
static struct domain *finalized;
static unsigned int finalize_calls;

/* The runstate areas guests registered: what the scheduler last wrote there. */
static uint64_t runstate_written_to;
static struct vcpu_runstate_info runstate_written;

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	assert_ptr_equal(v, pcpus[host_cpu].current);
	assert_int_equal(len, sizeof(runstate_written));
	runstate_written_to = gva;
	memcpy(&runstate_written, src, len);
	return gva == 0xbad ? -EFAULT : 0;
}

/* Set as each test domain's vcpus_stopped hook: what domain.c does once a dying domain is off. */
static void vcpus_stopped(struct domain *d)
{
	finalized = d;
	finalize_calls++;
}

static void machine(unsigned int cpus)
{
	memset(pcpus, 0, sizeof(pcpus));
	pcpu_count = cpus;
	for (unsigned int i = 0; i < cpus; i++) {
		pcpus[i].index = i;
		pcpus[i].online = true;
	}
}

static int setup(void **state)
{
	(void)state;
	host_reset_logs();
	host_now = 1000 * MS;
	finalized = NULL;
	finalize_calls = 0;
	machine(1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < 4; i++) {
		sched_domain_remove(&doms[i]);
	}
	return 0;
}

static struct domain *domain(unsigned int i, unsigned int vcpus, unsigned int weight,
			     unsigned int cap, uint32_t affinity)
{
	struct domain *d = &doms[i];

	memset(d, 0, sizeof(*d));
	memset(vcpu_store[i], 0, sizeof(vcpu_store[i]));
	d->domid = (uint16_t)(i + 1);
	d->weight = weight;
	d->cap = cap;
	d->vcpu_count = vcpus;
	d->vcpus_stopped = vcpus_stopped;
	for (unsigned int v = 0; v < vcpus; v++) {
		d->vcpus[v] = &vcpu_store[i][v];
		d->vcpus[v]->domain = d;
		d->vcpus[v]->id = v;
		d->vcpus[v]->state = VCPU_OFFLINE;
		d->vcpus[v]->affinity = affinity;
		d->vcpus[v]->runstate.state = RUNSTATE_offline;
		d->vcpus[v]->runstate.state_entry_time = host_now;
	}
	sched_domain_add(d);
	return d;
}

static void start_all(struct domain *d)
{
	for (unsigned int v = 0; v < d->vcpu_count; v++) {
		assert_int_equal(sched_vcpu_start(d->vcpus[v], ipa_make(0x40000000), 0), 0);
	}
}

/* One step of the clock: each pCPU decides when its timer fires, or polls
 * while idle (as its idle loop wakes on kicks). */
static void step(void)
{
	host_now += STEP;
	for (unsigned int c = 0; c < pcpu_count; c++) {
		host_cpu = c;
		if (host_timer[c] && host_timer[c] <= host_now) {
			sched_timer_expired();
			sched_next(&pcpus[c]);
		} else if (!pcpus[c].current || pcpus[c].resched) {
			sched_next(&pcpus[c]);
		}
	}
}

/* Let every pCPU run for duration. */
static void simulate(uint64_t duration)
{
	uint64_t end = host_now + duration;

	for (unsigned int c = 0; c < pcpu_count; c++) {
		host_cpu = c;
		sched_next(&pcpus[c]);
	}
	while (host_now < end) {
		step();
	}
}

static uint64_t ran(struct vcpu *v)
{
	struct vcpu_runstate_info rs;

	sched_runstate(v, &rs);
	return rs.time[RUNSTATE_running];
}

/* Let every pCPU run for duration while v works in bursts: each time it has
 * run for work, it blocks for nap (as a back end waits for its next request).
 * Returns the longest v waited from its wake-up to running. */
static uint64_t bursts(struct vcpu *v, uint64_t work, uint64_t nap, uint64_t duration)
{
	uint64_t end = host_now + duration, due = 0, woke = 0, worst = 0, burst_end;

	simulate(0);
	burst_end = ran(v) + work;
	while (host_now < end) {
		bool blocked = v->state == VCPU_BLOCKED;

		step();
		if (blocked && v->state != VCPU_BLOCKED) {
			woke = due;
		}
		if (woke && v->state == VCPU_RUNNING) {
			worst = MAX(worst, host_now - woke);
			woke = 0;
			burst_end = ran(v) + work;
		}
		if (v->state == VCPU_RUNNING && ran(v) >= burst_end) {
			host_cpu = v->pcpu;
			due = host_now + nap;
			sched_vcpu_block(v, due);
			sched_next(&pcpus[v->pcpu]);
		}
	}
	return worst;
}

static void test_weights_share_one_pcpu(void **state)
{
	struct domain *light = domain(0, 1, 256, 0, ~0u), *heavy = domain(1, 1, 512, 0, ~0u);
	double ratio;

	(void)state;
	start_all(light);
	start_all(heavy);
	simulate(3000 * MS);
	ratio = (double)ran(heavy->vcpus[0]) / (double)ran(light->vcpus[0]);
	assert_true(ratio > 1.9 && ratio < 2.1);
	assert_true(ran(heavy->vcpus[0]) + ran(light->vcpus[0]) > 2990 * MS);
}

static void test_cap_limits_a_lone_domain(void **state)
{
	struct domain *capped = domain(0, 1, 256, 25, ~0u);
	double share;

	(void)state;
	start_all(capped);
	simulate(3000 * MS);
	share = (double)ran(capped->vcpus[0]) / (double)(3000 * MS);
	assert_true(share > 0.24 && share < 0.26);
}

static void test_parked_vcpu_not_stolen_past_its_cap(void **state)
{
	struct domain *capped = domain(0, 1, 256, 25, 1u << 0);
	double share;

	(void)state;
	machine(2);
	start_all(capped);
	simulate(3000 * MS);
	share = (double)ran(capped->vcpus[0]) / (double)(3000 * MS);
	assert_true(share > 0.24 && share < 0.26);
	assert_int_equal(capped->vcpus[0]->pcpu, 0);
}

static void test_blocked_vcpu_sleeps_until_its_deadline(void **state)
{
	struct domain *sleeper = domain(0, 1, 256, 0, ~0u), *spinner = domain(1, 1, 256, 0, ~0u);
	struct vcpu *v = sleeper->vcpus[0];
	struct vcpu_runstate_info rs;

	(void)state;
	start_all(sleeper);
	simulate(1 * MS);
	assert_ptr_equal(pcpus[0].current, v);
	sched_vcpu_block(v, host_now + 500 * MS);
	assert_int_equal(v->state, VCPU_BLOCKED);
	start_all(spinner);
	simulate(499 * MS);
	assert_int_equal(v->state, VCPU_BLOCKED);
	simulate(2 * MS);
	assert_int_not_equal(v->state, VCPU_BLOCKED);
	sched_runstate(v, &rs);
	assert_true(rs.time[RUNSTATE_blocked] >= 500 * MS && rs.time[RUNSTATE_blocked] < 501 * MS);
	assert_true(ran(spinner->vcpus[0]) > 495 * MS);
}

static void test_block_with_interrupt_pending_keeps_running(void **state)
{
	struct domain *d = domain(0, 1, 256, 0, ~0u);

	(void)state;
	start_all(d);
	simulate(1 * MS);
	host_irq_pending = true;
	sched_vcpu_block(d->vcpus[0], 0);
	assert_int_equal(d->vcpus[0]->state, VCPU_RUNNING);
}

static void test_kick_wakes_a_blocked_vcpu(void **state)
{
	struct domain *d = domain(0, 1, 256, 0, ~0u);
	struct vcpu *v = d->vcpus[0];

	(void)state;
	machine(2);
	start_all(d);
	simulate(1 * MS);
	sched_vcpu_block(v, 0);
	simulate(10 * MS);
	assert_int_equal(v->state, VCPU_BLOCKED);
	host_cpu = 1 - v->pcpu;
	sched_vcpu_kick(v);
	assert_int_equal(v->state, VCPU_RUNNABLE);
	assert_int_equal(host_kicks[v->pcpu], 1);
	simulate(1 * MS);
	assert_int_equal(v->state, VCPU_RUNNING);
}

/* A kick from the pCPU the vCPU runs on (an event it sent itself, its timer): nothing to do
 * while it runs, its trap's exit looks; once it blocked in that trap, the kick wakes it. */
static void test_kick_from_its_own_pcpu(void **state)
{
	struct domain *d = domain(0, 1, 256, 0, ~0u);
	struct vcpu *v = d->vcpus[0];

	(void)state;
	machine(2);
	start_all(d);
	simulate(1 * MS);
	host_cpu = v->pcpu;
	memset(host_kicks, 0, sizeof(host_kicks));
	sched_vcpu_kick(v);
	assert_int_equal(v->state, VCPU_RUNNING);
	assert_int_equal(host_kicks[0] + host_kicks[1], 0);
	sched_vcpu_block(v, 0);
	sched_vcpu_kick(v);
	assert_int_not_equal(v->state, VCPU_BLOCKED);
	sched_next(&pcpus[v->pcpu]);
	assert_ptr_equal(pcpus[host_cpu].current, v);
	assert_int_equal(v->state, VCPU_RUNNING);
}

static void test_oversubscribed_all_progress(void **state)
{
	struct domain *d[3];

	(void)state;
	machine(2);
	for (unsigned int i = 0; i < 3; i++) {
		d[i] = domain(i, 2, 256, 0, ~0u);
		start_all(d[i]);
	}
	simulate(3000 * MS);
	for (unsigned int i = 0; i < 3; i++) {
		for (unsigned int v = 0; v < 2; v++) {
			/* A fair share is 1 s each; all must get a good part of it. */
			assert_true(ran(d[i]->vcpus[v]) > 700 * MS);
		}
	}
}

/* Equal vCPUs, more than the pCPUs and not a multiple of them: three on two pCPUs get two thirds
 * of a pCPU each, thirteen (of three domains weighted by their vCPU counts) 8/13 s each of 4 s,
 * within 5%, unless credit is shared over both pCPUs and a pCPU takes the waiting vCPU with the
 * most credit wherever it waits: otherwise the vCPUs of the crowded pCPU get less. */
static void expect_equal_shares(struct domain **d, unsigned int count, uint64_t each)
{
	for (unsigned int i = 0; i < count; i++) {
		for (unsigned int v = 0; v < d[i]->vcpu_count; v++) {
			uint64_t got = ran(d[i]->vcpus[v]);

			assert_true(got > each * 95 / 100 && got < each * 105 / 100);
		}
	}
}

static void test_equal_shares_across_pcpus(void **state)
{
	struct domain *d[3];

	(void)state;
	machine(2);
	for (unsigned int i = 0; i < 3; i++) {
		d[i] = domain(i, 1, 256, 0, ~0u);
		start_all(d[i]);
	}
	simulate(3000 * MS);
	expect_equal_shares(d, 3, 2000 * MS);
}

static void test_equal_shares_across_pcpus_thirteen(void **state)
{
	struct domain *d[3];

	(void)state;
	machine(2);
	for (unsigned int i = 0; i < 3; i++) {
		d[i] = domain(i, i == 2 ? 5 : 4, 256 * (i == 2 ? 5 : 4), 0, ~0u);
		start_all(d[i]);
	}
	simulate(4000 * MS);
	expect_equal_shares(d, 3, 8000 * MS / 13);
}

/* Three equal vCPUs on two pCPUs: the one that waits is queued on one pCPU, yet the other, with
 * an empty queue of its own, still hands its vCPU over after a slice rather than keeping it for
 * the rest of the period; and a pCPU that decides again within a turn (kicked every 3 ms, as
 * wake-ups and interrupts do) does not start the slice again. So no vCPU runs longer at a
 * stretch than a slice, or waits longer than two of them. */
static void test_turns_are_slices_while_others_wait_elsewhere(void **state)
{
	uint64_t longest_turn = 0, longest_wait = 0;

	(void)state;
	machine(2);
	for (unsigned int i = 0; i < 3; i++) {
		start_all(domain(i, 1, 256, 0, ~0u));
		/* No rival has credit: within a slice none can take the pCPU, and
		 * only the slice's end does. */
		doms[i].vcpus[0]->credit = -50 * (int64_t)MS;
	}
	simulate(0);
	for (uint64_t end = host_now + 2000 * MS; host_now < end;) {
		pcpus[0].resched = pcpus[1].resched = host_now / STEP % 30 == 0;
		step();
		for (unsigned int i = 0; i < 3; i++) {
			const struct vcpu *v = doms[i].vcpus[0];
			uint64_t stretch = host_now - v->runstate.state_entry_time;

			if (v->state == VCPU_RUNNING) {
				longest_turn = MAX(longest_turn, stretch);
			} else {
				longest_wait = MAX(longest_wait, stretch);
			}
		}
	}
	assert_true(longest_turn <= SCHED_SLICE_NS + STEP);
	assert_true(longest_wait <= 2 * SCHED_SLICE_NS + STEP);
}

static void test_affinity_is_respected(void **state)
{
	struct domain *pinned = domain(0, 2, 256, 0, 1u << 1), *free = domain(1, 2, 256, 0, ~0u);

	(void)state;
	machine(2);
	start_all(pinned);
	start_all(free);
	for (unsigned int t = 0; t < 100; t++) {
		simulate(10 * MS);
		assert_int_equal(pinned->vcpus[0]->pcpu, 1);
		assert_int_equal(pinned->vcpus[1]->pcpu, 1);
	}
	assert_true(ran(pinned->vcpus[0]) > 0 && ran(pinned->vcpus[1]) > 0);
}

/* A vCPU pinned while its domain is paused (as xl vcpu-pin does) waits on a pCPU it may use
 * from then on, queued or blocked, and runs only there once unpaused. */
static void test_pin_moves_a_vcpu_of_a_paused_domain(void **state)
{
	struct domain *d = domain(0, 2, 256, 0, ~0u);
	struct vcpu *a = d->vcpus[0], *b = d->vcpus[1];
	unsigned int b_from;

	(void)state;
	machine(2);
	start_all(d);
	simulate(5 * MS);
	assert_int_equal(b->state, VCPU_RUNNING);
	b_from = b->pcpu;
	host_cpu = b_from;
	sched_vcpu_block(b, host_now + 1000 * MS); /* it waits for an event */
	sched_next(&pcpus[b_from]);
	assert_int_equal(sched_domain_pause(d), 0);
	simulate(1 * MS); /* its pCPU switches a out */
	assert_false(a->loaded || b->loaded);
	assert_int_equal(a->state, VCPU_RUNNABLE);
	assert_int_equal(b->state, VCPU_BLOCKED);
	assert_int_equal(sched_vcpu_pin(a, 1u << 1), 0);
	assert_int_equal(sched_vcpu_pin(b, 1u << (1 - b_from)), 0);
	assert_int_equal(a->pcpu, 1);
	assert_int_equal(b->pcpu, 1 - b_from);
	assert_int_equal(pcpus[0].load + pcpus[1].load, 2);
	sched_vcpu_kick(b); /* its event comes: it waits where it may run */
	assert_int_equal(b->pcpu, 1 - b_from);
	assert_int_equal(sched_domain_unpause(d), 0);
	for (unsigned int t = 0; t < 50; t++) {
		simulate(1 * MS);
		assert_int_equal(a->pcpu, 1);
		assert_int_equal(b->pcpu, 1 - b_from);
		assert_true(a->state != VCPU_RUNNING || pcpus[1].current == a);
	}
	assert_true(ran(a) > 0 && ran(b) > 0);
}

/* A pin naming no online pCPU is refused and changes nothing; so is one of a vCPU a pCPU
 * still holds (its domain is not paused, or was paused a moment ago). */
static void test_pin_refusals(void **state)
{
	struct domain *d = domain(0, 1, 256, 0, ~0u);
	struct vcpu *v = d->vcpus[0];

	(void)state;
	machine(2);
	start_all(d);
	simulate(1 * MS);
	assert_true(v->loaded);
	assert_int_equal(sched_vcpu_pin(v, 1u << 1), -EBUSY);
	assert_int_equal(v->affinity, ~0u);
	assert_int_equal(sched_domain_pause(d), 0);
	simulate(1 * MS);
	assert_int_equal(sched_vcpu_pin(v, 1u << 5), -EINVAL);
	assert_int_equal(sched_vcpu_pin(v, 0), -EINVAL);
	assert_int_equal(v->affinity, ~0u);
	assert_int_equal(sched_vcpu_pin(v, 1u << 0 | 1u << 5), 0);
	assert_int_equal(v->pcpu, 0);
}

static void test_idle_pcpu_steals_waiting_vcpu(void **state)
{
	struct domain *d = domain(0, 2, 256, 0, ~0u);

	(void)state;
	machine(2);
	pcpus[1].online = false;
	start_all(d);
	assert_int_equal(d->vcpus[0]->pcpu, 0);
	assert_int_equal(d->vcpus[1]->pcpu, 0);
	simulate(1 * MS);
	pcpus[1].online = true;
	simulate(1 * MS);
	assert_int_not_equal(d->vcpus[0]->pcpu, d->vcpus[1]->pcpu);
	assert_int_equal(d->vcpus[0]->state, VCPU_RUNNING);
	assert_int_equal(d->vcpus[1]->state, VCPU_RUNNING);
}

static void test_no_pcpu_allowed_online(void **state)
{
	struct domain *d = domain(0, 1, 256, 0, 1u << 3);

	(void)state;
	machine(2);
	assert_int_equal(sched_vcpu_start(d->vcpus[0], ipa_make(0), 0), -ESRCH);
}

static void test_yield_hands_over(void **state)
{
	struct domain *a = domain(0, 1, 256, 0, ~0u), *b = domain(1, 1, 256, 0, ~0u);
	struct vcpu *first;

	(void)state;
	start_all(a);
	start_all(b);
	simulate(1 * MS);
	first = pcpus[0].current;
	sched_vcpu_yield(first);
	sched_next(&pcpus[0]);
	assert_ptr_not_equal(pcpus[0].current, first);
	assert_int_equal(first->state, VCPU_RUNNABLE);
}

/* Yielding hands over even with more credit than the one waiting (a vCPU spinning on
 * another that is not running), for one decision only. */
static void test_yield_hands_over_with_more_credit(void **state)
{
	struct domain *a = domain(0, 1, 256, 0, ~0u), *b = domain(1, 1, 256, 0, ~0u);
	struct vcpu *first, *other;

	(void)state;
	start_all(a);
	start_all(b);
	simulate(1 * MS);
	first = pcpus[0].current;
	other = first == a->vcpus[0] ? b->vcpus[0] : a->vcpus[0];
	first->credit = other->credit + 5 * (int64_t)MS;
	sched_vcpu_yield(first);
	sched_next(&pcpus[0]);
	assert_ptr_equal(pcpus[0].current, other);
	assert_false(first->yield);
	sched_vcpu_yield(other);
	sched_next(&pcpus[0]);
	assert_ptr_equal(pcpus[0].current, first);
}

static void test_stop_finalizes_after_switching_away(void **state)
{
	struct domain *d = domain(0, 2, 256, 0, ~0u);

	(void)state;
	machine(2);
	start_all(d);
	simulate(1 * MS);
	memset(host_kicks, 0, sizeof(host_kicks));
	host_cpu = 0;
	assert_false(sched_domain_stop(d, 0)); /* both still loaded */
	assert_int_equal(d->vcpus[0]->state, VCPU_DEAD);
	assert_int_equal(host_kicks[0], 0);
	assert_int_equal(host_kicks[1], 1);    /* the other pCPU must let go of its vCPU */
	assert_false(sched_domain_stop(d, 0)); /* only the first call counts */
	host_cpu = 0;
	sched_next(&pcpus[0]);
	assert_int_equal(finalize_calls, 0);
	host_cpu = 1;
	sched_next(&pcpus[1]);
	assert_int_equal(finalize_calls, 1);
	assert_ptr_equal(finalized, d);
	assert_int_equal(pcpus[0].load + pcpus[1].load, 0);
}

static void test_last_cpu_off_reported(void **state)
{
	struct domain *d = domain(0, 2, 256, 0, ~0u);

	(void)state;
	machine(2);
	start_all(d);
	simulate(1 * MS);
	host_cpu = d->vcpus[0]->pcpu;
	assert_false(sched_vcpu_stop(d->vcpus[0]));
	assert_true(sched_vcpu_online(d->vcpus[0])); /* still loaded until it is switched out */
	assert_int_equal(sched_vcpu_start(d->vcpus[0], ipa_make(0), 0), -EBUSY);
	sched_next(&pcpus[host_cpu]);
	assert_false(sched_vcpu_online(d->vcpus[0]));
	host_cpu = d->vcpus[1]->pcpu;
	assert_true(sched_vcpu_stop(d->vcpus[1]));
}

/* Woken before its pCPU switched it out, a vCPU stays there: nobody else may
 * load it, as its registers are still on that pCPU. */
static void test_woken_while_loaded_stays_put(void **state)
{
	struct domain *sleeper = domain(0, 1, 256, 0, ~0u), *busy = domain(1, 1, 256, 0, 1u << 0);
	unsigned int home;
	struct vcpu *v;

	(void)state;
	machine(3);
	start_all(busy);
	start_all(sleeper);
	simulate(1 * MS);
	v = sleeper->vcpus[0];
	home = v->pcpu;
	host_cpu = home;
	sched_vcpu_block(v, 0);       /* blocked, still loaded: its pCPU is mid-trap */
	host_cpu = home == 1 ? 2 : 1; /* another pCPU sends it an interrupt */
	sched_vcpu_kick(v);
	assert_true(v->loaded);
	for (unsigned int c = 0; c < 3; c++) { /* the others decide before its own does */
		if (c != home) {
			host_cpu = c;
			sched_next(&pcpus[c]);
			assert_ptr_not_equal(pcpus[c].current, v);
		}
	}
	host_cpu = home;
	sched_next(&pcpus[home]);
	assert_ptr_equal(pcpus[home].current, v);
	assert_int_equal(v->state, VCPU_RUNNING);
}

static void test_dying_domain_vcpus_stay_dead(void **state)
{
	struct domain *d = domain(0, 2, 256, 0, ~0u);

	(void)state;
	machine(2);
	start_all(d);
	simulate(1 * MS);
	host_cpu = d->vcpus[0]->pcpu;
	assert_false(sched_domain_stop(d, 0));
	assert_false(sched_vcpu_stop(d->vcpus[1])); /* CPU_OFF racing the shutdown */
	assert_int_equal(d->vcpus[1]->state, VCPU_DEAD);
	assert_int_equal(sched_vcpu_start(d->vcpus[1], ipa_make(0), 0), -EBUSY); /* and CPU_ON */
}

static void test_runstate_area_written_when_switched_in(void **state)
{
	struct domain *a = domain(0, 1, 256, 0, ~0u), *b = domain(1, 1, 256, 0, ~0u);

	(void)state;
	a->vcpus[0]->runstate_gva = 0x1000;
	b->vcpus[0]->runstate_gva = 0xbad;
	start_all(a);
	start_all(b);
	simulate(100 * MS);
	assert_int_equal(runstate_written_to, 0x1000);
	assert_int_equal(runstate_written.state, RUNSTATE_running);
	assert_true(runstate_written.time[RUNSTATE_runnable] > 0);
	assert_int_equal(b->vcpus[0]->runstate_gva, 0); /* a bad address is dropped */
}

/* A back end that works briefly between long waits runs as soon as it wakes,
 * not after a busy guest's slice. */
static void test_woken_vcpu_runs_at_once(void **state)
{
	struct domain *backend = domain(0, 1, 256, 0, ~0u), *busy = domain(1, 1, 256, 0, ~0u);
	uint64_t worst;

	(void)state;
	start_all(busy);
	start_all(backend);
	worst = bursts(backend->vcpus[0], 300 * 1000ull, 3 * MS, 3000 * MS);
	assert_true(worst <= STEP);
	assert_true(ran(busy->vcpus[0]) > 2500 * MS); /* the rest is the busy one's */
}

/* Woken on a pCPU whose vCPU is busy, with an idle pCPU allowed, it moves there. */
static void test_woken_vcpu_runs_at_once_on_two_pcpus(void **state)
{
	struct domain *backend = domain(0, 1, 256, 0, ~0u), *busy = domain(1, 2, 256, 0, ~0u);
	uint64_t worst;

	(void)state;
	machine(2);
	start_all(busy);
	start_all(backend);
	worst = bursts(backend->vcpus[0], 300 * 1000ull, 3 * MS, 3000 * MS);
	assert_true(worst <= STEP);
	assert_true(ran(busy->vcpus[0]) + ran(busy->vcpus[1]) > 5000 * MS);
}

/* Domains that sleep all along do not shrink the others' credit: a back end
 * that uses less than its share is boosted on every wake-up however many idle
 * domains there are. */
static void test_idle_domains_take_no_credit(void **state)
{
	struct domain *backend = domain(0, 1, 256, 0, ~0u), *busy = domain(1, 1, 256, 0, ~0u);
	uint64_t worst;

	(void)state;
	for (unsigned int i = 2; i < 4; i++) {
		struct domain *idle = domain(i, 1, 256, 0, ~0u);

		start_all(idle);
		simulate(1 * MS);
		sched_vcpu_block(idle->vcpus[0], 0);
	}
	start_all(busy);
	start_all(backend);
	simulate(SCHED_PERIOD_NS); /* credit is handed out once: a vCPU starts with none */
	worst = bursts(backend->vcpus[0], 900 * 1000ull, 2100 * 1000ull, 3000 * MS);
	assert_true(worst <= STEP);
}

/* Blocking for a moment after every short burst, to be boosted each time,
 * gains a vCPU no more than its weight's share against a busy one. */
static void test_blocking_often_gains_no_more_than_the_weight(void **state)
{
	struct domain *gamer = domain(0, 1, 256, 0, ~0u), *busy = domain(1, 1, 512, 0, ~0u);
	double share;

	(void)state;
	start_all(busy);
	start_all(gamer);
	(void)bursts(gamer->vcpus[0], 500 * 1000ull, STEP, 3000 * MS);
	share = (double)ran(gamer->vcpus[0]) / (double)(3000 * MS);
	assert_true(share < 0.35); /* a third is its weight's */
	assert_true(share > 0.30); /* and it does get it */
}

/* Nor past its cap. */
static void test_blocking_often_gains_no_more_than_the_cap(void **state)
{
	struct domain *gamer = domain(0, 1, 256, 20, ~0u), *busy = domain(1, 1, 256, 0, ~0u);
	double share;

	(void)state;
	start_all(busy);
	start_all(gamer);
	(void)bursts(gamer->vcpus[0], 500 * 1000ull, STEP, 3000 * MS);
	share = (double)ran(gamer->vcpus[0]) / (double)(3000 * MS);
	assert_true(share < 0.21);
	assert_true(share > 0.17);
}

/* The pCPU's timer comes late (the host stalled it, a trap ran long): the
 * running vCPU overruns its turn by late, charged as it ran. Returns it. */
static struct vcpu *overrun(uint64_t late)
{
	struct vcpu *v = pcpus[0].current;

	assert_non_null(v);
	host_now += late;
	step();
	return v;
}

/* An overrun is paid back: over a few seconds the vCPU that ran long has
 * had no more than its equal's share. */
static void test_overrun_is_paid_back(void **state)
{
	struct domain *a = domain(0, 1, 256, 0, ~0u), *b = domain(1, 1, 256, 0, ~0u);
	struct vcpu *late, *other;
	double ratio;

	(void)state;
	start_all(a);
	start_all(b);
	simulate(100 * MS);
	late = overrun(100 * MS);
	other = late == a->vcpus[0] ? b->vcpus[0] : a->vcpus[0];
	simulate(2800 * MS);
	ratio = (double)ran(late) / (double)ran(other);
	assert_true(ratio > 0.98 && ratio < 1.02); /* forgiven, it would be 1.05 */
}

/* A freak overrun is paid back only up to SCHED_DEBT_MAX_NS: the vCPU waits
 * no longer than that debt over its share of the pCPU (here half). */
static void test_freak_overrun_is_forgiven_past_the_debt_limit(void **state)
{
	struct domain *a = domain(0, 1, 256, 0, ~0u), *b = domain(1, 1, 256, 0, ~0u);
	struct vcpu *late;
	uint64_t from;

	(void)state;
	start_all(a);
	start_all(b);
	simulate(100 * MS);
	late = overrun(5000 * MS);
	from = host_now;
	while (late->state != VCPU_RUNNING && host_now - from < 5000 * MS) {
		step();
	}
	assert_true(host_now - from > SCHED_DEBT_MAX_NS); /* paid back ... */
	assert_true(host_now - from <=
		    2 * SCHED_DEBT_MAX_NS + SCHED_SLICE_NS); /* ... up to a limit */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_weights_share_one_pcpu),
		T(test_cap_limits_a_lone_domain),
		T(test_parked_vcpu_not_stolen_past_its_cap),
		T(test_blocked_vcpu_sleeps_until_its_deadline),
		T(test_block_with_interrupt_pending_keeps_running),
		T(test_kick_wakes_a_blocked_vcpu),
		T(test_kick_from_its_own_pcpu),
		T(test_oversubscribed_all_progress),
		T(test_equal_shares_across_pcpus),
		T(test_equal_shares_across_pcpus_thirteen),
		T(test_turns_are_slices_while_others_wait_elsewhere),
		T(test_affinity_is_respected),
		T(test_pin_moves_a_vcpu_of_a_paused_domain),
		T(test_pin_refusals),
		T(test_idle_pcpu_steals_waiting_vcpu),
		T(test_no_pcpu_allowed_online),
		T(test_yield_hands_over),
		T(test_yield_hands_over_with_more_credit),
		T(test_stop_finalizes_after_switching_away),
		T(test_last_cpu_off_reported),
		T(test_woken_while_loaded_stays_put),
		T(test_dying_domain_vcpus_stay_dead),
		T(test_runstate_area_written_when_switched_in),
		T(test_woken_vcpu_runs_at_once),
		T(test_woken_vcpu_runs_at_once_on_two_pcpus),
		T(test_idle_domains_take_no_credit),
		T(test_blocking_often_gains_no_more_than_the_weight),
		T(test_blocking_often_gains_no_more_than_the_cap),
		T(test_overrun_is_paid_back),
		T(test_freak_overrun_is_forgiven_past_the_debt_limit),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
