/* SPDX-License-Identifier: MIT */
/* SMCCC conduits (smccc.S) and PSCI calls (psci.c), see abi/psci.h. */
#ifndef LIBOS_SMCCC_H
#define LIBOS_SMCCC_H

#include <stdint.h>

/** HVC #0 with the function id in x0 and arguments in x1..x3; returns x0 as is. */
uint64_t smccc_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/** SMC #0, otherwise as smccc_hvc. */
uint64_t smccc_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/*
 * PSCI over HVC #0. Results are x0 read as a signed 64-bit number: the ABI
 * sign-extends return codes into x0, so -1 is PSCI_NOT_SUPPORTED only if all
 * 64 bits say so.
 */

/** PSCI_VERSION: (major << 16) | minor. */
int64_t psci_version(void);

/** PSCI_FEATURES: 0 (or feature flags) if fid is implemented, PSCI_NOT_SUPPORTED otherwise. */
int64_t psci_features(uint32_t fid);

/** CPU_ON (64-bit): start the vCPU whose MPIDR is mpidr at entry, with x0 = context. */
int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);

/** CPU_OFF: does not return on success. */
int64_t psci_cpu_off(void);

/** AFFINITY_INFO (64-bit): PSCI_AFFINITY_ON, _OFF, _ON_PENDING or an error. */
int64_t psci_affinity_info(uint64_t mpidr, uint64_t lowest_level);

/** MIGRATE_INFO_TYPE. */
int64_t psci_migrate_info_type(void);

#endif
