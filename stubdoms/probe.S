/* SPDX-License-Identifier: MIT */
/* Probes: lone instructions tests expect to fault, labelled where they are and where to resume. */

/*
 * A test arms an expectation (exc_expect) with the *_resume label, calls the
 * probe, then checks the record: ELR should be the *_insn label (or, for an
 * instruction abort, the branch target).
 */

	.text

/* uint64_t probe_read64(uintptr_t va): one 64-bit load. */
	.global	probe_read64
	.global	probe_read64_insn
	.global	probe_read64_resume
	.type	probe_read64, %function
probe_read64:
probe_read64_insn:
	ldr	x0, [x0]
probe_read64_resume:
	ret
	.size	probe_read64, . - probe_read64

/* void probe_write64(uintptr_t va, uint64_t value): one 64-bit store. */
	.global	probe_write64
	.global	probe_write64_insn
	.global	probe_write64_resume
	.type	probe_write64, %function
probe_write64:
probe_write64_insn:
	str	x1, [x0]
probe_write64_resume:
	ret
	.size	probe_write64, . - probe_write64

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
