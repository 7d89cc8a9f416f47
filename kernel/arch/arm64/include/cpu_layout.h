/* SPDX-License-Identifier: MIT */
/* Numbers the assembly and the C of the core must agree on: plain defines, for both. */
#ifndef CPU_LAYOUT_H
#define CPU_LAYOUT_H

#define STACK_SIZE 0x4000 /* each pCPU's EL2 stack, in boot_stacks */
#define PCPU_CURRENT 0    /* offsetof(struct pcpu, current) */
#define PCPU_STACK_TOP 8  /* offsetof(struct pcpu, stack_top) */

#endif
