/* SPDX-License-Identifier: MIT */
/* PSCI and SMCCC function ids and return codes, as guests call them. */
#ifndef ABI_PSCI_H
#define ABI_PSCI_H

/*
 * Guests call PSCI with HVC #0 (the conduit their DT names) or SMC #0 (trapped
 * and handled the same way): function id in w0, arguments in x1..x3, result
 * in x0. Registers x1..x17 are preserved. Every call acts on the calling
 * domain only.
 */
#define PSCI_0_2_VERSION 0x84000000u
#define PSCI_0_2_CPU_SUSPEND_64 0xC4000001u
#define PSCI_0_2_CPU_OFF 0x84000002u
#define PSCI_0_2_CPU_ON_32 0x84000003u
#define PSCI_0_2_CPU_ON_64 0xC4000003u
#define PSCI_0_2_AFFINITY_INFO_32 0x84000004u
#define PSCI_0_2_AFFINITY_INFO_64 0xC4000004u
#define PSCI_0_2_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_0_2_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_SYSTEM_RESET 0x84000009u
#define PSCI_1_0_FEATURES 0x8400000Au
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u

/* Versions reported: PSCI 1.1, SMCCC 1.1, as (major << 16) | minor. */
#define PSCI_VERSION_REPORTED 0x00010001u
#define SMCCC_VERSION_REPORTED 0x00010001u

/* Return codes (sign-extended into x0). */
#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)
#define PSCI_INTERNAL_FAILURE (-6)
#define PSCI_NOT_PRESENT (-7)
#define PSCI_DISABLED (-8)
#define PSCI_INVALID_ADDRESS (-9)

/* AFFINITY_INFO results. */
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2

/* MIGRATE_INFO_TYPE result: no trusted OS, nothing to migrate. */
#define PSCI_MIGRATE_NOT_PRESENT 2

#endif
