/* SPDX-License-Identifier: MIT */
/* EL1 entry of a libOS image: the arm64 Image header, MMU start-up, per-vCPU stacks. */

#include <libos/config.h>
#include <libos/memmap.h>

/*
 * Everything here runs with the MMU off until start_cpu_setup returns, so
 * every data access is Device-nGnRnE: only aligned loads (literal pools),
 * no stores at all.
 */

/* MAIR_EL1: attribute 0 = Device-nGnRE, attribute 1 = Normal inner/outer write-back RW-allocate. */
#define MAIR_VALUE 0xff04
#define ATTR_DEVICE 0
#define ATTR_NORMAL 1

/*
 * TCR_EL1: T0SZ = 24 (40-bit VAs through TTBR0, so the walk starts at level
 * 0), walks inner/outer write-back cacheable and inner shareable, 4 KiB
 * granule, TTBR1 walks disabled (EPD1; T1SZ = 24 only to keep it in range),
 * IPS = 0b010 (40-bit output addresses, the width of every guest's IPA space).
 */
#define TCR_VALUE 0x200983518

/*
 * SCTLR_EL1: the RES1 bits of ARMv8.0 (29, 28, 23, 22, 20, 11), then M (MMU
 * on), C (data cache), SA (SP alignment check) and I (instruction cache).
 * A (alignment check) stays clear: C code may do unaligned Normal accesses.
 */
#define SCTLR_VALUE 0x30d0180d

/*
 * Stage-1 descriptors (4 KiB granule). A table entry (levels 0 to 2) points
 * at the next level's table: output address | 0b11. A block maps 1 GiB at
 * level 1 or 2 MiB at level 2: output address | 0b01 | AttrIndx << 2 | SH << 8
 * | AF (bit 10) | PXN (bit 53) | UXN (bit 54); a level-3 page (4 KiB) has the
 * same attributes with 0b11. AP stays 0b00: EL1 read/write, no EL0 access.
 */
#define PT_TABLE 0x3
#define PT_BLOCK 0x1
#define PT_PAGE 0x3
#define PT_SH_INNER (3 << 8)
#define PT_AF (1 << 10)
#define PT_PXN (1 << 53)
#define PT_UXN (1 << 54)
/* RAM: code runs there. */
#define PT_ATTR_RAM ((ATTR_NORMAL << 2) | PT_SH_INNER | PT_AF | PT_UXN)
/* Shared pages (grant window, magic pages): Normal memory, never executable. */
#define PT_ATTR_SHARED ((ATTR_NORMAL << 2) | PT_SH_INNER | PT_AF | PT_PXN | PT_UXN)
#define PT_ATTR_DEVICE ((ATTR_DEVICE << 2) | PT_AF | PT_PXN | PT_UXN)
#define PT_NORMAL (PT_BLOCK | PT_ATTR_RAM)
#define PT_DEVICE (PT_BLOCK | PT_ATTR_DEVICE)

/* PSCI CPU_OFF (abi/psci.h has it with a C suffix the assembler does not take). */
#define START_PSCI_CPU_OFF 0x84000002

/* sp = start_stacks + (vCPU id + 1) * stack size; vCPUs past the table are switched off. */
.macro start_set_stack
	mrs	x0, mpidr_el1
	and	x0, x0, #0xffffff		/* Aff2..Aff0 */
	cmp	x0, #LIBOS_MAX_CPUS
	b.hs	start_cpu_unsupported
	add	x0, x0, #1
	mov	x1, #LIBOS_STACK_SIZE
	adrp	x2, start_stacks
	add	x2, x2, :lo12:start_stacks
	madd	x0, x0, x1, x2
	mov	sp, x0
.endm

	.section .text.start_head, "ax"

/*
 * The 64-byte arm64 Image header (Linux Documentation/arm64/booting.rst).
 * The image is linked for GUEST_RAM_BASE and must be loaded there, which a
 * text_offset of 0 asks for when the kernel goes at the start of RAM.
 */
	.global	_start
	.type	_start, %function
_start:
	b	start_boot			/* code0 */
	.long	0				/* code1 */
	.quad	0				/* text_offset */
	.quad	_image_size			/* image_size: file and .bss */
	.quad	0xa				/* flags: little-endian, 4 KiB pages, any base */
	.quad	0				/* res2 */
	.quad	0				/* res3 */
	.quad	0				/* res4 */
	.long	0x644d5241			/* magic "ARM\x64" */
	.long	0				/* res5: no PE/COFF header */

/* Boot vCPU: EL1h, MMU off, interrupts masked, x0 = IPA of the device tree. */
start_boot:
	msr	daifset, #0xf
	msr	spsel, #1
	mov	x19, x0
	bl	start_cpu_setup

	/* .bss is 16-byte aligned and sized by the linker script; caches are on now. */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	start_set_stack
	mov	x29, #0
	mov	x30, #0
	mov	x0, x19
	bl	libos_start
	b	start_park
	.size	_start, . - _start

