/* SPDX-License-Identifier: MIT */
/* Probes: lone instructions tests expect to fault, labelled where they are and where to resume. */

/*
 * A test arms an expectation (exc_expect) with the *_resume label, calls the
 * probe, then checks the record: ELR should be the *_insn label (or, for an
 * instruction abort, the branch target).
 */

#include <libos/probe.inc>

	.text

/* uintN_t probe_readN(uintptr_t va): one N-bit load (zero-extended). */
	probe probe_read8, ldrb w0, [x0]
	probe probe_read16, ldrh w0, [x0]
	probe probe_read32, ldr w0, [x0]
	probe probe_read64, ldr x0, [x0]

/* void probe_writeN(uintptr_t va, uintN_t value): one N-bit store. */
	probe probe_write8, strb w1, [x0]
	probe probe_write16, strh w1, [x0]
	probe probe_write32, str w1, [x0]
	probe probe_write64, str x1, [x0]

/*
 * void probe_exec(uintptr_t va): branch and link to va. If the fetch faults,
 * the test resumes at probe_exec_resume, which restores the link register
 * from the stack, so the call returns normally either way.
 */
	.global	probe_exec
	.global	probe_exec_resume
	.type	probe_exec, %function
probe_exec:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	blr	x0
probe_exec_resume:
	ldp	x29, x30, [sp], #16
	ret
	.size	probe_exec, . - probe_exec

	.section .note.GNU-stack, "", %progbits
