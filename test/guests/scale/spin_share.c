// SPDX-License-Identifier: MIT
/*
 * CPU-bound work until the machine has run the seconds bootargs name
 * ("spin N"), and the share of a window of it that this vCPU ran, as the
 * hypervisor's runstate counts it, with the time it was charged as running
 * without running. The line names the domain itself, as the one that holds
 * the serial input has its output passed on untagged
 * (test/system/scale-check.bash).
 */
#include <libos/counter.h>
#include <libos/runstate.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <stdio.h>

#include "../xenstore/xs_test.h"

#define SPIN_SECONDS_MAX 600u
#define CHUNK 4096
#define GAP_NS 1000000u /* a pause this long between two looks at the counter: not running */

struct spin {
	uint64_t state;      /* the work's value, printed so it cannot be folded away */
	uint64_t last;       /* the counter at the previous look */
	uint64_t seen_ns;    /* the time it saw itself run since the last pause */
	uint64_t charged_ns; /* its runstate's running time at the last pause */
	uint64_t unseen_ns;  /* charged as running at pauses, beyond what it saw: stalls */
};

/*
 * At each pause the runstate says how much of the time since the previous
 * one the vCPU was charged as running; beyond what it saw itself run, that
 * is time the machine's CPU did not run it though the hypervisor had given it
 * the turn: the host stalled an emulated CPU. A switch costs some tens of
 * microseconds so charged too; less than a pause of GAP_NS is not a stall.
 */
static void look(struct spin *s)
{
	uint64_t now = counter_read(), step = counter_to_ns(now - s->last);
	struct vcpu_runstate_info rs;

	s->last = now;
	if (step < GAP_NS) {
		s->seen_ns += step;
		return;
	}
	if (runstate_get(smp_cpu_id(), &rs) == 0) {
		uint64_t charged = rs.time[RUNSTATE_running] - s->charged_ns;

		if (s->charged_ns && charged >= s->seen_ns + GAP_NS) {
			s->unseen_ns += charged - s->seen_ns;
		}
		s->charged_ns = rs.time[RUNSTATE_running];
		s->seen_ns = 0;
	}
}

/* Work the compiler cannot fold away until the counter reaches deadline. */
static void spin_until(uint64_t deadline, struct spin *s)
{
	while (s->last < deadline) {
		for (int i = 0; i < CHUNK; i++) {
			s->state ^= s->state << 13;
			s->state ^= s->state >> 7;
			s->state ^= s->state << 17;
		}
		look(s);
	}
}

/*
 * The window is the same stretch of machine time for every guest: from half
 * to fifteen sixteenths of the seconds bootargs name, counted from the
 * machine's start (the counter every domain reads), and the spin ends at the
 * whole. So every guest spins through all of it together, however far apart
 * they started; one that starts only after the window opened fails, saying
 * so. A guest's share is its running time over that common window, not over
 * the stretch it saw: one waiting for its turn when the window opens reads
 * its runstate late, but ran nothing in between, and dividing by its shorter
 * view would inflate its share by the wait. The window is as long as the spin
 * allows, since a guest's share is counted in whole turns of the scheduler:
 * with 128 guests on 2 pCPUs one turn is several percent of a short window.
 * The last sixteenth leaves room for the last guest's closing read, a round
 * of turns after the window ends.
 *
 * Over the whole spin the guest also counts the time it was charged as
 * running without running ("unseen", see look). The hypervisor cannot tell
 * that from work, charges it, and takes it back later as debt, not always
 * inside the window; the check allows for it, as it must.
 */
TEST(scale, spin_share)
{
	unsigned long seconds = xs_test_bootarg("spin", 0);
	unsigned long self = xs_test_bootarg("domid", 0);
	struct vcpu_runstate_info from, to;
	struct spin s = { .state = 0x2545f4914f6cdd1dull };
	uint64_t end, opened;

	REQUIRE(seconds >= 1 && seconds <= SPIN_SECONDS_MAX);
	REQUIRE(counter_frequency() > 0);
	end = seconds * counter_frequency();
	s.last = counter_read();
	REQUIRE(s.last < end / 2u); /* else: name more seconds, the guests start late */
	spin_until(end / 2u, &s);
	opened = counter_read();
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &from), 0);
	spin_until(end / 16u * 15u, &s);
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &to), 0);
	spin_until(end, &s);
	CHECK(to.time[RUNSTATE_running] > from.time[RUNSTATE_running]);
	printf("scale: d%lu window running_ns=%lu window_ns=%lu late_ns=%lu unseen_ns=%lu (%lx)\n",
	       self, (unsigned long)(to.time[RUNSTATE_running] - from.time[RUNSTATE_running]),
	       (unsigned long)counter_to_ns(end / 16u * 15u - end / 2u),
	       (unsigned long)counter_to_ns(opened - end / 2u), (unsigned long)s.unseen_ns,
	       (unsigned long)(s.state & 0xff));
}
