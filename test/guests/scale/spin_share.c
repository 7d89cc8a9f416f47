// SPDX-License-Identifier: MIT
/*
 * CPU-bound work until the machine has run the seconds bootargs name
 * ("spin N"), and the share of a window of it that this vCPU ran, as the
 * hypervisor's runstate counts it. The line names the domain itself, as the one that holds the
 * serial input has its output passed on untagged (test/system/scale-check.bash).
 */
#include <libos/counter.h>
#include <libos/runstate.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <stdio.h>

#include "../xenstore/xs_test.h"

#define SPIN_SECONDS_MAX 600u
#define CHUNK 4096

/* Work the compiler cannot fold away until the counter reaches deadline. */
static void spin_until(uint64_t deadline, uint64_t *state)
{
	while (counter_read() < deadline) {
		for (int i = 0; i < CHUNK; i++) {
			*state ^= *state << 13;
			*state ^= *state >> 7;
			*state ^= *state << 17;
		}
	}
}

/*
 * The window is the same stretch of machine time for every guest: from half
 * to fifteen sixteenths of the seconds bootargs name, counted from the
 * machine's start (the counter every domain reads), and the spin ends at the
 * whole. So every guest spins through all of it together, however far apart
 * they started; one that starts only after the window opened fails, saying
 * so. The window is as long as the spin allows, since a guest's share is
 * counted in whole turns of the scheduler: with 128 guests on 2 pCPUs one
 * turn is several percent of a short window. The last sixteenth leaves room
 * for the last guest's closing read, a round of turns after the window ends.
 */
TEST(scale, spin_share)
{
	unsigned long seconds = xs_test_bootarg("spin", 0);
	unsigned long self = xs_test_bootarg("domid", 0);
	struct vcpu_runstate_info from, to;
	uint64_t state = 0x2545f4914f6cdd1dull;
	uint64_t end, window[2];

	REQUIRE(seconds >= 1 && seconds <= SPIN_SECONDS_MAX);
	REQUIRE(counter_frequency() > 0);
	end = seconds * counter_frequency();
	REQUIRE(counter_read() < end / 2u); /* else: name more seconds, the guests start late */
	spin_until(end / 2u, &state);
	window[0] = counter_read();
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &from), 0);
	spin_until(end / 16u * 15u, &state);
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &to), 0);
	window[1] = counter_read();
	spin_until(end, &state);
	CHECK(to.time[RUNSTATE_running] > from.time[RUNSTATE_running]);
	printf("scale: d%lu window running_ns=%lu elapsed_ns=%lu (%lx)\n", self,
	       (unsigned long)(to.time[RUNSTATE_running] - from.time[RUNSTATE_running]),
	       (unsigned long)counter_to_ns(window[1] - window[0]), (unsigned long)(state & 0xff));
}
