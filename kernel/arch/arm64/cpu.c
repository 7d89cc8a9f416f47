// SPDX-License-Identifier: MIT
/*
 * pCPU bring-up and the per-pCPU services the scheduler uses: who am I,
 * kick another pCPU (an SGI), and wait for work (WFI with interrupts masked:
 * a pending interrupt still ends the wait).
 */
#include <arch.h>
#include <cpu.h>
#include <cpu_layout.h>
#include <domain.h>
#include <firmware.h>
#include <gicv3.h>
#include <irq.h>
#include <lib.h>
#include <pcpu.h>
#include <sched.h>
#include <sysreg.h>
#include <vgic.h>

#define CPTR_EL2_RES1 0x33ffull /* bits 13:12, 9:0; TFP (bit 10) clear: FP not trapped */
/* Activity monitors trapped: hidden from the ID registers, so an access is
 * UNDEF (sysreg_emul.c). RES0, and ignored, without them. */
#define CPTR_EL2_TAM (1ull << 30)
#define CNTHCTL_EL1PCTEN (1ull << 0) /* EL1 may read the physical counter */
#define SECONDARY_WAIT_LOOPS 100000000ull

extern char boot_stacks[], secondary_entry[];

_Static_assert(__builtin_offsetof(struct pcpu, current) == PCPU_CURRENT, "trap entry layout");
_Static_assert(__builtin_offsetof(struct pcpu, stack_top) == PCPU_STACK_TOP, "trap entry layout");

struct pcpu *this_pcpu(void)
{
	return (struct pcpu *)(uintptr_t)read_sysreg(tpidr_el2);
}

unsigned int arch_cpu_index(void)
{
	struct pcpu *p = this_pcpu();

	return p ? p->index : 0;
}

/*
 * WFE sleeps until an event: the holder's store that frees the word clears
 * the exclusive monitor the load-exclusive armed, which is one. A waiter then
 * neither hammers the line nor, where pCPUs are themselves time-shared
 * (emulated, or under another hypervisor), keeps the CPU the holder needs.
 */
void arch_wait_until_zero(const uint32_t *word)
{
	__asm__ volatile("sevl\n1: wfe\n ldxr w16, [%0]\n cbnz w16, 1b" ::"r"(word)
			 : "x16", "memory");
}

void arch_pcpu_kick(unsigned int index)
{
	gic_send_sgi(pcpus[index].mpidr, SGI_KICK);
}

/* Wait, with interrupts masked, until something may have become runnable. */
static void arch_pcpu_idle(void)
{
	__asm__ volatile("dsb sy; wfi" : : : "memory");
	irq_handle(NULL);
}

struct vcpu *cpu_next_vcpu(struct pcpu *p)
{
	struct vcpu *v;

	while (!(v = sched_next(p)) || domain_prepare_step(v)) {
		if (v || domain_reap_some()) {
			irq_handle(NULL); /* between two steps of a build or a reap: what came
					     meanwhile */
		} else if (!__atomic_load_n(&p->resched, __ATOMIC_ACQUIRE)) {
			/* A domain rebuilt just now may have queued its vCPU here, unkicked. */
			arch_pcpu_idle();
		}
	}
	vgic_flush(v);
	return v;
}

bool cpu_init_el2(unsigned int index)
{
	struct pcpu *p = &pcpus[index];
	uint64_t pmu_counters = (read_sysreg(pmcr_el0) >> 11) & 0x1f;

	p->index = index;
	p->mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	p->stack_top = (uint64_t)(uintptr_t)(boot_stacks + (index + 1) * STACK_SIZE);
	write_sysreg(tpidr_el2, (uintptr_t)p);
	write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_EL2_TAM);
	write_sysreg(mdcr_el2,
		     MDCR_TPMCR | MDCR_TPM | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA | pmu_counters);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vtcr_el2, VTCR_GUEST | (arch_vmid_count() > 256 ? VTCR_VS : 0));
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	vgic_init_cpu();
	return gic_init_cpu(p->mpidr);
}

void secondary_main(unsigned long index)
{
	struct pcpu *p = &pcpus[index];

	if (!cpu_init_el2((unsigned int)index)) {
		log_info("CPU %lu: no redistributor, staying offline", index);
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	__atomic_store_n(&p->online, true, __ATOMIC_RELEASE);
	guest_enter(cpu_next_vcpu(p));
}

void cpu_start_secondaries(const struct boot_info *bi)
{
	paddr_t entry = arch_va_to_pa(secondary_entry);

	for (unsigned int i = 1; i < bi->cpu_count; i++) {
		int64_t err = firmware_cpu_on(bi->cpu_mpidr[i], entry, i);
		uint64_t loops = 0;

		if (err != 0) {
			log_info("CPU %u (MPIDR %#lx) did not start: PSCI %ld", i,
				 (unsigned long)bi->cpu_mpidr[i], (long)err);
			continue;
		}
		while (!__atomic_load_n(&pcpus[i].online, __ATOMIC_ACQUIRE) &&
		       loops++ < SECONDARY_WAIT_LOOPS) {
		}
	}
}
