// SPDX-License-Identifier: MIT
/*
 * PSCI 1.1 and SMCCC 1.1 for guests. Every function acts on the calling
 * domain only: its vCPUs are named by MPIDR, entry points must lie in its RAM.
 */
#include <abi/psci.h>
#include <abi/sched.h>
#include <domain.h>
#include <hypercall.h>
#include <sched.h>

static bool is_32bit(uint32_t fid)
{
	return !(fid & 0x40000000u);
}

static int64_t cpu_on(struct vcpu *v, uint32_t fid)
{
	uint64_t mask = is_32bit(fid) ? 0xffffffffull : ~0ull;
	uint64_t target = v->regs.x[1] & mask, entry = v->regs.x[2] & mask;
	uint64_t context = v->regs.x[3] & mask;
	struct vcpu *t = domain_vcpu_by_mpidr(v->domain, target);

	if (!t) {
		return PSCI_INVALID_PARAMETERS;
	}
	if ((entry & 3) || !domain_ipa_is_ram(v->domain, ipa_make(entry))) {
		return PSCI_INVALID_ADDRESS;
	}
	return sched_vcpu_start(t, ipa_make(entry), context) < 0 ? PSCI_ALREADY_ON : PSCI_SUCCESS;
}

static int64_t affinity_info(struct vcpu *v, uint32_t fid)
{
	uint64_t mask = is_32bit(fid) ? 0xffffffffull : ~0ull;
	struct vcpu *t;

	if (v->regs.x[2] != 0) {
		return PSCI_INVALID_PARAMETERS; /* only level 0 (a single vCPU) exists */
	}
	t = domain_vcpu_by_mpidr(v->domain, v->regs.x[1] & mask);
	if (!t) {
		return PSCI_INVALID_PARAMETERS;
	}
	return sched_vcpu_online(t) ? PSCI_AFFINITY_ON : PSCI_AFFINITY_OFF;
}

/* A domain whose last vCPU turned itself off can never run again: end it. */
static void cpu_off(struct vcpu *v)
{
	if (sched_vcpu_stop(v)) {
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
	}
}

static bool implemented(uint32_t fid)
{
	switch (fid) {
	case PSCI_0_2_VERSION:
	case PSCI_0_2_CPU_OFF:
	case PSCI_0_2_CPU_ON_32:
	case PSCI_0_2_CPU_ON_64:
	case PSCI_0_2_AFFINITY_INFO_32:
	case PSCI_0_2_AFFINITY_INFO_64:
	case PSCI_0_2_MIGRATE_INFO_TYPE:
	case PSCI_0_2_SYSTEM_OFF:
	case PSCI_0_2_SYSTEM_RESET:
	case PSCI_1_0_FEATURES:
	case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

static int64_t psci(struct vcpu *v, uint32_t fid)
{
	switch (fid) {
	case PSCI_0_2_VERSION:
		return PSCI_VERSION_REPORTED;
	case PSCI_0_2_CPU_ON_32:
	case PSCI_0_2_CPU_ON_64:
		return cpu_on(v, fid);
	case PSCI_0_2_CPU_OFF:
		cpu_off(v);
		return PSCI_SUCCESS;
	case PSCI_0_2_AFFINITY_INFO_32:
	case PSCI_0_2_AFFINITY_INFO_64:
		return affinity_info(v, fid);
	case PSCI_0_2_MIGRATE_INFO_TYPE:
		return PSCI_MIGRATE_NOT_PRESENT;
	case PSCI_0_2_SYSTEM_OFF:
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
		return PSCI_SUCCESS;
	case PSCI_0_2_SYSTEM_RESET:
		domain_shutdown(v->domain, SHUTDOWN_reboot);
		return PSCI_SUCCESS;
	case PSCI_1_0_FEATURES:
		return implemented((uint32_t)v->regs.x[1]) && !(v->regs.x[1] >> 32)
			       ? PSCI_SUCCESS
			       : PSCI_NOT_SUPPORTED;
	case SMCCC_VERSION:
		return SMCCC_VERSION_REPORTED;
	default:
		/* SMCCC_ARCH_FEATURES included: no workaround is advertised. */
		return PSCI_NOT_SUPPORTED;
	}
}

void vpsci_call(struct vcpu *v)
{
	v->regs.x[0] = (uint64_t)psci(v, (uint32_t)v->regs.x[0]);
}
