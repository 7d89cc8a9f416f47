/* SPDX-License-Identifier: MIT */
/* The host implementation of arch.h, and what unit tests can ask of it. */
#ifndef HOST_ARCH_H
#define HOST_ARCH_H

#include <arch.h>

/* The fake physical memory unit tests hand to the core: [HOST_RAM_BASE, + size). */
#define HOST_RAM_BASE 0x40000000ull

/** Back fake physical memory of size bytes with host memory (zeroed). */
void host_ram_init(uint64_t size);

/** Release it. */
void host_ram_free(void);

/** Stage-2 TLB flushes seen since the last reset. */
struct host_tlb_log {
	unsigned int vmid_flushes;
	unsigned int ipa_flushes;
	uint16_t last_vmid;
	uint64_t last_ipa;
};
extern struct host_tlb_log host_tlb;
/** VMID width arch_vmid_count answers for: 8 (as cortex-a57) unless a test sets 16. */
extern unsigned int host_vmid_bits;

/** The fake clock (ns) and the last scheduling timer armed on each pCPU. */
extern uint64_t host_now;
extern uint64_t host_timer[8];
/** Kicks sent to each pCPU. */
extern unsigned int host_kicks[8];
/** The pCPU the code under test runs on. */
extern unsigned int host_cpu;
/** What arch_vcpu_irq_pending answers. */
extern bool host_irq_pending;

/** Whether a data cache clean covered the whole page at pa since the last reset. */
bool host_page_cleaned(paddr_t pa);

/** Everything the core printed since the last reset. */
extern char host_console[65536];
void host_reset_logs(void);

#endif
