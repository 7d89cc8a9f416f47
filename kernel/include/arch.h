/* SPDX-License-Identifier: MIT */
/*
 * What common core code needs from the architecture. kernel/arch/arm64
 * implements it for the machine, kernel/arch/host for the unit tests.
 */
#ifndef ARCH_H
#define ARCH_H

#include <types.h>

/** The core's pointer to a physical address (the identity map on arm64). */
void *arch_pa_to_va(paddr_t pa);

/** The physical address behind a pointer of the core. */
paddr_t arch_va_to_pa(const void *va);

/** Make [va, va + len) visible to a guest running with its caches off. */
void arch_dcache_clean(const void *va, size_t len);

/** Forget stale instructions after writing code into guest memory. */
void arch_icache_invalidate(void);

/** How many VMIDs the CPU tells apart: 256 (8-bit) or 65536 (16-bit, VTCR_EL2.VS set). */
uint32_t arch_vmid_count(void);

/** Drop every stage-2 TLB entry of a VMID, on all pCPUs. */
void arch_tlb_flush_vmid(uint16_t vmid);

/** Drop the stage-2 TLB entries of one IPA page of a VMID, on all pCPUs. */
void arch_tlb_flush_ipa(uint16_t vmid, ipa_t ipa);

/** Write one character to the physical console. */
void arch_console_putc(char c);

/** A byte of serial input, or -1 if none is waiting. */
int arch_console_getc(void);

/** Power the machine off; does not return. */
__attribute__((noreturn)) void arch_system_off(void);

/** Time since boot in nanoseconds, from the generic counter. */
uint64_t arch_now_ns(void);

/** Raise the calling pCPU's scheduling timer at deadline (ns since boot); 0 stops it. */
void arch_timer_set(uint64_t deadline_ns);

/** The wall clock at counter 0 (boot), as shared_info's wc_* fields hold it. */
void arch_wallclock(uint32_t *sec, uint32_t *nsec, uint32_t *sec_hi);

/** Index of the calling pCPU. */
unsigned int arch_cpu_index(void);

/** The calling pCPU: a spinlock's holder (its pointer is cheaper to store than its index). */
struct pcpu *this_pcpu(void);

/** Wait, yielding the CPU where it can, until *word reads 0 (a spinlock's waiters). */
void arch_wait_until_zero(const uint32_t *word);

#endif
