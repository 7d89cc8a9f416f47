// SPDX-License-Identifier: MIT
/* vCPU 1 starts with CPU_ON, runs, switches itself off with CPU_OFF, and can start again. */
#include <abi/guest_layout.h>
#include <abi/psci.h>
#include <abi/sched.h>
#include <libos/arm64.h>
#include <libos/dt.h>
#include <libos/hypercall.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <libos/test.h>

#define FIRST_CONTEXT 0x5ec0dc0de0000001ull
#define SECOND_CONTEXT 0x5ec0dc0de0000002ull
#define WAIT_SECONDS 10

/* Shared between vCPU 0 and vCPU 1; accessed with atomics. */
static uint64_t secondary_context; /* the context id vCPU 1 last started with */
static uint64_t secondary_mpidr;   /* vCPU 1's MPIDR (affinity and bit 31), as it reads it */
static uint32_t secondary_runs;    /* how many times vCPU 1 has started */
static uint32_t secondary_stop;    /* set by vCPU 0: return (and so CPU_OFF) */

/* vCPU 1, with its MMU on: report in, then yield until told to stop. */
static void secondary_main(uint64_t context)
{
	__atomic_store_n(&secondary_mpidr, READ_SYSREG(mpidr_el1) & (MPIDR_AFF_MASK | MPIDR_RES1),
			 __ATOMIC_RELAXED);
	__atomic_add_fetch(&secondary_runs, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&secondary_context, context, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&secondary_stop, __ATOMIC_ACQUIRE)) {
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	}
	/* Returning makes smp_secondary_main call PSCI CPU_OFF. */
}

static bool secondary_reported(void *context)
{
	return __atomic_load_n(&secondary_context, __ATOMIC_ACQUIRE) == *(uint64_t *)context;
}

static bool secondary_is_off(void *unused)
{
	(void)unused;
	return psci_affinity_info(GUEST_MPIDR(1), 0) == PSCI_AFFINITY_OFF;
}

/* Start vCPU 1 with context and wait until it has run; false (after a FAIL) if not. */
static bool start_secondary_with(uint64_t context)
{
	__atomic_store_n(&secondary_stop, 0, __ATOMIC_RELEASE);
	if (!CHECK_EQ(psci_cpu_on(GUEST_MPIDR(1), smp_secondary_entry(), context), PSCI_SUCCESS)) {
		return false;
	}
	return CHECK(test_wait_until(secondary_reported, &context, WAIT_SECONDS));
}

/* Tell vCPU 1 to stop and wait until PSCI reports it off. */
static bool stop_secondary(void)
{
	__atomic_store_n(&secondary_stop, 1, __ATOMIC_RELEASE);
	return CHECK(test_wait_until(secondary_is_off, NULL, WAIT_SECONDS));
}

TEST(psci, cpu_on)
{
	REQUIRE_EQ(dt_cpu_count(), 2);
	smp_set_secondary_main(secondary_main);
	CHECK_EQ(psci_affinity_info(GUEST_MPIDR(1), 0), PSCI_AFFINITY_OFF);

	REQUIRE(start_secondary_with(FIRST_CONTEXT));
	CHECK_EQ(__atomic_load_n(&secondary_mpidr, __ATOMIC_RELAXED), 0x80000001);
	CHECK_EQ(psci_affinity_info(GUEST_MPIDR(1), 0), PSCI_AFFINITY_ON);
	CHECK_EQ(psci_cpu_on(GUEST_MPIDR(1), smp_secondary_entry(), FIRST_CONTEXT),
		 PSCI_ALREADY_ON);
	REQUIRE(stop_secondary());

	/* A vCPU that switched itself off can be started again, from scratch. */
	__atomic_store_n(&secondary_context, 0, __ATOMIC_RELEASE);
	REQUIRE(start_secondary_with(SECOND_CONTEXT));
	CHECK_EQ(__atomic_load_n(&secondary_runs, __ATOMIC_RELAXED), 2);
	REQUIRE(stop_secondary());
}
