/* SPDX-License-Identifier: MIT */
/* One access each to registers a guest must not reach: activity monitors and RAS error records. */

#include <libos/probe.inc>

	.text

/* Activity monitors (FEAT_AMUv1), Op0 3, Op1 3, CRn 13. */
	probe probe_amcr_read, mrs x0, S3_3_C13_C2_0
	probe probe_amcfgr_read, mrs x0, S3_3_C13_C2_1
	probe probe_amcntenset0_read, mrs x0, S3_3_C13_C2_5
	probe probe_amcntenclr0_write, msr S3_3_C13_C2_4, x0
	probe probe_amevcntr00_read, mrs x0, S3_3_C13_C4_0

/* RAS error records (FEAT_RAS), Op0 3, Op1 0, CRn 5, CRm 3..5. */
	probe probe_erridr_read, mrs x0, S3_0_C5_C3_0
	probe probe_errselr_write, msr S3_0_C5_C3_1, x0
	probe probe_erxctlr_write, msr S3_0_C5_C4_1, x0
	probe probe_erxstatus_read, mrs x0, S3_0_C5_C4_2
	probe probe_erxaddr_read, mrs x0, S3_0_C5_C4_3
	probe probe_erxmisc0_read, mrs x0, S3_0_C5_C5_0

	.section .note.GNU-stack, "", %progbits
