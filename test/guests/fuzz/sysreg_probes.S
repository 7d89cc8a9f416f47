/* SPDX-License-Identifier: MIT */
/* One access each to system registers the core traps, hides or emulates, for the fuzzer. */

#include <libos/probe.inc>

	.text

/* GIC CPU interface (trapped or handled by the virtual CPU interface). */
	probe fz_sgi1r_write, msr S3_0_C12_C11_5, x0
	probe fz_asgi1r_write, msr S3_0_C12_C11_6, x0
	probe fz_pmr_read, mrs x0, S3_0_C4_C6_0
	probe fz_pmr_write, msr S3_0_C4_C6_0, x0
	probe fz_bpr1_write, msr S3_0_C12_C12_3, x0
	probe fz_ctlr_read, mrs x0, S3_0_C12_C12_4
	probe fz_ctlr_write, msr S3_0_C12_C12_4, x0
	probe fz_igrpen1_write, msr S3_0_C12_C12_7, x0
	probe fz_iar1_read, mrs x0, S3_0_C12_C12_0
	probe fz_eoir1_write, msr S3_0_C12_C12_1, x0
	probe fz_dir_write, msr S3_0_C12_C11_1, x0
	probe fz_rpr_read, mrs x0, S3_0_C12_C11_3
	probe fz_hppir1_read, mrs x0, S3_0_C12_C12_2
	probe fz_ap1r0_write, msr S3_0_C12_C9_0, x0
	probe fz_ap1r3_write, msr S3_0_C12_C9_3, x0
	probe fz_ap0r1_read, mrs x0, S3_0_C12_C8_5
/* Auxiliary control, activity monitors, RAS error records. */
	probe fz_actlr_read, mrs x0, S3_0_C1_C0_1
	probe fz_actlr_write, msr S3_0_C1_C0_1, x0
	probe fz_amcr_read, mrs x0, S3_3_C13_C2_0
	probe fz_amcntenset0_write, msr S3_3_C13_C2_5, x0
	probe fz_erridr_read, mrs x0, S3_0_C5_C3_0
	probe fz_errselr_write, msr S3_0_C5_C3_1, x0
	probe fz_erxstatus_write, msr S3_0_C5_C4_2, x0
/* Set/way cache maintenance (trapped: it has no meaning for a guest). */
	probe fz_dc_isw, dc isw, x0
	probe fz_dc_csw, dc csw, x0
	probe fz_dc_cisw, dc cisw, x0
/* The EL1 physical timer and the performance monitors. */
	probe fz_cntp_ctl_write, msr S3_3_C14_C2_1, x0
	probe fz_cntp_cval_write, msr S3_3_C14_C2_2, x0
	probe fz_pmcr_read, mrs x0, S3_3_C9_C12_0
	probe fz_pmccntr_read, mrs x0, S3_3_C9_C13_0

	.section .note.GNU-stack, "", %progbits
