// SPDX-License-Identifier: MIT
/*
 * Every vCPU the domain has runs: vCPU 0 starts each of the others with
 * CPU_ON, each marks itself in a shared mask and switches itself off, and
 * vCPU 0 waits until all have marked and PSCI reports them all off. Many
 * domains of this guest at once show the scheduler takes as many vCPUs as
 * memory holds (system.vcpus_many).
 */
#include <abi/guest_layout.h>
#include <abi/psci.h>
#include <libos/config.h>
#include <libos/dt.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <stdio.h>

#define WAIT_SECONDS 60

static uint32_t ran; /* bit i: vCPU i ran; atomics */

static void secondary_main(uint64_t index)
{
	__atomic_or_fetch(&ran, 1u << index, __ATOMIC_RELEASE);
	/* Returning makes smp_secondary_main call PSCI CPU_OFF. */
}

static bool all_ran(void *mask)
{
	return __atomic_load_n(&ran, __ATOMIC_ACQUIRE) == *(uint32_t *)mask;
}

static bool all_off(void *count)
{
	for (unsigned int i = 1; i < *(unsigned int *)count; i++) {
		if (psci_affinity_info(GUEST_MPIDR(i), 0) != PSCI_AFFINITY_OFF) {
			return false;
		}
	}
	return true;
}

TEST(psci, every_vcpu_runs)
{
	int cpus = dt_cpu_count();
	unsigned int count = cpus > 0 ? (unsigned int)cpus : 0;
	uint32_t want = (1u << count) - 2; /* vCPUs 1..count-1 */

	REQUIRE(count >= 2 && count <= LIBOS_MAX_CPUS);
	smp_set_secondary_main(secondary_main);
	for (unsigned int i = 1; i < count; i++) {
		CHECK_EQ(psci_cpu_on(GUEST_MPIDR(i), smp_secondary_entry(), i), PSCI_SUCCESS);
	}
	REQUIRE(test_wait_until(all_ran, &want, WAIT_SECONDS));
	REQUIRE(test_wait_until(all_off, &count, WAIT_SECONDS));
	printf("psci: all %u vCPUs ran\n", count);
}
