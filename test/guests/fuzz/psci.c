// SPDX-License-Identifier: MIT
/* Random PSCI calls through the SMCCC conduit, less those that would stop the fuzzer's vCPU. */
#include <abi/psci.h>
#include <libos/smccc.h>

#include "fuzz.h"

/* SYSTEM_OFF, SYSTEM_RESET, CPU_OFF (of the only vCPU), and any suspend: the fuzzer's end. */
static bool ends_fuzzer(uint64_t fid)
{
	/* The id is W0 (SMCCC): the upper half of X0 is ignored; 32- and 64-bit forms alike. */
	uint64_t fn = fid & 0xBFFFFFFFull;

	return fn == PSCI_0_2_CPU_OFF || fn == PSCI_0_2_SYSTEM_OFF || fn == PSCI_0_2_SYSTEM_RESET ||
	       fn == 0x84000001u /* CPU_SUSPEND */ || fn == 0x8400000Eu /* SYSTEM_SUSPEND */ ||
	       fn == 0x84000012u /* SYSTEM_RESET2 */;
}

void fuzz_psci(void)
{
	static const uint64_t fids[] = {
		PSCI_0_2_VERSION,
		PSCI_0_2_CPU_ON_32,
		PSCI_0_2_CPU_ON_64,
		PSCI_0_2_AFFINITY_INFO_32,
		PSCI_0_2_AFFINITY_INFO_64,
		PSCI_0_2_MIGRATE_INFO_TYPE,
		PSCI_1_0_FEATURES,
		0x84000005u,
		0x84000007u,
		0xC4000005u,
		0x8400001Fu,
		0x80000000u,
		0x80000001u,
		0x86000000u,
		0xC2000000u,
		0xFFFFFFFFu,
	};
	static const uint64_t mpidrs[] = { 0x80000000ull,  0, 1, 0x80000001ull, 0x80000100ull,
					   0xFF00FFFFFFull };
	uint64_t fid = fuzz_pick(fids, sizeof(fids) / sizeof(fids[0]));
	uint64_t a1 = fuzz_one_in(2) ? fuzz_pick(mpidrs, sizeof(mpidrs) / sizeof(mpidrs[0]))
				     : fuzz_value();

	if (fuzz_one_in(8)) {
		fid = 0x84000000u + fuzz_below(0x20) + (fuzz_one_in(2) ? 0x40000000u : 0);
	}
	if (ends_fuzzer(fid)) {
		fid = PSCI_0_2_VERSION;
	}
	/* The only vCPU is on: CPU_ON gets ALREADY_ON or a refusal, whatever the entry. */
	(void)smccc_hvc(fid, a1, fuzz_one_in(2) ? fuzz_value() : fuzz_pointer(), fuzz_value());
}
