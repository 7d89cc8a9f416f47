// SPDX-License-Identifier: MIT
/* Each vCPU has its own timer: two vCPUs tick at different rates at once; counters agree. */
#include <abi/guest_layout.h>
#include <abi/psci.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <libos/timer.h>
#include <libos/wait.h>
#include <stdio.h>

#include "../common/irq_setup.h"

#define BOOT_HZ 50
#define SECONDARY_HZ 200
#define WINDOW_MS 600
#define WAIT_SECONDS 20

/* Shared between vCPU 0 and vCPU 1; accessed with atomics. */
static uint64_t boot_stamp;       /* a counter value vCPU 0 read before starting vCPU 1 */
static uint64_t secondary_stamp;  /* a counter value vCPU 1 read after seeing boot_stamp */
static uint64_t secondary_ticks;  /* ticks vCPU 1 counted over its window */
static uint64_t secondary_window; /* that window, in counter ticks */
static uint64_t secondary_ok;     /* 1: set-up worked, 2: failed; 0 while running */

static bool counter_passed(void *deadline)
{
	return counter_read() >= *(uint64_t *)deadline;
}

/* vCPU 1: its own periodic timer over a window, sleeping in WFI between ticks. */
static void secondary_main(uint64_t context)
{
	uint64_t start;
	uint64_t end;
	uint64_t fired;

	(void)context;
	__atomic_store_n(&secondary_stamp, counter_read(), __ATOMIC_RELEASE);
	if (__atomic_load_n(&boot_stamp, __ATOMIC_ACQUIRE) > secondary_stamp ||
	    !irq_setup_secondary()) {
		__atomic_store_n(&secondary_ok, 2, __ATOMIC_RELEASE);
		return;
	}
	fired = timer_fired_count();
	start = counter_read();
	end = start + counter_from_ns(WINDOW_MS * 1000000ull);
	(void)timer_periodic_start(SECONDARY_HZ, NULL, NULL);
	(void)wait_event(counter_passed, &end);
	end = counter_read();
	timer_stop();
	__atomic_store_n(&secondary_ticks, timer_fired_count() - fired, __ATOMIC_RELAXED);
	__atomic_store_n(&secondary_window, end - start, __ATOMIC_RELAXED);
	__atomic_store_n(&secondary_ok, 1, __ATOMIC_RELEASE);
}

static bool secondary_done(void *unused)
{
	(void)unused;
	return __atomic_load_n(&secondary_ok, __ATOMIC_ACQUIRE) != 0;
}

/* Whether ticks over window (counter ticks) matches hz within 2%, give or take one tick. */
static bool rate_matches(uint64_t ticks, uint64_t window, uint64_t hz)
{
	uint64_t expected = window * hz / counter_frequency();

	return ticks * 50 + 50 >= expected * 49 && ticks * 50 <= expected * 51 + 50;
}

TEST(timer, secondary_vcpu)
{
	uint64_t fired;
	uint64_t start;
	uint64_t end;
	uint64_t ticks;
	uint64_t after;

	REQUIRE(dt_cpu_count() >= 2);
	REQUIRE(irq_setup_boot());
	smp_set_secondary_main(secondary_main);
	__atomic_store_n(&boot_stamp, counter_read(), __ATOMIC_RELEASE);
	REQUIRE_EQ(psci_cpu_on(GUEST_MPIDR(1), smp_secondary_entry(), 0), PSCI_SUCCESS);

	fired = timer_fired_count();
	start = counter_read();
	end = start + counter_from_ns(WINDOW_MS * 1000000ull);
	REQUIRE_EQ(timer_periodic_start(BOOT_HZ, NULL, NULL), 0);
	(void)wait_event(counter_passed, &end);
	end = counter_read();
	timer_stop();
	ticks = timer_fired_count() - fired;

	REQUIRE(test_wait_until(secondary_done, NULL, WAIT_SECONDS));
	REQUIRE_EQ(__atomic_load_n(&secondary_ok, __ATOMIC_ACQUIRE), 1);
	/* Read after vCPU 1's stamp was published: the same counter on both vCPUs (same CNTVOFF).
	 */
	after = counter_read();
	CHECK(after >= __atomic_load_n(&secondary_stamp, __ATOMIC_RELAXED));

	test_context("vCPU 0: %lu ticks at %d Hz in %lu", (unsigned long)ticks, BOOT_HZ,
		     (unsigned long)(end - start));
	CHECK(rate_matches(ticks, end - start, BOOT_HZ));
	test_context("vCPU 1: %lu ticks at %d Hz in %lu", (unsigned long)secondary_ticks,
		     SECONDARY_HZ, (unsigned long)secondary_window);
	CHECK(rate_matches(secondary_ticks, secondary_window, SECONDARY_HZ));
	test_context(NULL);
	printf("timer: vCPU 0 %lu ticks at %d Hz, vCPU 1 %lu ticks at %d Hz\n",
	       (unsigned long)ticks, BOOT_HZ, (unsigned long)secondary_ticks, SECONDARY_HZ);
}
