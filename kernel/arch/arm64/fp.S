/* SPDX-License-Identifier: MIT */
/*
 * FP/SIMD state of a vCPU (struct vcpu_fp): q0..q31 in order, 16 bytes each,
 * then FPSR and FPCR. A four-register st1/ld1 of .2d lanes moves four q
 * registers to 64 consecutive bytes, the same layout as stp of q pairs.
 */

/* op (st1 or ld1) on q0..q31 from x0 on, leaving x0 past them. */
.macro q_regs op
	\op	{v0.2d, v1.2d, v2.2d, v3.2d}, [x0], #64
	\op	{v4.2d, v5.2d, v6.2d, v7.2d}, [x0], #64
	\op	{v8.2d, v9.2d, v10.2d, v11.2d}, [x0], #64
	\op	{v12.2d, v13.2d, v14.2d, v15.2d}, [x0], #64
	\op	{v16.2d, v17.2d, v18.2d, v19.2d}, [x0], #64
	\op	{v20.2d, v21.2d, v22.2d, v23.2d}, [x0], #64
	\op	{v24.2d, v25.2d, v26.2d, v27.2d}, [x0], #64
	\op	{v28.2d, v29.2d, v30.2d, v31.2d}, [x0], #64
.endm

	.text
	.global fp_save
fp_save:			/* x0 = struct vcpu_fp * */
	q_regs	st1
	mrs	x1, fpsr
	str	w1, [x0]		/* x0 is now at byte 512 */
	mrs	x1, fpcr
	str	w1, [x0, #4]
	ret

	.global fp_restore
fp_restore:			/* x0 = struct vcpu_fp * */
	q_regs	ld1
	ldr	w1, [x0]
	msr	fpsr, x1
	ldr	w1, [x0, #4]
	msr	fpcr, x1
	ret
