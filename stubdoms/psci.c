// SPDX-License-Identifier: MIT
/* PSCI calls over the HVC #0 conduit. */
#include <abi/psci.h>
#include <libos/smccc.h>

int64_t psci_version(void)
{
	return (int64_t)smccc_hvc(PSCI_0_2_VERSION, 0, 0, 0);
}

int64_t psci_features(uint32_t fid)
{
	return (int64_t)smccc_hvc(PSCI_1_0_FEATURES, fid, 0, 0);
}

int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return (int64_t)smccc_hvc(PSCI_0_2_CPU_ON_64, mpidr, entry, context);
}

int64_t psci_cpu_off(void)
{
	return (int64_t)smccc_hvc(PSCI_0_2_CPU_OFF, 0, 0, 0);
}

int64_t psci_affinity_info(uint64_t mpidr, uint64_t lowest_level)
{
	return (int64_t)smccc_hvc(PSCI_0_2_AFFINITY_INFO_64, mpidr, lowest_level, 0);
}

int64_t psci_migrate_info_type(void)
{
	return (int64_t)smccc_hvc(PSCI_0_2_MIGRATE_INFO_TYPE, 0, 0, 0);
}
