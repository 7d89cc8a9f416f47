// SPDX-License-Identifier: MIT
/* PSCI calls to the firmware. At EL2 the only conduit is SMC. */
#include <abi/psci.h>
#include <arch.h>
#include <firmware.h>

static int64_t smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

int64_t firmware_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context)
{
	return smc(PSCI_0_2_CPU_ON_64, mpidr, entry.pa, context);
}

void arch_system_off(void)
{
	smc(PSCI_0_2_SYSTEM_OFF, 0, 0, 0);
	for (;;) {
		__asm__ volatile("wfi");
	}
}
