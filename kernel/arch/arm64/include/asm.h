/* SPDX-License-Identifier: MIT */
/* Assembler helpers. */
#ifndef ASM_H
#define ASM_H

/* Assembler macros, not C: left as written. */
/* clang-format off */
/* Address of a symbol, PC-relative: works before relocation and at any load address. */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm
/* clang-format on */

#include <cpu_layout.h>

/* EL2 stage-1 settings shared by the early and the final tables:
 * MAIR attr0 Device-nGnRE, attr1 Normal write-back, attr2 Normal non-cacheable;
 * TCR T0SZ 25 (39-bit VA), 4 KiB granule, inner-shareable write-back walks,
 * PS 40 bits, RES1 bits 31 and 23. */
#define MAIR_EL2_VALUE 0x44ff04
#define TCR_EL2_VALUE 0x80823519
#define SCTLR_EL2_RES1 0x30c50830
#define SCTLR_EL2_MMU_ON (SCTLR_EL2_RES1 | (1 << 0) | (1 << 2) | (1 << 3) | (1 << 12))

#endif
