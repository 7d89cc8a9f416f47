// SPDX-License-Identifier: MIT
/* Cache and TLB maintenance, and the core's identity map of physical memory. */
#include <arch.h>
#include <sysreg.h>

void *arch_pa_to_va(paddr_t pa)
{
	return (void *)(uintptr_t)pa.pa;
}

paddr_t arch_va_to_pa(const void *va)
{
	return pa_make((uint64_t)(uintptr_t)va);
}

static uint64_t dcache_line(void)
{
	/* CTR_EL0.DminLine: log2 of the smallest data cache line, in words. */
	return 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

void arch_dcache_clean(const void *va, size_t len)
{
	uint64_t line = dcache_line();
	uint64_t p = ALIGN_DOWN((uint64_t)(uintptr_t)va, line);
	uint64_t end = (uint64_t)(uintptr_t)va + len;

	for (; p < end; p += line) {
		__asm__ volatile("dc cvac, %0" : : "r"(p) : "memory");
	}
	dsb_sy();
}

void arch_icache_invalidate(void)
{
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb_ish();
	isb();
}

/* ID_AA64MMFR1_EL1.VMIDBits (bits 7:4) is 2 when the CPU has 16-bit VMIDs; cpu.c then sets
 * VTCR_EL2.VS, so VTTBR_EL2 takes all 16 bits. */
uint32_t arch_vmid_count(void)
{
	return ((read_sysreg(id_aa64mmfr1_el1) >> 4) & 0xf) == 2 ? 1u << 16 : 1u << 8;
}

/* TLB maintenance for stage 2 acts on the VMID in VTTBR_EL2: borrow it. */
static uint64_t borrow_vmid(uint16_t vmid)
{
	uint64_t saved = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, (uint64_t)vmid << 48);
	isb();
	return saved;
}

static void return_vmid(uint64_t saved)
{
	write_sysreg(vttbr_el2, saved);
	isb();
}

void arch_tlb_flush_vmid(uint16_t vmid)
{
	uint64_t saved = borrow_vmid(vmid);

	dsb_ish();
	__asm__ volatile("tlbi vmalls12e1is" : : : "memory");
	dsb_ish();
	return_vmid(saved);
}

void arch_tlb_flush_ipa(uint16_t vmid, ipa_t ipa)
{
	uint64_t saved = borrow_vmid(vmid);

	dsb_ish();
	__asm__ volatile("tlbi ipas2e1is, %0" : : "r"(ipa.ipa >> PAGE_SHIFT) : "memory");
	dsb_ish();
	/* Stage-1 entries cached with the old stage-2 result go too. */
	__asm__ volatile("tlbi vmalle1is" : : : "memory");
	dsb_ish();
	return_vmid(saved);
}
