// SPDX-License-Identifier: MIT
/* vCPU identity and the C entry of secondary vCPUs. */
#include <abi/psci.h>
#include <abi/sched.h>
#include <libos/arm64.h>
#include <libos/libos.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <stddef.h>

/* Written by the boot vCPU before CPU_ON, read by the started vCPU once its MMU is on. */
static void (*smp_secondary_fn)(uint64_t context);

/* The PSCI CPU_ON entry point in start.S. */
extern const char start_secondary[];

unsigned int smp_cpu_id(void)
{
	/* The same index start.S uses for the stacks: Aff2..Aff0, below LIBOS_MAX_CPUS. */
	return (unsigned int)(READ_SYSREG(mpidr_el1) & 0xffffff);
}

void smp_set_secondary_main(void (*fn)(uint64_t context))
{
	__atomic_store_n(&smp_secondary_fn, fn, __ATOMIC_RELEASE);
}

uintptr_t smp_secondary_entry(void)
{
	return (uintptr_t)start_secondary;
}

void smp_secondary_main(uint64_t context)
{
	void (*fn)(uint64_t) = __atomic_load_n(&smp_secondary_fn, __ATOMIC_ACQUIRE);

	if (fn != NULL) {
		fn(context);
	}
	psci_cpu_off();
	/* CPU_OFF does not return unless it failed, which leaves no sane state. */
	libos_shutdown(SHUTDOWN_crash);
}
