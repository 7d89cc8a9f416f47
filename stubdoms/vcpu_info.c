// SPDX-License-Identifier: MIT
/* Per-vCPU vcpu_info slots and their registration with the core. */
#include <abi/vcpu.h>
#include <libos/config.h>
#include <libos/hypercall.h>
#include <libos/shared_info.h>
#include <libos/smp.h>
#include <libos/vcpu_info.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Locking: none. Each vCPU registers only its own slot and sets its own
 * flag (release); readers on other vCPUs load the flag with acquire.
 */

#define VCPU_INFO_PAGE 4096u

/* Each 48-byte vcpu_info in a 64-byte aligned slot, so it never straddles a page (the core
 * refuses one that does). */
struct vcpu_info_slot {
	struct vcpu_info info;
} __attribute__((aligned(64)));

static struct vcpu_info_slot vcpu_info_slots[LIBOS_MAX_CPUS];
static bool vcpu_info_registered[LIBOS_MAX_CPUS];

long vcpu_info_register(void)
{
	unsigned int cpu = smp_cpu_id();
	uintptr_t va = (uintptr_t)&vcpu_info_slots[cpu].info;
	struct vcpu_register_vcpu_info arg = {
		.mfn = va / VCPU_INFO_PAGE,
		.offset = (uint32_t)(va % VCPU_INFO_PAGE),
		.rsvd = 0,
	};
	long rc = hypercall_vcpu_op(VCPUOP_register_vcpu_info, cpu, &arg);

	if (rc == 0) {
		__atomic_store_n(&vcpu_info_registered[cpu], true, __ATOMIC_RELEASE);
	}
	return rc;
}

struct vcpu_info *vcpu_info_slot(unsigned int cpu)
{
	return cpu < LIBOS_MAX_CPUS ? &vcpu_info_slots[cpu].info : NULL;
}

struct vcpu_info *vcpu_info_of(unsigned int cpu)
{
	struct shared_info *shared;

	if (cpu >= LIBOS_MAX_CPUS) {
		return NULL;
	}
	if (__atomic_load_n(&vcpu_info_registered[cpu], __ATOMIC_ACQUIRE)) {
		return &vcpu_info_slots[cpu].info;
	}
	shared = shared_info_get();
	return cpu == 0 && shared != NULL ? &shared->vcpu_info[0] : NULL;
}
