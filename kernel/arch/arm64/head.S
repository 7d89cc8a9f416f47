/* SPDX-License-Identifier: MIT */
/*
 * Entry of the core. The image starts with the arm64 Linux Image header so
 * QEMU's -kernel and U-Boot's booti start it at EL2 with x0 = the DTB. It is
 * linked at 0 as a static PIE and relocates itself to wherever it was put,
 * then runs on an identity map: virtual address == physical address.
 */
#include <asm.h>

#define R_AARCH64_RELATIVE 1027
#define EARLY_BLOCK_DEVICE 0x0040000000000441 /* 1 GiB block, attr0, AF, XN */
#define EARLY_BLOCK_NORMAL 0x0000000000000745 /* 1 GiB block, attr1, inner shareable, AF */

	.section .text.head, "ax"
	.global _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	/* image_size (bss included) is written here by the linker script */
	.section .text.head.rest, "ax"
	.quad	0xa			/* little endian, 4 KiB pages, anywhere in RAM */
	.quad	0, 0, 0
	.ascii	"ARM\x64"		/* magic */
	.long	0

primary_entry:
	msr	daifset, #0xf
	adr_l	x1, pcpus		/* pCPU 0's struct pcpu from the first lock on: */
	msr	tpidr_el2, x1		/* it names a spinlock's holder */
	mov	x19, x0			/* the DTB */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	park			/* not at EL2: nothing this core can do */

	/* Apply R_AARCH64_RELATIVE relocations: *(base + off) = base + addend. */
	adr	x20, _start
	adr_l	x1, __rela_start
	adr_l	x2, __rela_end
1:	cmp	x1, x2
	b.hs	2f
	ldp	x3, x4, [x1], #16
	ldr	x5, [x1], #8
	cmp	x4, #R_AARCH64_RELATIVE
	b.ne	park
	add	x5, x5, x20
	str	x5, [x20, x3]
	b	1b

2:	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
3:	cmp	x1, x2
	b.hs	4f
	str	xzr, [x1], #8
	b	3b

4:	/* The early map: 1 GiB blocks over the first 512 GiB, the first one Device. */
	adr_l	x1, early_l1
	mov	x2, #0
	ldr	x3, =EARLY_BLOCK_DEVICE
	str	x3, [x1]
	ldr	x3, =EARLY_BLOCK_NORMAL
5:	add	x2, x2, #1
	cmp	x2, #512
	b.hs	6f
	orr	x4, x3, x2, lsl #30
	str	x4, [x1, x2, lsl #3]
	b	5b
6:	mov	x0, x1
	bl	mmu_enable

	mov	x0, #0
	bl	cpu_set_stack
	mov	x0, x19
	bl	boot_main
	b	park

/*
 * Secondary pCPUs start here through the firmware's PSCI CPU_ON, MMU off,
 * x0 = their pCPU index. The final tables exist by then.
 */
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	msr	tpidr_el2, xzr		/* until cpu_init_el2, before any lock */
	mov	x19, x0
	adr_l	x1, el2_ttbr0
	ldr	x0, [x1]
	bl	mmu_enable
	mov	x0, x19
	bl	cpu_set_stack
	mov	x0, x19
	bl	secondary_main
	b	park

/* x0 = root table. Program the translation regime and turn the MMU on. */
mmu_enable:
	ldr	x1, =MAIR_EL2_VALUE
	msr	mair_el2, x1
	ldr	x1, =TCR_EL2_VALUE
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	sy
	isb
	adr_l	x1, el2_vectors
	msr	vbar_el2, x1
	ldr	x1, =SCTLR_EL2_MMU_ON
	msr	sctlr_el2, x1
	isb
	ret

/* x0 = pCPU index: switch to its stack. */
cpu_set_stack:
	adr_l	x1, boot_stacks
	add	x0, x0, #1
	mov	x2, #STACK_SIZE
	madd	x1, x0, x2, x1
	mov	sp, x1
	ret

	.global park
park:
	wfe
	b	park

	.section .bss.early, "aw", %nobits
	.balign 4096
early_l1:
	.space	4096
	.global boot_stacks
	.balign 16
boot_stacks:
	.space	STACK_SIZE * 8
