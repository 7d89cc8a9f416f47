// SPDX-License-Identifier: MIT
/* PSCI and SMCCC over HVC #0 with bad MPIDRs, entry points, levels and function ids. */
#include <abi/guest_layout.h>
#include <abi/psci.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <libos/test.h>

#include "hostile.h"

#define SMCCC_ARCH_WORKAROUND_1 0x80008000u

TEST(hostile, psci)
{
	uint64_t entry = smp_secondary_entry();

	CHECK_EQ(psci_cpu_on(0x80000005, entry, 0), PSCI_INVALID_PARAMETERS);
	CHECK_EQ(psci_cpu_on(0xFFFFFFFF, entry, 0), PSCI_INVALID_PARAMETERS);
	CHECK_EQ(psci_cpu_on(GUEST_MPIDR(0), entry, 0), PSCI_ALREADY_ON);

	/* Entry points outside the domain's RAM; vCPU 1 must stay off. */
	CHECK_EQ(psci_cpu_on(GUEST_MPIDR(1), HOSTILE_HOLE_IPA, 0), PSCI_INVALID_ADDRESS);
	CHECK_EQ(psci_cpu_on(GUEST_MPIDR(1), 0xFFFFFFFFFFFFF000ull, 0), PSCI_INVALID_ADDRESS);
	CHECK_EQ(psci_affinity_info(GUEST_MPIDR(1), 0), PSCI_AFFINITY_OFF);

	CHECK_EQ(psci_affinity_info(GUEST_MPIDR(0), 1), PSCI_INVALID_PARAMETERS);
	CHECK_EQ(psci_affinity_info(GUEST_MPIDR(0), 3), PSCI_INVALID_PARAMETERS);
	CHECK_EQ(psci_affinity_info(0x80000007, 0), PSCI_INVALID_PARAMETERS);

	CHECK_EQ(smccc_hvc(0x8400FFFFu, 0, 0, 0), PSCI_NOT_SUPPORTED);
	CHECK_EQ(psci_migrate_info_type(), PSCI_MIGRATE_NOT_PRESENT);
	CHECK_EQ(smccc_hvc(SMCCC_VERSION, 0, 0, 0), 0x10001);
	CHECK_EQ(smccc_hvc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0), PSCI_NOT_SUPPORTED);
}
