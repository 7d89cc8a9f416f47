// SPDX-License-Identifier: MIT
/* Two vCPUs spin for 3 s without ever yielding; both make progress however oversubscribed. */
#include <abi/guest_layout.h>
#include <abi/psci.h>
#include <abi/vcpu.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/runstate.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <stdio.h>

#define SECONDS 3
#define WAIT_SECONDS 60
/* Increments between counter reads. */
#define CHUNK 4096u
/* Each vCPU gets ~1/3 of a pCPU in the oversubscribed test: millions of increments at least. */
#define MIN_COUNT 1000000u
/* Neither vCPU of the domain may fall this many times behind the other. */
#define MAX_SKEW 8u

/** One vCPU's progress, on a cache line of its own. */
struct progress {
	_Alignas(64) uint64_t count;
	uint64_t done;
};

static struct progress progress[2];
static uint64_t progress_deadline; /* set by vCPU 0 before starting vCPU 1 */

/* Count until the deadline, publishing each increment; no hypercall, WFI or yield. */
static void spin_count(struct progress *p, uint64_t deadline)
{
	uint64_t count = 0;

	for (;;) {
		for (unsigned int i = 0; i < CHUNK; i++) {
			__atomic_store_n(&p->count, ++count, __ATOMIC_RELAXED);
		}
		if (counter_read() >= deadline) {
			break;
		}
	}
	__atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
}

static void secondary_main(uint64_t context)
{
	(void)context;
	spin_count(&progress[1], __atomic_load_n(&progress_deadline, __ATOMIC_ACQUIRE));
}

static bool secondary_done(void *unused)
{
	(void)unused;
	return __atomic_load_n(&progress[1].done, __ATOMIC_ACQUIRE) != 0;
}

static bool secondary_off(void *unused)
{
	(void)unused;
	return psci_affinity_info(GUEST_MPIDR(1), 0) == PSCI_AFFINITY_OFF;
}

TEST(progress, both_vcpus)
{
	uint64_t freq = counter_frequency();
	struct vcpu_runstate_info info;
	uint64_t counts[2];

	REQUIRE(freq > 0);
	REQUIRE(dt_cpu_count() >= 2);
	__atomic_store_n(&progress_deadline, counter_read() + SECONDS * freq, __ATOMIC_RELEASE);
	smp_set_secondary_main(secondary_main);
	REQUIRE_EQ(psci_cpu_on(GUEST_MPIDR(1), smp_secondary_entry(), 0), PSCI_SUCCESS);
	spin_count(&progress[0], progress_deadline);
	REQUIRE(test_wait_until(secondary_done, NULL, WAIT_SECONDS));
	counts[0] = __atomic_load_n(&progress[0].count, __ATOMIC_RELAXED);
	counts[1] = __atomic_load_n(&progress[1].count, __ATOMIC_RELAXED);
	printf("progress: vcpu0=%lu vcpu1=%lu\n", (unsigned long)counts[0],
	       (unsigned long)counts[1]);
	CHECK(counts[0] >= MIN_COUNT);
	CHECK(counts[1] >= MIN_COUNT);
	CHECK(counts[0] <= counts[1] * MAX_SKEW);
	CHECK(counts[1] <= counts[0] * MAX_SKEW);

	/* vCPU 1 has run, and once it has switched itself off its runstate says so. */
	REQUIRE(test_wait_until(secondary_off, NULL, WAIT_SECONDS));
	REQUIRE_EQ(runstate_get(1, &info), 0);
	CHECK_EQ(info.state, RUNSTATE_offline);
	CHECK(info.time[RUNSTATE_running] > 0);
}
