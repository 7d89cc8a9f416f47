// SPDX-License-Identifier: MIT
/* CPU-bound work for the number of seconds bootargs names ("spin N"), then the vCPU's runstate. */
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/runstate.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_SECONDS 600
#define CHUNK 4096

/* "spin N" anywhere in bootargs: N, or 0 if absent or malformed. */
static unsigned long spin_seconds(void)
{
	const char *args = dt_bootargs();
	const char *word = args != NULL ? strstr(args, "spin ") : NULL;
	char *end;
	unsigned long seconds;

	if (word == NULL) {
		return 0;
	}
	seconds = strtoul(word + 5, &end, 10);
	if (end == word + 5 || (*end != '\0' && *end != ' ')) {
		return 0;
	}
	return seconds;
}

/* One step of a xorshift generator: work the compiler cannot fold away. */
static uint64_t xorshift(uint64_t x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* Work until the counter reaches deadline; returns the chunks of work done. */
static uint64_t spin_until(uint64_t deadline, uint64_t *state)
{
	uint64_t chunks = 0;

	while (counter_read() < deadline) {
		for (int i = 0; i < CHUNK; i++) {
			*state = xorshift(*state);
		}
		chunks++;
	}
	return chunks;
}

/*
 * Besides the totals at the end, the runstate is sampled a quarter and three
 * quarters into the spin: domains started a little apart all spin through
 * that middle window together, so the checks compare shares there.
 */
TEST(spin, work)
{
	uint64_t freq = counter_frequency();
	unsigned long seconds = spin_seconds();
	struct vcpu_runstate_info window_start;
	struct vcpu_runstate_info window_end;
	struct vcpu_runstate_info info;
	uint64_t state = 0x2545f4914f6cdd1dull;
	uint64_t chunks;
	uint64_t start;
	uint64_t span;
	uint64_t window[2];
	uint64_t elapsed_ns;

	REQUIRE(freq > 0);
	test_context("bootargs '%s'", dt_bootargs() != NULL ? dt_bootargs() : "(none)");
	REQUIRE(seconds >= 1 && seconds <= MAX_SECONDS);
	test_context(NULL);
	start = counter_read();
	span = seconds * freq;
	chunks = spin_until(start + span / 4, &state);
	window[0] = counter_read();
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &window_start), 0);
	chunks += spin_until(start + span / 4 * 3, &state);
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &window_end), 0);
	window[1] = counter_read();
	chunks += spin_until(start + span, &state);
	elapsed_ns = counter_to_ns(counter_read() - start);
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &info), 0);

	CHECK_EQ(info.state, RUNSTATE_running);
	CHECK(info.time[RUNSTATE_running] > 0);
	/* The vCPU has existed at least as long as it spun. */
	CHECK(runstate_total_ns(&info) >= elapsed_ns / 100 * 98);
	printf("spin: %lu chunks of work in %lu s, state %lx\n", (unsigned long)chunks, seconds,
	       (unsigned long)state);
	report_runstate_window(&window_start, &window_end, counter_to_ns(window[1] - window[0]));
	report_runstate(&info, elapsed_ns);
}