/*
 * Secondary vCPUs, entered through PSCI CPU_ON: EL1h, MMU off, x0 = the
 * context id the caller passed. The boot vCPU has cleared .bss long before.
 */
	.global	start_secondary
	.type	start_secondary, %function
start_secondary:
	msr	daifset, #0xf
	msr	spsel, #1
	mov	x19, x0
	bl	start_cpu_setup
	start_set_stack
	mov	x29, #0
	mov	x30, #0
	mov	x0, x19
	bl	smp_secondary_main
	b	start_park
	.size	start_secondary, . - start_secondary

/*
 * Per-vCPU set-up shared by both entries: exception vectors, FP/SIMD access,
 * then the MMU with the static identity map below. Clobbers x0 only.
 */
	.type	start_cpu_setup, %function
start_cpu_setup:
	adrp	x0, exc_vectors
	add	x0, x0, :lo12:exc_vectors
	msr	vbar_el1, x0
	mov	x0, #(3 << 20)			/* CPACR_EL1.FPEN: no FP/SIMD traps */
	msr	cpacr_el1, x0
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_VALUE
	msr	tcr_el1, x0
	adrp	x0, start_pt_l0
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =SCTLR_VALUE
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret
	.size	start_cpu_setup, . - start_cpu_setup

/* A vCPU the stack table has no room for switches itself off. */
start_cpu_unsupported:
	ldr	x0, =START_PSCI_CPU_OFF
	hvc	#0
	/* fall through if CPU_OFF failed */
start_park:
	wfi
	b	start_park

	.ltorg

/*
 * The identity map, built at link time so nothing is written before the MMU
 * is on. 40-bit VAs: level 0 has two entries of 512 GiB each.
 *   0 - 1 GiB       Device-nGnRE, never executable (GIC, passed-through
 *                   devices), except:
 *     0x38000000 - 0x39000000  the grant window: Normal write-back, never executable
 *     0x39000000 - 0x39002000  the magic pages (console and xenstore rings): the same
 *   1 - 4 GiB       Normal write-back (all of a domain's possible RAM)
 *   1023 - 1024 GiB Device-nGnRE, never executable: the top of the IPA space,
 *                   so tests can reach the last stage-2 page
 * Everything else faults at stage 1. The shared pages are Normal memory so
 * that C copies them with ordinary loads and stores and uses atomics on the
 * ring indexes, as the peer mapping the same frames does.
 */
	.section .rodata.start_tables, "a"
	.balign	4096
start_pt_l0:
	.quad	start_pt_l1_low + PT_TABLE
	.quad	start_pt_l1_high + PT_TABLE
	.fill	510, 8, 0

	.balign	4096
start_pt_l1_low:
	.quad	start_pt_l2_low + PT_TABLE
	.quad	0x40000000 | PT_NORMAL
	.quad	0x80000000 | PT_NORMAL
	.quad	0xc0000000 | PT_NORMAL
	.fill	508, 8, 0

	.balign	4096
start_pt_l1_high:
	.fill	511, 8, 0
	.quad	0xffc0000000 | PT_DEVICE

/*
 * 0 - 1 GiB in 2 MiB blocks: Device, but for the grant window and the magic
 * pages' level-3 table (libos/memmap.h has the block numbers).
 */
	.balign	4096
start_pt_l2_low:
	.set	start_pa, 0
	.rept	512
	/* gas gives + and the comparisons one precedence: every operand in brackets. */
	.if	(start_pa >> 21) == MEMMAP_L2_MAGIC
	.quad	start_pt_l3_magic + PT_TABLE
	.elseif	((start_pa >> 21) >= MEMMAP_L2_GRANT_FIRST) && ((start_pa >> 21) < (MEMMAP_L2_GRANT_FIRST + MEMMAP_L2_GRANT_COUNT))
	.quad	start_pa | PT_BLOCK | PT_ATTR_SHARED
	.else
	.quad	start_pa | PT_BLOCK | PT_ATTR_DEVICE
	.endif
	.set	start_pa, start_pa + 0x200000
	.endr

/* The 2 MiB at GUEST_MAGIC_BASE in 4 KiB pages: the magic pages Normal, the rest Device. */
	.balign	4096
start_pt_l3_magic:
	.set	start_pa, MEMMAP_L2_MAGIC << 21
	.rept	512
	.if	((start_pa - (MEMMAP_L2_MAGIC << 21)) >> 12) < MEMMAP_MAGIC_PAGES
	.quad	start_pa | PT_PAGE | PT_ATTR_SHARED
	.else
	.quad	start_pa | PT_PAGE | PT_ATTR_DEVICE
	.endif
	.set	start_pa, start_pa + 0x1000
	.endr

/* The vCPU stacks; the boot vCPU clears them with the rest of .bss. */
	.section .bss.start_stacks, "aw", %nobits
	.balign	16
start_stacks:
	.space	LIBOS_MAX_CPUS * LIBOS_STACK_SIZE

	.section .note.GNU-stack, "", %progbits
