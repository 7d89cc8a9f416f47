/* SPDX-License-Identifier: MIT */
/* EL1 exception vectors: save the interrupted state, call exc_handle or irq_handle, return. */

/*
 * Frame on the interrupted stack (struct exc_frame in libos/exc.h):
 * x0..x30 at 8 * n, ELR_EL1 at 248, SPSR_EL1 at 256, padding to 272 so SP
 * stays 16-byte aligned.
 */
#define FRAME_SIZE 272
#define FRAME_X30 240
#define FRAME_SPSR 256

/*
 * FP/SIMD state below the frame, for IRQs only: FPSR at 0, FPCR at 8, then
 * q0..q31 at 16 + 16 * n. An IRQ interrupts code at any point, and its handlers are
 * ordinary C, free to use FP/SIMD registers; a synchronous exception is
 * either fatal or an expected fault whose path uses general registers only.
 */
#define FP_FRAME_SIZE 528

/*
 * Each of the 16 vectors has 0x80 bytes: room to open the frame, save x0 and
 * x1, and pass the vector's index to exc_handle as its second argument. IRQs
 * taken at EL1 go to irq_entry_common instead.
 */
.macro exc_vector kind, target=exc_entry_common
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	\target
.endm

/* Save x2..x30, ELR_EL1 and SPSR_EL1 into the frame opened by the vector. Clobbers x2, x3. */
.macro save_gprs
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x30, x2, [sp, #FRAME_X30]
	str	x3, [sp, #FRAME_SPSR]
.endm

/* Reload everything from the frame (ELR possibly rewritten), close it and return. */
.macro restore_gprs_eret
	ldr	x3, [sp, #FRAME_SPSR]
	ldp	x30, x2, [sp, #FRAME_X30]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x28, x29, [sp, #224]
	ldp	x26, x27, [sp, #208]
	ldp	x24, x25, [sp, #192]
	ldp	x22, x23, [sp, #176]
	ldp	x20, x21, [sp, #160]
	ldp	x18, x19, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret
.endm

	.section .text.exc_vectors, "ax"
	.balign	2048
	.global	exc_vectors
exc_vectors:
	/* current EL with SP_EL0: never used, the libOS runs on SP_EL1 */
	exc_vector 0
	exc_vector 1
	exc_vector 2
	exc_vector 3
	/* current EL with SP_EL1: synchronous, IRQ, FIQ, SError */
	exc_vector 4
	exc_vector 5, irq_entry_common
	exc_vector 6
	exc_vector 7
	/* lower EL, AArch64 and AArch32: the libOS has no EL0 */
	exc_vector 8
	exc_vector 9
	exc_vector 10
	exc_vector 11
	exc_vector 12
	exc_vector 13
	exc_vector 14
	exc_vector 15

/* x0, x1 are saved, x1 = vector index. */
	.balign	4
exc_entry_common:
	save_gprs
	mov	x0, sp
	bl	exc_handle			/* may rewrite the frame's ELR */
	restore_gprs_eret

/* An IRQ taken at EL1: x0, x1 are saved. The FP/SIMD state goes below the frame. */
	.balign	4
irq_entry_common:
	save_gprs
	sub	sp, sp, #FP_FRAME_SIZE
	stp	q0, q1, [sp, #16]
	stp	q2, q3, [sp, #48]
	stp	q4, q5, [sp, #80]
	stp	q6, q7, [sp, #112]
	stp	q8, q9, [sp, #144]
	stp	q10, q11, [sp, #176]
	stp	q12, q13, [sp, #208]
	stp	q14, q15, [sp, #240]
	stp	q16, q17, [sp, #272]
	stp	q18, q19, [sp, #304]
	stp	q20, q21, [sp, #336]
	stp	q22, q23, [sp, #368]
	stp	q24, q25, [sp, #400]
	stp	q26, q27, [sp, #432]
	stp	q28, q29, [sp, #464]
	stp	q30, q31, [sp, #496]
	mrs	x2, fpsr
	mrs	x3, fpcr
	stp	x2, x3, [sp, #0]

	bl	irq_handle

	ldp	x2, x3, [sp, #0]
	msr	fpsr, x2
	msr	fpcr, x3
	ldp	q0, q1, [sp, #16]
	ldp	q2, q3, [sp, #48]
	ldp	q4, q5, [sp, #80]
	ldp	q6, q7, [sp, #112]
	ldp	q8, q9, [sp, #144]
	ldp	q10, q11, [sp, #176]
	ldp	q12, q13, [sp, #208]
	ldp	q14, q15, [sp, #240]
	ldp	q16, q17, [sp, #272]
	ldp	q18, q19, [sp, #304]
	ldp	q20, q21, [sp, #336]
	ldp	q22, q23, [sp, #368]
	ldp	q24, q25, [sp, #400]
	ldp	q26, q27, [sp, #432]
	ldp	q28, q29, [sp, #464]
	ldp	q30, q31, [sp, #496]
	add	sp, sp, #FP_FRAME_SIZE
	restore_gprs_eret

	.section .note.GNU-stack, "", %progbits
