// SPDX-License-Identifier: MIT
/*
 * State of the CPU that one domain can write is never seen by another on the
 * same pCPU (the test's boot configuration pins two of these domains to one):
 * ACTLR_EL1 reads as zero whatever was written to it, and the active priority
 * registers of the virtual CPU interface (ICV_AP0R0_EL1, ICV_AP1R0_EL1) keep
 * each domain's own bits across thousands of switches to the other.
 */
#include <abi/sched.h>
#include <libos/arm64.h>
#include <libos/dt.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#define YIELDS 1000u

#define ISB() __asm__ volatile("isb" ::: "memory")

static void yield_many(void)
{
	for (unsigned int i = 0; i < YIELDS; i++) {
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	}
}

static bool second(void)
{
	const char *args = dt_bootargs();

	return args && strcmp(args, "second") == 0;
}

TEST(sysregs, actlr_reads_as_zero)
{
	WRITE_SYSREG(actlr_el1, ~0ull);
	ISB();
	CHECK_EQ(READ_SYSREG(actlr_el1), 0);
	yield_many(); /* the other domain writes it too */
	CHECK_EQ(READ_SYSREG(actlr_el1), 0);
}

/* ICC_AP0R0_EL1 and ICC_AP1R0_EL1 (the virtual ones, with HCR_EL2.FMO/IMO set):
 * one bit for each of the 32 preemption levels every GICv3 has. Each domain
 * marks levels of its own active; none of its interrupts is due meanwhile. */
TEST(sysregs, active_priorities_kept_across_switches)
{
	uint64_t ap0 = second() ? 1u << 5 : 1u << 3, ap1 = second() ? 1u << 6 : 1u << 4;
	uint64_t got0, got1;

	WRITE_SYSREG(S3_0_C12_C8_4, ap0);
	WRITE_SYSREG(S3_0_C12_C9_0, ap1);
	ISB();
	yield_many();
	got0 = READ_SYSREG(S3_0_C12_C8_4);
	got1 = READ_SYSREG(S3_0_C12_C9_0);
	WRITE_SYSREG(S3_0_C12_C8_4, 0);
	WRITE_SYSREG(S3_0_C12_C9_0, 0);
	ISB();
	CHECK_EQ(got0, ap0);
	CHECK_EQ(got1, ap1);
	printf("sysregs: active priorities kept across %u yields\n", YIELDS);
}
